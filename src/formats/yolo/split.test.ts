import { describe, expect, it } from 'vitest';
import {
  emptyAnnotations,
  emptySchema,
  type ImageId,
  type ImageItem,
  type Project,
  type ProjectId,
  type RegionId,
} from '../../domain';
import { exportFiles } from '../export';
import { splitImages } from './split';

const ids = Array.from({ length: 20 }, (_, i) => `img-${String(i).padStart(2, '0')}`);

describe('YOLO train/val/test split', () => {
  it('cuts by the ratios, the same for the same seed whatever the order', () => {
    const a = splitImages(ids, { val: 0.2, test: 0.1, seed: 7 });
    const count = (m: Map<string, string>, s: string) =>
      [...m.values()].filter((v) => v === s).length;
    expect([count(a, 'train'), count(a, 'val'), count(a, 'test')]).toEqual([14, 4, 2]);
    expect(splitImages([...ids].reverse(), { val: 0.2, test: 0.1, seed: 7 })).toEqual(a);
    const other = splitImages(ids, { val: 0.2, test: 0.1, seed: 8 });
    expect([...other.entries()]).not.toEqual([...a.entries()]);
    expect(count(splitImages(ids.slice(0, 3), { val: 0.05, test: 0, seed: 1 }), 'val')).toBe(1);
  });

  it('writes labels/<subset>/, images/<subset>/ and a data.yaml Ultralytics reads', async () => {
    const project: Project = {
      id: 'p' as ProjectId,
      name: 'Split',
      schema: emptySchema(),
      reviewThreshold: 0.8,
      createdAt: 0,
      updatedAt: 0,
    };
    const items = ids.slice(0, 10).map((id) => {
      const image: ImageItem = {
        id: id as ImageId,
        projectId: project.id,
        fileName: `${id}.jpg`,
        relativePath: `${id}.jpg`,
        mime: 'image/jpeg',
        byteSize: 1,
        width: 100,
        height: 100,
        contentHash: id,
        status: 'accepted',
        reviewReasons: [],
        createdAt: 0,
        updatedAt: 0,
      };
      const annotations = {
        ...emptyAnnotations(image.id, project.id, 0),
        regions: [
          {
            id: `${id}-r` as RegionId,
            shape: { kind: 'box' as const, box: { x: 10, y: 10, w: 20, h: 20 } },
            classId: null,
            label: 'cup',
            attributes: {},
            note: '',
            hidden: false,
            locked: false,
            provenance: { source: 'human' as const, author: '', createdAt: 0 },
            state: 'accepted' as const,
            updatedAt: 0,
            updatedBy: '',
          },
        ],
      };
      return { image, annotations };
    });
    const files: { path: string; data: unknown }[] = [];
    for await (const f of exportFiles(
      'yolo-detect',
      { project, items, total: items.length, readImage: async () => new Blob(['x']) },
      {
        filter: {},
        include: 'accepted',
        withImages: true,
        split: { val: 0.2, test: 0.1, seed: 3 },
      },
    ))
      files.push(f);
    const yaml = String(files.find((f) => f.path === 'data.yaml')!.data);
    expect(yaml).toContain('train: images/train\nval: images/val\ntest: images/test\n');
    const labels = files.filter((f) => f.path.startsWith('labels/'));
    const imagesOut = files.filter((f) => f.path.startsWith('images/'));
    expect(labels.map((f) => f.path.split('/')[1]).sort()).toEqual([
      'test',
      ...Array<string>(7).fill('train'),
      'val',
      'val',
    ]);
    // Every label file has its image in the same subset.
    for (const l of labels) {
      const [, subset, name] = l.path.split('/');
      expect(imagesOut.map((f) => f.path)).toContain(
        `images/${subset}/${name!.replace('.txt', '.jpg')}`,
      );
    }
  });
});
