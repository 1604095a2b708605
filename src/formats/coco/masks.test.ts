import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageAnnotations, Region, RegionId, RegionShape } from '../../domain';
import { checkRegion } from '../../domain';
import { testRegion } from '../../domain/test-regions';
import type { CocoRle } from '../../segment';
import { maskToParts, maskToRle, partRings, rasterizeRings, rleToMask } from '../../segment';
import { projectArb } from '../test/arbitraries';
import { parseCoco } from './parse';
import { buildCoco, jsonChunks } from './serialize';
import { checkCocoValidity } from './validate';

const all = { filter: {}, include: 'accepted+suggested' as const, withImages: false };
const generated = fc.sample(projectArb, { numRuns: 1, seed: 11 })[0]!;

function region(id: string, shape: RegionShape): Region {
  return testRegion({
    id: id as RegionId,
    shape,
    label: 'donut',
    provenance: { source: 'human', author: 'ann', createdAt: 1 },
    updatedBy: 'ann',
  });
}

/** A 60×40 image with one square ring (a hole) and one plain triangle. */
const ring: RegionShape = {
  kind: 'polygon',
  points: [10, 5, 40, 5, 40, 35, 10, 35],
  holes: [[20, 15, 20, 25, 30, 25, 30, 15]],
};
const triangle: RegionShape = { kind: 'polygon', points: [45, 5, 58, 5, 45, 30] };

async function exportRegions(shapes: RegionShape[], cocoRle = false) {
  const item = generated.items[0]!;
  const image = { ...item.image, relativePath: 'a.png', width: 60, height: 40 };
  const annotations: ImageAnnotations = {
    imageId: image.id,
    projectId: image.projectId,
    caption: null,
    tags: [],
    ocr: [],
    fields: null,
    answers: [],
    updatedAt: 1,
    regions: shapes.map((s, i) => region(`${i + 1}1111111-1111-4111-8111-111111111111`, s)),
  };
  const { instances } = await buildCoco(
    {
      project: { ...generated.project, schema: { ...generated.project.schema, classes: [] } },
      items: [{ image, annotations }],
      total: 1,
    },
    { ...all, cocoRle },
  );
  let text = '';
  for await (const chunk of jsonChunks(instances)) text += chunk;
  return { instances, text };
}

const pixels = (shape: RegionShape) =>
  shape.kind === 'polygon'
    ? [...rasterizeRings([shape.points, ...(shape.holes ?? [])], { width: 60, height: 40 }).data]
    : [];

describe('COCO masks', () => {
  it('writes a polygon with holes as RLE and reads it back as the same pixels', async () => {
    const { instances, text } = await exportRegions([ring, triangle]);
    expect(checkCocoValidity(instances)).toEqual([]);
    const [withHole, plain] = instances.annotations;
    const rle = withHole!.segmentation as CocoRle;
    expect(rle.size).toEqual([40, 60]);
    expect(withHole!.area).toBe(30 * 30 - 10 * 10);
    expect(withHole!.bbox).toEqual([10, 5, 30, 30]);
    expect(Array.isArray(plain!.segmentation)).toBe(true);
    const { records } = parseCoco(text);
    const back = records[0]!.regions;
    expect(back.map((r) => r.shape.kind)).toEqual(['polygon', 'polygon']);
    expect(back[0]!.shape).toMatchObject({ holes: [expect.any(Array)] });
    expect(pixels(back[0]!.shape)).toEqual(pixels(ring));
  });

  it('writes every polygon as RLE when asked', async () => {
    const { instances, text } = await exportRegions([triangle], true);
    expect(checkCocoValidity(instances)).toEqual([]);
    expect(Array.isArray(instances.annotations[0]!.segmentation)).toBe(false);
    const { records } = parseCoco(text);
    expect(pixels(records[0]!.regions[0]!.shape)).toEqual(pixels(triangle));
  });

  it('reads an RLE of several parts as one region each, and compressed counts', () => {
    const data = new Uint8Array(8 * 6);
    for (const [c, r] of [
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 2],
      [6, 4],
    ])
      data[r! * 8 + c!] = 1;
    const rle = maskToRle({ width: 8, height: 6, data });
    const doc = (segmentation: unknown) =>
      JSON.stringify({
        images: [{ id: 1, file_name: 'a.png', width: 8, height: 6 }],
        categories: [{ id: 1, name: 'seed' }],
        annotations: [
          { id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 6, 4], iscrowd: 0, segmentation },
        ],
      });
    const parts = parseCoco(doc(rle)).records[0]!.regions.map((r) => r.shape);
    expect(parts).toEqual([
      { kind: 'polygon', points: [1, 1, 3, 1, 3, 3, 1, 3] },
      { kind: 'polygon', points: [6, 4, 7, 4, 7, 5, 6, 5] },
    ]);
    expect(
      parseCoco(doc({ size: rle.size, counts: compress(rle.counts) })).records[0]!.regions.map(
        (r) => r.shape,
      ),
    ).toEqual(parts);
  });

  it('names the field of a broken RLE', () => {
    const doc = JSON.stringify({
      images: [{ id: 1, file_name: 'a.png', width: 8, height: 6 }],
      categories: [{ id: 1, name: 'seed' }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          bbox: [1, 1, 6, 4],
          iscrowd: 0,
          segmentation: { size: [6, 8], counts: [3, 4] },
        },
      ],
    });
    expect(() => parseCoco(doc)).toThrow(/segmentation/);
  });

  it('round-trips random masks exactly through RLE and traced polygons', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 80, maxLength: 80 }), (bits) => {
        const mask = {
          width: 10,
          height: 8,
          data: Uint8Array.from(bits, Number),
          imageWidth: 10,
          imageHeight: 8,
        };
        const back = rleToMask(maskToRle(mask));
        expect([...back.data]).toEqual([...mask.data]);
        const parts = maskToParts(back, { tolerance: 0 });
        expect([...rasterizeRings(partRings(parts), { width: 10, height: 8 }).data]).toEqual([
          ...mask.data,
        ]);
      }),
    );
  });

  it('holes are checked like outlines in stored records', () => {
    const base = region('31111111-1111-4111-8111-111111111111', ring);
    expect(checkRegion(base)).toEqual([]);
    const broken = { ...base, shape: { ...ring, holes: [[1, 2, 3]] } } as Region;
    expect(checkRegion(broken).map((p) => p.field)).toContain('region.shape.holes[0]');
  });
});

/** pycocotools' rleToString, to test the reader against its own format. */
function compress(counts: number[]): string {
  let out = '';
  counts.forEach((count, i) => {
    let x = i > 2 ? count - counts[i - 2]! : count;
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  });
  return out;
}
