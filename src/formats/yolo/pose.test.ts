import { describe, expect, it } from 'vitest';
import {
  emptyAnnotations,
  emptySchema,
  type ImageId,
  type ImageItem,
  type Project,
  type ProjectId,
  type Region,
  type RegionId,
} from '../../domain';
import { testRegion } from '../../domain/test-regions';
import type { FormatWarning } from '../errors';
import { exportFiles } from '../export';
import { collect } from '../test/files';
import { parseYolo } from './parse';

const project: Project = {
  id: 'p' as ProjectId,
  name: 'Pose',
  schema: emptySchema(),
  reviewThreshold: 0.8,
  createdAt: 0,
  updatedAt: 0,
};
const image: ImageItem = {
  id: 'i' as ImageId,
  projectId: project.id,
  fileName: 'a.jpg',
  relativePath: 'a.jpg',
  mime: 'image/jpeg',
  byteSize: 1,
  width: 200,
  height: 100,
  contentHash: 'h',
  status: 'accepted',
  reviewReasons: [],
  createdAt: 0,
  updatedAt: 0,
};
const region = (id: string, label: string, shape: Region['shape']): Region =>
  testRegion({
    id: id as RegionId,
    shape,
    label,
    provenance: { source: 'human', author: 'a', createdAt: 0 },
    updatedAt: 0,
    updatedBy: 'a',
  });

describe('YOLO pose', () => {
  it('writes points as one visible keypoint with an empty box, boxes with it unlabeled', async () => {
    const annotations = {
      ...emptyAnnotations(image.id, project.id, 0),
      regions: [
        region('b', 'cup', { kind: 'box', box: { x: 20, y: 10, w: 40, h: 20 } }),
        region('p', 'eye', { kind: 'point', point: { x: 50, y: 25 } }),
      ],
    };
    const files = await collect(
      exportFiles(
        'yolo-pose',
        { project, items: [{ image, annotations }], total: 1 },
        { filter: {}, include: 'accepted', withImages: false },
      ),
    );
    expect(files.get('labels/a.txt')).toBe(
      '0 0.2 0.2 0.2 0.2 0 0 0\n1 0.25 0.25 0 0 0.25 0.25 2\n',
    );
    expect(files.get('data.yaml')).toContain('kpt_shape: [1, 3]\nflip_idx: [0]\n');

    const back = parseYolo([{ path: 'labels/a.txt', text: files.get('labels/a.txt')! }], {
      path: 'data.yaml',
      text: files.get('data.yaml')!,
    });
    expect(back.records[0]!.regions).toEqual([
      {
        label: 'cup',
        shape: { kind: 'box', box: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 } },
        attributes: {},
      },
      { label: 'eye', shape: { kind: 'point', point: { x: 0.25, y: 0.25 } }, attributes: {} },
    ]);
  });

  it('YOLO detect leaves points out with a warning that names the region by place, not by id', async () => {
    const annotations = {
      ...emptyAnnotations(image.id, project.id, 0),
      regions: [
        region('b', 'cup', { kind: 'box', box: { x: 20, y: 10, w: 40, h: 20 } }),
        region('p', 'eye', { kind: 'point', point: { x: 50, y: 25 } }),
      ],
    };
    const warnings: FormatWarning[] = [];
    await collect(
      exportFiles(
        'yolo-detect',
        { project, items: [{ image, annotations }], total: 1 },
        { filter: {}, include: 'accepted', withImages: false },
        { onWarning: (w) => warnings.push(w) },
      ),
    );
    expect(warnings.map((w) => [w.key, w.file, w.field, w.params.label])).toEqual([
      ['region-skipped-empty', 'labels/a.txt', 'regions[1]', 'eye'],
    ]);
  });

  it('reads a foreign pose dataset: the box and every labeled keypoint of its kpt_shape', () => {
    const yaml = 'kpt_shape: [3, 3]\nnames:\n  0: person\n';
    const row = '0 0.5 0.5 0.4 0.8 0.4 0.2 2 0 0 0 0.6 0.2 1\n';
    const back = parseYolo([{ path: 'labels/p.txt', text: row }], {
      path: 'data.yaml',
      text: yaml,
    });
    expect(back.records[0]!.regions.map((r) => [r.label, r.shape.kind])).toEqual([
      ['person', 'box'],
      ['person', 'point'],
      ['person', 'point'],
    ]);
    // A row that does not fit kpt_shape, or a visibility that is not 0/1/2, rejects the file.
    expect(() =>
      parseYolo([{ path: 'labels/p.txt', text: '0 0.5 0.5 0.4 0.8 0.4 0.2 2\n' }], {
        path: 'data.yaml',
        text: yaml,
      }),
    ).toThrow(/wrong-column-count/);
    expect(() =>
      parseYolo([{ path: 'labels/p.txt', text: '0 0.5 0.5 0.4 0.8 0.4 0.2 5\n' }]),
    ).toThrow(/invalid-value/);
  });
});
