import { describe, expect, it } from 'vitest';
import type { ImageAnnotations, ImageItem, Project, Region } from '.';
import { testRegion } from './test-regions';
import {
  checkImageAnnotations,
  checkImageItem,
  checkLabelSchema,
  checkProject,
  checkRegion,
  emptyAnnotations,
  emptySchema,
  isHexColor,
  isSafeRelativePath,
} from '.';

const NOW = 1_700_000_000_000;

function region(extra: Partial<Region> = {}): Region {
  return testRegion({
    id: 'r1' as Region['id'],
    label: 'car',
    attributes: { color: 'red', doors: 4, parked: true },
    provenance: { source: 'human', author: 'ann', createdAt: NOW },
    updatedAt: NOW,
    updatedBy: 'ann',
    ...extra,
  });
}

function record(regions: unknown[]): ImageAnnotations {
  return { ...emptyAnnotations('i' as never, 'p' as never, NOW), regions: regions as Region[] };
}

const image: ImageItem = {
  id: 'i' as ImageItem['id'],
  projectId: 'p' as ImageItem['projectId'],
  fileName: 'a.png',
  relativePath: 'street/a.png',
  mime: 'image/png',
  byteSize: 10,
  width: 4,
  height: 3,
  contentHash: 'ab',
  status: 'new',
  reviewReasons: [],
  createdAt: NOW,
  updatedAt: NOW,
};

const fields = (problems: { field: string }[]) => problems.map((p) => p.field);

describe('record validators', () => {
  it('accept the records the app itself writes', () => {
    expect(checkRegion(region())).toEqual([]);
    expect(checkImageAnnotations(record([region()]))).toEqual([]);
    expect(checkImageItem(image)).toEqual([]);
    const project: Project = {
      id: 'p' as Project['id'],
      name: 'P',
      schema: emptySchema(),
      reviewThreshold: 0.85,
      createdAt: NOW,
      updatedAt: NOW,
    };
    expect(checkProject(project)).toEqual([]);
  });

  it('refuse an unknown shape kind, a non-string label and NaN, naming the field', () => {
    const bad = record([
      region({ shape: { kind: 'circle' } as never }),
      region({ id: 'r2' as Region['id'], label: 7 as never }),
      region({
        id: 'r3' as Region['id'],
        shape: { kind: 'box', box: { x: NaN, y: 0, w: 1, h: 1 } },
      }),
    ]);
    expect(fields(checkImageAnnotations(bad))).toEqual([
      'annotations.regions[0].shape.kind',
      'annotations.regions[1].label',
      'annotations.regions[2].shape.box.x',
    ]);
  });

  it('refuse duplicate region ids and a polygon without 3 points', () => {
    const twice = record([region(), region()]);
    expect(fields(checkImageAnnotations(twice))).toEqual(['annotations.regions[1].id']);
    const line = record([region({ shape: { kind: 'polygon', points: [0, 0, 1, 1] } })]);
    expect(fields(checkImageAnnotations(line))).toEqual(['annotations.regions[0].shape.points']);
  });

  it('take colours as #rrggbb only', () => {
    expect(isHexColor('#a1B2c3')).toBe(true);
    for (const c of ['red', '#fff', 'red;position:fixed;inset:0', '#a1b2c3;x:y', 'url(x)'])
      expect(isHexColor(c)).toBe(false);
    const schema = {
      ...emptySchema(),
      classes: [
        {
          id: 'c',
          name: 'car',
          color: 'red;position:fixed',
          hotkey: '',
          attributes: [],
          synonyms: [],
        },
      ],
    };
    expect(fields(checkLabelSchema(schema))).toEqual(['schema.classes[0].color']);
  });

  it('refuse a schema missing its lists', () => {
    expect(fields(checkLabelSchema({ foo: 1 }))).toEqual([
      'schema.classes',
      'schema.tagVocabulary',
      'schema.captionLanguage',
      'schema.fields',
    ]);
  });

  it('take relative, normalised paths only', () => {
    for (const ok of ['a.png', 'street/a b.png', '中文/图.jpg', '..a/b..png'])
      expect(isSafeRelativePath(ok)).toBe(true);
    for (const bad of [
      '../../../../../home/evil.png',
      '/etc/cron.d/evil.png',
      'a/../b.png',
      './a.png',
      'a//b.png',
      'C:/x.png',
      'c:evil.png',
      'a\\b.png',
      'a\u0000.png',
      '',
    ])
      expect(isSafeRelativePath(bad)).toBe(false);
    expect(fields(checkImageItem({ ...image, relativePath: '/etc/cron.d/evil.png' }))).toEqual([
      'image.relativePath',
    ]);
  });
});
