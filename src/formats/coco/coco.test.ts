import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageAnnotations, Region, RegionId } from '../../domain';
import { projectArb } from '../test/arbitraries';
import type { FormatWarning } from '../errors';
import { parseCoco } from './parse';
import { buildCoco } from './serialize';
import type { CocoInstances } from './types';
import { checkCocoValidity } from './validate';

const all = { filter: {}, include: 'accepted+suggested' as const, withImages: false };

describe('COCO validity', () => {
  it('every export keeps the invariants COCO users rely on, even with regions spilling outside', async () => {
    await fc.assert(
      fc.asyncProperty(
        projectArb,
        fc.double({ min: -50, max: 50, noNaN: true }),
        async ({ project, items }, shift) => {
          // Records from older versions or other tools may spill over the edge: the export clamps.
          const spilled = items.map((item) => ({
            ...item,
            annotations: item.annotations && {
              ...item.annotations,
              regions: item.annotations.regions.map((r): Region =>
                r.shape.kind === 'box'
                  ? {
                      ...r,
                      shape: { kind: 'box', box: { ...r.shape.box, x: r.shape.box.x + shift } },
                    }
                  : r,
              ),
            },
          }));
          const { instances } = await buildCoco(
            { project, items: spilled, total: items.length },
            all,
          );
          expect(checkCocoValidity(instances)).toEqual([]);
          const ids = instances.categories.map((c) => c.id);
          expect(ids).toEqual(ids.map((_, i) => i + 1));
          // Schema classes keep their ids: 1 + their index in the schema.
          project.schema.classes.forEach((c, i) =>
            expect(instances.categories[i]?.name).toBe(c.name),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the checker finds each broken invariant', () => {
    const good: CocoInstances = {
      info: { description: '', version: '1', date_created: '' },
      licenses: [],
      images: [{ id: 1, file_name: 'a.jpg', width: 10, height: 10 }],
      categories: [{ id: 1, name: 'cat' }],
      annotations: [
        {
          id: 1,
          image_id: 1,
          category_id: 1,
          bbox: [1, 1, 2, 2],
          area: 4,
          segmentation: [[1, 1, 3, 1, 3, 3, 1, 3]],
          iscrowd: 0,
          attributes: {},
          annota: {
            id: 'x',
            shape: 'box',
            label: 'cat',
            confidence: null,
            source: 'human',
            state: 'accepted',
          },
        },
      ],
    };
    expect(checkCocoValidity(good)).toEqual([]);
    const a = good.annotations[0]!;
    const broken = (patch: Partial<typeof a>, doc: Partial<CocoInstances> = {}) =>
      checkCocoValidity({
        ...good,
        ...doc,
        annotations: [{ ...a, ...patch }, ...(doc.annotations ?? [])],
      }).map((p) => p.path);
    expect(broken({ id: 0 })).toContain('annotations[0].id');
    expect(broken({}, { annotations: [a] })).toContain('annotations[1].id');
    expect(broken({ image_id: 7 })).toContain('annotations[0].image_id');
    expect(broken({ category_id: 2 })).toContain('annotations[0].category_id');
    expect(broken({ bbox: [8, 8, 5, 5] })).toContain('annotations[0].bbox');
    expect(broken({ area: 0 })).toContain('annotations[0].area');
    expect(broken({ segmentation: [[1, 1, 2, 2]] })).toContain('annotations[0].segmentation[0]');
    expect(broken({}, { categories: [{ id: 0, name: 'cat' }] })).toContain('categories[0].id');
    const kp = { categories: [{ id: 1, name: 'cat', keypoints: ['cat'], skeleton: [] }] };
    const point = {
      bbox: [4, 4, 0, 0] as [number, number, number, number],
      area: 0,
      segmentation: [],
      keypoints: [4, 4, 2],
      num_keypoints: 1,
    };
    expect(broken(point, kp)).toEqual([]);
    expect(broken({ ...point, keypoints: [4, 4, 2, 0, 0, 0] }, kp)).toContain(
      'annotations[0].keypoints',
    );
    expect(broken({ ...point, keypoints: [40, 4, 2] }, kp)).toContain(
      'annotations[0].keypoints[0]',
    );
    expect(broken({ ...point, keypoints: [4, 4, 3] }, kp)).toContain('annotations[0].keypoints[2]');
    expect(broken({ ...point, num_keypoints: 0 }, kp)).toContain('annotations[0].num_keypoints');
    // Outside a keypoint category an empty box is still an error, and keypoints are out of place.
    expect(broken(point)).toEqual(
      expect.arrayContaining(['annotations[0].bbox', 'annotations[0].keypoints']),
    );
    // A box in a keypoint category carries the keypoint unlabeled.
    expect(broken({ keypoints: [0, 0, 0], num_keypoints: 0 }, kp)).toEqual([]);
    expect(broken({}, kp)).toContain('annotations[0].keypoints');
  });

  it('writes EXIF-corrected sizes, relative paths, ids from 1 and our extras; points as keypoints', async () => {
    const generated = fc.sample(projectArb, { numRuns: 1, seed: 7 })[0]!;
    const item = generated.items[0]!;
    const image = { ...item.image, relativePath: 'dir/rot.jpg', width: 3000, height: 4000 };
    const region = (id: string, shape: Region['shape']): Region => ({
      id: id as RegionId,
      shape,
      classId: null,
      label: '中文',
      attributes: { color: 'red' },
      note: '',
      hidden: false,
      locked: false,
      provenance: {
        source: 'model',
        modelId: 'm',
        revision: 'r',
        task: 't',
        params: {},
        confidence: 0.5,
        createdAt: 1,
      },
      state: 'accepted',
      updatedAt: 1,
      updatedBy: '',
    });
    const annotations: ImageAnnotations = {
      ...(item.annotations ?? {
        imageId: image.id,
        projectId: image.projectId,
        caption: null,
        tags: [],
        ocr: [],
        fields: null,
        answers: [],
        updatedAt: 1,
      }),
      regions: [
        region('11111111-1111-4111-8111-111111111111', {
          kind: 'box',
          box: { x: 10, y: 20, w: 30, h: 40 },
        }),
        region('22222222-2222-4222-8222-222222222222', { kind: 'point', point: { x: 1, y: 1 } }),
      ],
    };
    const warnings: FormatWarning[] = [];
    const { instances } = await buildCoco(
      {
        project: { ...generated.project, schema: { ...generated.project.schema, classes: [] } },
        items: [{ image, annotations }],
        total: 1,
      },
      all,
      { onWarning: (w) => warnings.push(w) },
    );
    expect(instances.images[0]).toMatchObject({
      id: 1,
      file_name: 'dir/rot.jpg',
      width: 3000,
      height: 4000,
    });
    expect(instances.annotations).toHaveLength(2);
    expect(instances.annotations[0]).toMatchObject({
      id: 1,
      image_id: 1,
      category_id: 1,
      bbox: [10, 20, 30, 40],
      area: 1200,
      iscrowd: 0,
      attributes: { color: 'red' },
      annota: { confidence: 0.5, source: 'model' },
      // The box shares its category with a point: it has that category's keypoint, unlabeled.
      keypoints: [0, 0, 0],
      num_keypoints: 0,
    });
    // The point: a one-keypoint instance of its label's category.
    expect(instances.categories).toEqual([
      { id: 1, name: '中文', keypoints: ['中文'], skeleton: [] },
    ]);
    expect(instances.annotations[1]).toMatchObject({
      id: 2,
      category_id: 1,
      bbox: [1, 1, 0, 0],
      area: 0,
      segmentation: [],
      keypoints: [1, 1, 2],
      num_keypoints: 1,
      annota: { id: '22222222-2222-4222-8222-222222222222', shape: 'point' },
    });
    expect(checkCocoValidity(instances)).toEqual([]);
    expect(warnings).toEqual([]);
    const back = parseCoco(JSON.stringify(instances));
    expect(back.records[0]!.regions.map((r) => r.shape)).toEqual([
      { kind: 'box', box: { x: 10, y: 20, w: 30, h: 40 } },
      { kind: 'point', point: { x: 1, y: 1 } },
    ]);
  });
});

describe('COCO parse errors', () => {
  const parse = (text: string) => () => parseCoco(text, 'in.json');
  it('names the field of each malformation', () => {
    expect(parse('{not json')).toThrow(
      expect.objectContaining({ key: 'invalid-json', file: 'in.json' }),
    );
    expect(parse('{}')).toThrow(expect.objectContaining({ key: 'missing-field', field: 'images' }));
    expect(parse('{"images":[{"id":1}]}')).toThrow(
      expect.objectContaining({ field: 'images[0].file_name' }),
    );
    expect(parse('{"images":[{"id":1,"file_name":5}]}')).toThrow(
      expect.objectContaining({ key: 'wrong-type', field: 'images[0].file_name' }),
    );
    const base = '"images":[{"id":1,"file_name":"a.jpg"}],"categories":[{"id":1,"name":"c"}]';
    expect(
      parse(`{${base},"annotations":[{"image_id":2,"category_id":1,"bbox":[0,0,1,1]}]}`),
    ).toThrow(expect.objectContaining({ field: 'annotations[0].image_id' }));
    expect(
      parse(`{${base},"annotations":[{"image_id":1,"category_id":9,"bbox":[0,0,1,1]}]}`),
    ).toThrow(expect.objectContaining({ field: 'annotations[0].category_id' }));
    expect(
      parse(`{${base},"annotations":[{"image_id":1,"category_id":1,"bbox":[0,0,1]}]}`),
    ).toThrow(expect.objectContaining({ key: 'invalid-value', field: 'annotations[0].bbox' }));
    expect(
      parse(`{${base},"annotations":[{"image_id":1,"category_id":1,"bbox":[0,0,"1",1]}]}`),
    ).toThrow(expect.objectContaining({ key: 'wrong-type', field: 'annotations[0].bbox[2]' }));
  });

  it('reads foreign COCO: string ids, box-shaped rings as boxes, multi-part masks, scores', () => {
    const doc = {
      images: [{ id: 'a', file_name: 'x/a.jpg', width: 100, height: 50 }],
      categories: [{ id: 3, name: 'dog' }],
      annotations: [
        {
          image_id: 'a',
          category_id: 3,
          bbox: [1, 2, 3, 4],
          segmentation: [[1, 2, 4, 2, 4, 6, 1, 6]],
          score: 0.7,
        },
        {
          image_id: 'a',
          category_id: 3,
          bbox: [0, 0, 9, 9],
          segmentation: [
            [0, 0, 5, 0, 2, 4],
            [6, 6, 9, 6, 9, 9],
          ],
        },
        {
          image_id: 'a',
          category_id: 3,
          bbox: [0, 0, 9, 9],
          segmentation: { counts: 'xyz', size: [50, 100] },
          iscrowd: 1,
        },
      ],
    };
    const { records } = parseCoco(JSON.stringify(doc));
    expect(records[0]!.regions.map((r) => r.shape.kind)).toEqual([
      'box',
      'polygon',
      'polygon',
      'box',
    ]);
    expect(records[0]!.regions[0]).toMatchObject({
      label: 'dog',
      confidence: 0.7,
      shape: { box: { x: 1, y: 2, w: 3, h: 4 } },
    });
  });
});
