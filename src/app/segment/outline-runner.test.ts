import { beforeEach, describe, expect, it } from 'vitest';
import type { ImageAnnotations, ImageId, RegionId } from '../../domain';
import { emptyAnnotations } from '../../domain';
import { humanRegion, modelRegion } from '../../editor/test/fixtures';
import type { Mask, Prompt, Segmenter } from '../../segment';
import { StaleWriteError } from '../../store/errors';
import { openStore } from '../../store';
import { freshIndexedDb, makeImage } from '../../store/test/fixtures';
import { imageSegmenter } from './image-segmenter';
import type { OutlineProgress } from './outline-project';
import { outlineProject } from './outline-project';

/** A model that finds, in any box, the ellipse that fills its middle: on a 40×30 image grid. */
function ellipseIn(prompt: Prompt): Mask {
  const b = prompt.box!;
  const data = new Uint8Array(40 * 30);
  for (let r = 0; r < 30; r++)
    for (let c = 0; c < 40; c++) {
      const dx = (c + 0.5 - (b.x + b.width / 2)) / (b.width / 2);
      const dy = (r + 0.5 - (b.y + b.height / 2)) / (b.height / 2);
      data[r * 40 + c] = dx * dx + dy * dy < 0.8 ? 1 : 0;
    }
  return { width: 40, height: 30, data, imageWidth: 40, imageHeight: 30 };
}

beforeEach(() => freshIndexedDb());

describe('outlineProject', () => {
  it('outlines every image’s boxes in the store, skipping images without boxes and stale ones', async () => {
    const store = await openStore();
    const project = await store.projects.create('Fruit');
    const images = [
      makeImage(project.id, 'a.png'),
      makeImage(project.id, 'b.png'),
      makeImage(project.id, 'c.png'),
    ];
    await store.images.addMany(project.id, images);
    const [a, b, c] = images.map((i) => i.item);
    const withBoxes = (id: ImageId, regions: ImageAnnotations['regions']) => ({
      ...emptyAnnotations(id, project.id),
      regions,
    });
    await store.annotations.put(
      withBoxes(a!.id, [
        modelRegion('r1', { kind: 'box', box: { x: 2, y: 2, w: 16, h: 12 } }, { label: 'apple' }),
        humanRegion('r2', { kind: 'point', point: { x: 30, y: 20 } }),
      ]),
    );
    await store.annotations.put(withBoxes(b!.id, []));
    await store.annotations.put(
      withBoxes(c!.id, [humanRegion('r3', { kind: 'box', box: { x: 20, y: 10, w: 16, h: 16 } })]),
    );
    const encoded: string[] = [];
    const backend = {
      encode: async (imageId: string) => void encoded.push(imageId),
      decode: async (_imageId: string, prompt: Prompt) => ellipseIn(prompt),
    };
    const reports: OutlineProgress[] = [];
    const result = await outlineProject([a!, b!, c!], {
      annotations: {
        get: (id, projectId) => store.annotations.get(id, projectId),
        save: async (next, basedOn) => {
          // Someone edits image c between the read and the write: the run must not overwrite it.
          if (next.imageId === c!.id) await store.annotations.put(withBoxes(c!.id, []));
          return store.annotations.save(next, basedOn);
        },
      },
      original: (id) => store.images.original(id),
      segmenterFor: (id, blob): Segmenter => imageSegmenter(backend, id, blob),
      author: 'ann',
      tolerance: 0.5,
      onProgress: (p) => reports.push(p),
    });
    expect(encoded).toEqual([a!.id, c!.id]);
    expect(reports.map((p) => p.done)).toEqual([0, 1, 2, 3]);
    // Image c's outline was refused, so only a's box counts.
    expect(result.outlined).toBe(1);
    expect(result.failed.map((f) => f.image.id)).toEqual([c!.id]);
    expect(result.failed[0]!.error).toBeInstanceOf(StaleWriteError);
    const savedA = await store.annotations.get(a!.id, project.id);
    expect(savedA.regions.map((r) => r.shape.kind)).toEqual(['polygon', 'point']);
    expect(savedA.regions[0]).toMatchObject({
      id: 'r1' as RegionId,
      label: 'apple',
      state: 'suggested',
    });
    const savedC = await store.annotations.get(c!.id, project.id);
    expect(savedC.regions).toEqual([]);
  });

  it('stops between images when cancelled', async () => {
    const store = await openStore();
    const project = await store.projects.create('Fruit');
    const images = [makeImage(project.id, 'a.png'), makeImage(project.id, 'b.png')];
    await store.images.addMany(project.id, images);
    for (const { item } of images)
      await store.annotations.put({
        ...emptyAnnotations(item.id, project.id),
        regions: [humanRegion('r', { kind: 'box', box: { x: 2, y: 2, w: 16, h: 12 } })],
      });
    const stop = new AbortController();
    const result = await outlineProject(
      images.map((i) => i.item),
      {
        annotations: {
          get: (id, projectId) => store.annotations.get(id, projectId),
          save: (next, basedOn) => store.annotations.save(next, basedOn),
        },
        original: (id) => store.images.original(id),
        segmenterFor: () => ({
          decode: async (prompt) => {
            stop.abort();
            return ellipseIn(prompt);
          },
        }),
        author: 'ann',
        tolerance: 0.5,
        onProgress: () => {},
        signal: stop.signal,
      },
    );
    expect(result.done).toBe(1);
    expect(result.outlined).toBe(0);
  });
});
