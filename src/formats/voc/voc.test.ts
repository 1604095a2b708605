import { describe, expect, it } from 'vitest';
import {
  emptyAnnotations,
  emptySchema,
  type ImageAnnotations,
  type ImageId,
  type ImageItem,
  type ProjectId,
  type Region,
  type RegionId,
} from '../../domain';
import { parseVoc } from './parse';
import { vocXml } from './serialize';

const image = (channels?: number): ImageItem => ({
  id: 'img' as ImageId,
  projectId: 'p' as ProjectId,
  fileName: 'grey.png',
  relativePath: 'grey.png',
  mime: 'image/png',
  byteSize: 1,
  width: 400,
  height: 300,
  ...(channels ? { channels } : {}),
  contentHash: 'h',
  status: 'new',
  reviewReasons: [],
  createdAt: 0,
  updatedAt: 0,
});
const region = (shape: Region['shape']): Region => ({
  id: '00000000-0000-4000-8000-000000000abc' as RegionId,
  shape,
  classId: null,
  label: 'cup',
  attributes: {},
  note: '',
  hidden: false,
  locked: false,
  provenance: { source: 'human', author: '', createdAt: 0 },
  state: 'accepted',
  updatedAt: 0,
  updatedBy: '',
});
const records = (r: Region): ImageAnnotations => ({
  ...emptyAnnotations('img' as ImageId, 'p' as ProjectId, 0),
  regions: [r],
});
const value = (xml: string, name: string) =>
  new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

describe('Pascal VOC export', () => {
  it('writes whole 1-based pixel coordinates and the real channel depth', () => {
    const box = { x: 175.156, y: 20.5, w: 100.4, h: 0.3 };
    const xml = vocXml(emptySchema(), image(1), records(region({ kind: 'box', box })), () => {});
    expect(value(xml, 'xmin')).toBe('176');
    expect(value(xml, 'ymin')).toBe('22');
    expect(value(xml, 'xmax')).toBe('276');
    expect(value(xml, 'ymax')).toBe('22');
    expect(value(xml, 'depth')).toBe('1');
    const polygon = vocXml(
      emptySchema(),
      image(),
      records(region({ kind: 'polygon', points: [0.4, 0.6, 10.5, 2.2, 5.1, 9.9] })),
      () => {},
    );
    expect(polygon).toContain('<pt><x>1</x><y>2</y></pt>');
    expect(value(polygon, 'depth')).toBe('3');
  });

  it('our own import reads the exact shape back; other files keep the whole-pixel box', () => {
    const box = { x: 175.156, y: 20.5, w: 100.4, h: 7.25 };
    const xml = vocXml(emptySchema(), image(3), records(region({ kind: 'box', box })), () => {});
    expect(parseVoc([{ path: 'a.xml', text: xml }]).records[0]!.regions[0]!.shape).toEqual({
      kind: 'box',
      box,
    });
    const foreign = xml.replace(/<exact>[^<]*<\/exact>/, '');
    expect(parseVoc([{ path: 'a.xml', text: foreign }]).records[0]!.regions[0]!.shape).toEqual({
      kind: 'box',
      box: { x: 175, y: 21, w: 101, h: 7 },
    });
  });
});
