import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Region, RegionShape } from '../domain';
import { categoryName } from './categories';
import { parseCoco } from './coco/parse';
import { COCO_CAPTIONS_FILE, COCO_INSTANCES_FILE } from './coco/types';
import { parseCsv } from './csv/parse';
import type { ExportFormat } from './export';

/** Formats that carry regions (PaddleOCR's Label.txt carries text lines only). */
type RegionFormat = Exclude<ExportFormat, 'paddleocr'>;
import { exportFiles } from './export';
import { matchImports } from './import/match';
import { planImport } from './import/plan';
import { parseJsonl } from './jsonl/parse';
import { selectAnnotations } from './select';
import { shapeBounds } from '../domain';
import { hasExtent } from './shapes';
import type { GeneratedProject } from './test/arbitraries';
import { projectArb } from './test/arbitraries';
import { collect } from './test/files';
import type { ExportOptions, ParseResult } from './types';
import { parseVoc } from './voc/parse';
import { parseYolo } from './yolo/parse';

const options: ExportOptions = { filter: {}, include: 'accepted+suggested', withImages: false };

function parseExport(format: RegionFormat, files: Map<string, string>): ParseResult {
  const text = (path: string) => files.get(path) ?? '';
  const matching = (re: RegExp) =>
    [...files].filter(([p]) => re.test(p)).map(([path, t]) => ({ path, text: t }));
  switch (format) {
    case 'jsonl':
      return parseJsonl(text('annotations.jsonl'));
    case 'coco':
      return parseCoco(
        text(COCO_INSTANCES_FILE),
        COCO_INSTANCES_FILE,
        files.get(COCO_CAPTIONS_FILE),
      );
    case 'csv':
      return parseCsv(text('regions.csv'), text('images.csv'));
    case 'yolo-detect':
    case 'yolo-segment':
    case 'yolo-pose':
      return parseYolo(matching(/^labels\//), { path: 'data.yaml', text: text('data.yaml') });
    case 'voc':
      return parseVoc(matching(/^Annotations\//));
  }
}

/**
 * What a format can carry of a region: COCO and YOLO pose keep points as keypoints, VOC and the
 * other YOLO tasks drop them; YOLO detect and pose keep only the box of other shapes.
 */
function expectedShape(format: RegionFormat, shape: RegionShape): RegionShape | null {
  if (format === 'jsonl' || format === 'csv') return shape;
  if (shape.kind === 'point') return format === 'coco' || format === 'yolo-pose' ? shape : null;
  if (!hasExtent(shape)) return null;
  if (format === 'yolo-detect' || format === 'yolo-pose')
    return { kind: 'box', box: shapeBounds(shape) };
  return shape;
}

function numbers(shape: RegionShape): number[] {
  if (shape.kind === 'box') return [shape.box.x, shape.box.y, shape.box.w, shape.box.h];
  if (shape.kind === 'point') return [shape.point.x, shape.point.y];
  return shape.points;
}

const TOLERANCE: Record<RegionFormat, number> = {
  jsonl: 1e-9,
  csv: 2e-3,
  coco: 2e-3,
  voc: 2e-3,
  'yolo-detect': 1e-2,
  'yolo-segment': 1e-2,
  'yolo-pose': 1e-2,
};

async function roundTrip(format: RegionFormat, generated: GeneratedProject): Promise<void> {
  const { project, items } = generated;
  const files = await collect(
    exportFiles(format, { project, items, total: items.length }, options),
  );
  const parsed = parseExport(format, files);
  const match = matchImports(
    parsed.records,
    items.map((i) => i.image),
  );
  expect(match.unmatched).toEqual([]);
  expect(match.ambiguous).toEqual([]);
  // Every image exports, whether or not it was ever opened.
  expect(match.matched).toHaveLength(items.length);
  const plan = planImport({
    project,
    matched: match.matched,
    existing: () => null,
    policy: 'replace',
    addUnknownLabels: true,
    author: 'tester',
    now: 5,
  });
  expect(plan.warnings.filter((w) => w.key.endsWith('clamped'))).toEqual([]);
  const byImage = new Map(plan.records.map((r) => [r.imageId, r]));
  for (const { image, annotations } of items) {
    const selected = annotations ? selectAnnotations(annotations, options.include) : null;
    const expected = (selected?.regions ?? [])
      .map((r) => ({ r, shape: expectedShape(format, r.shape) }))
      .filter((x): x is { r: Region; shape: RegionShape } => x.shape !== null);
    const got = byImage.get(image.id)?.regions ?? [];
    expect(got.map((g) => g.shape.kind)).toEqual(expected.map((e) => e.shape.kind));
    expected.forEach(({ r, shape }, i) => {
      const g = got[i]!;
      const label = format.startsWith('yolo') ? categoryName(project.schema, r) : r.label;
      expect(g.label).toBe(label);
      if (!format.startsWith('yolo')) {
        expect(g.id).toBe(r.id);
        expect(g.attributes).toEqual(r.attributes);
        expect(g.state).toBe(r.state);
        expect(g.provenance.source).toBe(r.provenance.source);
      }
      const a = numbers(shape);
      const b = numbers(g.shape);
      expect(b).toHaveLength(a.length);
      a.forEach((v, k) => expect(Math.abs(v - b[k]!)).toBeLessThanOrEqual(TOLERANCE[format]));
    });
    if (format === 'jsonl' || format === 'csv' || format === 'coco') {
      const record = byImage.get(image.id)!;
      // CSV cannot tell an empty caption from none: an empty cell reads as no caption.
      const caption = selected?.caption?.text ?? null;
      expect(record.caption?.text ?? null).toBe(
        format === 'csv' && caption === '' ? null : caption,
      );
      expect(record.tags.map((t) => t.value)).toEqual(selected?.tags.map((t) => t.value) ?? []);
    }
  }
}

describe('export → import round trip', () => {
  for (const format of [
    'jsonl',
    'coco',
    'csv',
    'yolo-detect',
    'yolo-segment',
    'yolo-pose',
    'voc',
  ] as const) {
    it(`${format}: same regions for random schemas, unicode labels, empty and rotated images`, async () => {
      await fc.assert(
        fc.asyncProperty(projectArb, (p) => roundTrip(format, p)),
        { numRuns: 40 },
      );
    });
  }
});
