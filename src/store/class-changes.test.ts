import { beforeEach, describe, expect, it } from 'vitest';
import {
  emptyAnnotations,
  mergeClass,
  newId,
  type LabelClass,
  type LabelClassId,
  type Region,
  type RegionId,
} from '../domain';
import { testRegion } from '../domain/test-regions';
import { exportFiles, type ExportFormat } from '../formats/export';
import type { ExportInput, ExportOptions } from '../formats/types';
import { openStore } from './index';
import { freshIndexedDb, makeImage } from './test/fixtures';

beforeEach(() => freshIndexedDb());

const labelClass = (id: string, name: string): LabelClass => ({
  id: id as LabelClassId,
  name,
  color: '#e6194b',
  hotkey: '',
  attributes: [],
  synonyms: [],
});
const region = (id: string, c: LabelClass): Region =>
  testRegion({
    id: id as RegionId,
    shape: { kind: 'box', box: { x: 1, y: 2, w: 10, h: 8 } },
    classId: c.id,
    label: c.name,
    provenance: { source: 'human', author: 'ann', createdAt: 0 },
    updatedAt: 0,
    updatedBy: 'ann',
  });

describe('classes by id', () => {
  it('a rename and a merge reach every stored region and every export the same way', async () => {
    const store = await openStore();
    const project = await store.projects.create('Kitchen');
    const cup = labelClass(newId<'label-class'>(), 'cup');
    const mug = labelClass(newId<'label-class'>(), 'beaker');
    const plate = labelClass(newId<'label-class'>(), 'plate');
    await store.projects.saveSchema(project.id, { ...project.schema, classes: [cup, mug, plate] });
    const image = makeImage(project.id, 'a.png');
    await store.images.addMany(project.id, [image]);
    await store.annotations.put({
      ...emptyAnnotations(image.item.id, project.id),
      regions: [region('r1', cup), region('r2', mug), region('r3', plate)],
    });

    // Rename beaker → mug, then merge cup into mug.
    const renamed = { ...project.schema, classes: [cup, { ...mug, name: 'mug' }, plate] };
    const merged = mergeClass(renamed, cup.id, mug.id);
    const saved = await store.projects.saveSchema(project.id, merged, new Map([[cup.id, mug.id]]));
    expect(saved.schema.classes.map((c) => c.name)).toEqual(['mug', 'plate']);
    expect(saved.schema.classes[0]!.synonyms).toEqual(['cup']);

    const stored = await store.annotations.get(image.item.id, project.id);
    expect(stored.regions.map((r) => [r.label, r.classId])).toEqual([
      ['mug', mug.id],
      ['mug', mug.id],
      ['plate', plate.id],
    ]);

    const input: ExportInput = {
      project: saved,
      items: [{ image: image.item, annotations: stored }],
      total: 1,
    };
    const options: ExportOptions = { include: 'accepted', filter: {}, withImages: false };
    const text = async (format: ExportFormat) => {
      let all = '';
      const decode = (d: string | Uint8Array) =>
        typeof d === 'string' ? d : new TextDecoder().decode(d);
      for await (const f of exportFiles(format, input, options)) {
        if (typeof f.data === 'string' || f.data instanceof Uint8Array) all += decode(f.data);
        else if (typeof f.data !== 'function') for await (const part of f.data) all += decode(part);
      }
      return all;
    };
    for (const format of ['jsonl', 'csv', 'coco', 'voc', 'yolo-detect'] as const) {
      const out = await text(format);
      expect(out, format).toMatch(/mug/);
      expect(out, format).not.toMatch(/\bcup\b|beaker/);
    }
  });
});
