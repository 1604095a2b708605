import { beforeEach, describe, expect, it } from 'vitest';
import type { ImageAnnotations, ImageId, ImageItem, RegionId } from '../../domain';
import { emptyAnnotations, newId } from '../../domain';
import { createOutlineJob } from '../../domain/batch/outline-job';
import { failures } from '../../domain/batch/job-state';
import type { OutlineJob } from '../../domain/batch/types';
import { humanRegion, modelRegion } from '../../editor/test/fixtures';
import type { Mask, Prompt, Segmenter } from '../../segment';
import { openStore, type Store } from '../../store';
import { freshIndexedDb, makeImage } from '../../store/test/fixtures';
import { segmentError } from '../../../workers/segment.protocol';
import { jobStorage } from '../batch/batch-storage';
import { imageSegmenter } from './image-segmenter';
import { OutlineRunner, type OutlineProgress, type OutlineStorage } from './outline-runner';

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

const box = (id: string, x: number) =>
  humanRegion(id, { kind: 'box', box: { x, y: 2, w: 16, h: 12 } });

beforeEach(() => freshIndexedDb());

/** A project of `n` images, each with the regions given for it, and an outline job over them. */
async function project(regions: (i: number) => ImageAnnotations['regions'], n: number) {
  const store = await openStore();
  const created = await store.projects.create('Fruit');
  const images = Array.from({ length: n }, (_, i) => makeImage(created.id, `img-${i}.png`));
  await store.images.addMany(created.id, images);
  for (const [i, { item }] of images.entries())
    await store.annotations.put({
      ...emptyAnnotations(item.id, created.id),
      regions: regions(i),
    });
  const { job, chunks } = createOutlineJob({
    id: newId<'job'>(),
    projectId: created.id,
    imageIds: images.map((i) => i.item.id),
    selection: { kind: 'all' },
    tolerance: 0.5,
    author: 'ann',
    now: 1000,
    chunkSize: 2,
  });
  await store.outlineJobs.create(job, chunks);
  return { store, images: images.map((i) => i.item), job };
}

function runner(
  store: Store,
  decode: (imageId: ImageId, prompt: Prompt) => Promise<Mask>,
  storage: Partial<OutlineStorage> = {},
  onProgress: (p: OutlineProgress) => void = () => undefined,
) {
  return new OutlineRunner({
    storage: { ...jobStorage(store.outlineJobs, store), ...storage },
    segmenterFor: (id): Segmenter => ({ decode: (prompt) => decode(id, prompt) }),
    author: 'ann',
    onProgress,
    reportEveryMs: 0,
  });
}

const kinds = async (store: Store, image: ImageItem) =>
  (await store.annotations.get(image.id, image.projectId)).regions.map((r) => r.shape.kind);

describe('OutlineRunner', () => {
  it('outlines every image’s boxes, records each image with its boxes, and ends done', async () => {
    const { store, images, job } = await project(
      (i) =>
        i === 1
          ? []
          : [
              modelRegion('r1', { kind: 'box', box: { x: 2, y: 2, w: 16, h: 12 } }),
              humanRegion('p', { kind: 'point', point: { x: 30, y: 20 } }),
            ],
      3,
    );
    const encoded: string[] = [];
    const backend = {
      encode: async (imageId: string) => void encoded.push(imageId),
      decode: async (_imageId: string, prompt: Prompt) => ellipseIn(prompt),
    };
    const reports: OutlineProgress[] = [];
    // A clock that moves 100 ms at each look, so every image takes time and the pace is known.
    let clock = 0;
    const end = await new OutlineRunner({
      storage: jobStorage(store.outlineJobs, store),
      segmenterFor: (id, blob) => imageSegmenter(backend, id, blob),
      author: 'ann',
      onProgress: (p) => reports.push(p),
      reportEveryMs: 0,
      now: () => (clock += 100),
    }).run(job);
    // The image without boxes is done without the model.
    expect(encoded).toEqual([images[0]!.id, images[2]!.id]);
    expect(end).toMatchObject({ status: 'done', outlined: 2, counts: { done: 3, failed: 0 } });
    expect(await store.outlineJobs.get(job.id)).toEqual(end);
    expect(reports.at(-1)).toMatchObject({ running: false, remaining: 0 });
    // While running, the page is told the time left at the pace so far.
    const oneLeft = reports.find((p) => p.running && p.remaining === 1);
    expect(oneLeft!.rates.etaMs).toBeGreaterThan(0);
    const saved = await store.annotations.get(images[0]!.id, images[0]!.projectId);
    expect(saved.regions.map((r) => r.shape.kind)).toEqual(['polygon', 'point']);
    expect(saved.regions[0]).toMatchObject({ id: 'r1' as RegionId, state: 'suggested' });
  });

  it('resumes after the tab closed mid-run: each image outlined once, no polygon twice', async () => {
    const { store, images, job } = await project((i) => [box(`a${i}`, 2), box(`b${i}`, 20)], 5);
    const first: ImageId[] = [];
    void runner(store, (id, prompt) => {
      if (!first.includes(id)) first.push(id);
      // The third image never finishes: the tab is closed while the model works on it.
      if (first.length === 3) return new Promise<Mask>(() => undefined);
      return Promise.resolve(ellipseIn(prompt));
    }).run(job);
    await expect.poll(() => first.length).toBe(3);
    const stored = (await store.outlineJobs.get(job.id))!;
    expect(stored).toMatchObject({ status: 'running', outlined: 4, counts: { done: 2 } });

    const second: ImageId[] = [];
    const end = await runner(store, (id, prompt) => {
      if (!second.includes(id)) second.push(id);
      return Promise.resolve(ellipseIn(prompt));
    }).run(stored);
    expect(second).toEqual(images.slice(2).map((i) => i.id));
    expect(end).toMatchObject({ status: 'done', outlined: 10, counts: { done: 5, failed: 0 } });
    for (const image of images) {
      expect(await kinds(store, image)).toEqual(['polygon', 'polygon']);
      // One write per image: the boxes' write, and the job's outcome with it.
      expect((await store.annotations.get(image.id, image.projectId)).revision).toBe(2);
    }
  });

  it('leaves an image changed meanwhile as it is, and a failed image does not stop the run', async () => {
    const { store, images, job } = await project((i) => [box(`r${i}`, 2)], 3);
    const end = await runner(
      store,
      async (id, prompt) => {
        if (id === images[1]!.id) throw segmentError('bad-image', 'not a PNG');
        return ellipseIn(prompt);
      },
      {
        saveOutcome: async (write) => {
          // A person saves image 2 between the job's read and its write.
          if (write.annotations?.imageId === images[2]!.id)
            await store.annotations.put({
              ...emptyAnnotations(images[2]!.id, images[2]!.projectId),
              regions: [box('mine', 5)],
            });
          return store.outlineJobs.saveOutcome(write);
        },
      },
    ).run(job);
    expect(end).toMatchObject({ status: 'done', outlined: 1, counts: { done: 1, failed: 2 } });
    const failed = failures(await store.outlineJobs.chunks(end));
    expect(failed.map((f) => [f.imageId, f.error.kind])).toEqual([
      [images[1]!.id, 'decode'],
      [images[2]!.id, 'stale'],
    ]);
    expect(await kinds(store, images[0]!)).toEqual(['polygon']);
    expect(await kinds(store, images[1]!)).toEqual(['box']);
    const mine = await store.annotations.get(images[2]!.id, images[2]!.projectId);
    expect(mine.regions.map((r) => r.id)).toEqual(['mine']);
  });

  it('pauses by itself, with the reason, when the model is gone; resuming goes on', async () => {
    const { store, images, job } = await project((i) => [box(`r${i}`, 2)], 3);
    let loaded = true;
    const decode = async (id: ImageId, prompt: Prompt) => {
      if (id === images[1]!.id && loaded) {
        loaded = false;
        throw segmentError('not-loaded', 'load the model first');
      }
      return ellipseIn(prompt);
    };
    const reports: OutlineProgress[] = [];
    const paused = await runner(store, decode, {}, (p) => reports.push(p)).run(job);
    expect(paused).toMatchObject({ status: 'paused', counts: { done: 1, failed: 0 } });
    expect(reports.at(-1)!.stoppedBy).toBe('load the model first');
    const end = await runner(store, decode).run(paused);
    expect(end).toMatchObject({ status: 'done', outlined: 3, counts: { done: 3, failed: 0 } });
  });

  it('pauses after the image in flight, and a cancel leaves that image as it was', async () => {
    const { store, images, job } = await project((i) => [box(`a${i}`, 2), box(`b${i}`, 20)], 3);
    let pauseNow: () => void = () => undefined;
    const paused = runner(store, async (id, prompt) => {
      if (id === images[0]!.id) pauseNow();
      return ellipseIn(prompt);
    });
    pauseNow = () => paused.pause();
    const afterPause = await paused.run(job);
    expect(afterPause).toMatchObject({ status: 'paused', counts: { done: 1 }, outlined: 2 });

    let cancelNow: () => void = () => undefined;
    const cancelled = runner(store, async (_id, prompt) => {
      cancelNow();
      return ellipseIn(prompt);
    });
    cancelNow = () => cancelled.cancel();
    const end: OutlineJob = await cancelled.run(afterPause);
    expect(end).toMatchObject({ status: 'cancelled', counts: { done: 1 }, outlined: 2 });
    expect(await kinds(store, images[1]!)).toEqual(['box', 'box']);
  });
});
