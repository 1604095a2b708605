import type { RegionShape } from '../../domain';
import { isConfidence, isReviewStatus, isUuid, normaliseRelativePath } from '../../domain';
import type { FormatLocation } from '../errors';
import { FormatError, guardParse } from '../errors';
import { asArray, asAttributes, asString, parseJson } from '../json-fields';
import type { ImportedImageAnnotations, ImportedRegion, ParseResult } from '../types';
import { isSuggestionState } from '../shapes';
import { csvTable } from './csv-text';
import { CSV_IMAGES_FILE, CSV_REGIONS_FILE, IMAGE_COLUMNS, REGION_COLUMNS } from './columns';

function num(at: FormatLocation, field: string, cell: string): number {
  const n = Number(cell);
  if (cell.trim() === '' || !Number.isFinite(n))
    throw new FormatError({ ...at, field }, 'invalid-value', {
      expected: 'a number',
      actual: cell,
    });
  return n;
}

function shapeOf(at: FormatLocation, get: (c: string) => string): RegionShape {
  const kind = get('shape');
  const x = num(at, 'x', get('x'));
  const y = num(at, 'y', get('y'));
  if (kind === 'point') return { kind: 'point', point: { x, y } };
  if (kind === 'polygon') {
    const points = get('polygon')
      .trim()
      .split(/\s+/)
      .map((v) => num(at, 'polygon', v));
    if (points.length < 6 || points.length % 2 !== 0)
      throw new FormatError({ ...at, field: 'polygon' }, 'invalid-value', {
        expected: 'x y pairs, at least 3 points',
      });
    return { kind: 'polygon', points };
  }
  if (kind !== 'box')
    throw new FormatError({ ...at, field: 'shape' }, 'invalid-value', { value: kind });
  const w = num(at, 'w', get('w'));
  const h = num(at, 'h', get('h'));
  if (w < 0 || h < 0)
    throw new FormatError({ ...at, field: 'w' }, 'invalid-value', {
      expected: 'w >= 0 and h >= 0',
    });
  return { kind: 'box', box: { x, y, w, h } };
}

function recordFor(
  byPath: Map<string, ImportedImageAnnotations>,
  at: FormatLocation,
  get: (c: string) => string,
): ImportedImageAnnotations {
  const relativePath = normaliseRelativePath(get('file_name'));
  if (!relativePath) throw new FormatError({ ...at, field: 'file_name' }, 'missing-field');
  let record = byPath.get(relativePath);
  if (!record) {
    record = {
      relativePath,
      fileName: relativePath.split('/').pop()!,
      matchStem: false,
      coordinates: 'pixels',
      regions: [],
      origin: { format: 'csv', file: at.file, ...(at.line !== undefined ? { line: at.line } : {}) },
    };
    const width = Number(get('width'));
    const height = Number(get('height'));
    if (width > 0 && height > 0) Object.assign(record, { width, height });
    byPath.set(relativePath, record);
  }
  return record;
}

/** regions.csv, and images.csv when given; a row with the wrong cell count rejects the file. */
export function parseCsv(
  regionsText: string,
  imagesText?: string,
  regionsFile = CSV_REGIONS_FILE,
  imagesFile = CSV_IMAGES_FILE,
): ParseResult {
  const byPath = new Map<string, ImportedImageAnnotations>();
  const base: FormatLocation = { format: 'csv', file: regionsFile };
  guardParse(base, () => {
    for (const { line, get } of csvTable(regionsText, base, REGION_COLUMNS)) {
      const at = { ...base, line };
      const record = recordFor(byPath, at, get);
      const region: ImportedRegion = {
        label: get('label'),
        shape: shapeOf(at, get),
        attributes: get('attributes').trim()
          ? asAttributes(
              { ...at },
              'attributes',
              parseJson({ ...at, field: 'attributes' }, get('attributes')),
            )
          : {},
      };
      if (isUuid(get('region_id'))) region.id = get('region_id');
      if (get('text')) region.text = get('text');
      if (get('confidence').trim()) {
        const c = num(at, 'confidence', get('confidence'));
        if (!isConfidence(c))
          throw new FormatError({ ...at, field: 'confidence' }, 'invalid-value', {
            expected: 'a number in [0, 1]',
          });
        region.confidence = c;
      }
      const source = get('source');
      if (source === 'model' || source === 'human') region.source = source;
      const state = get('state');
      if (isSuggestionState(state)) region.state = state;
      record.regions.push(region);
    }
  });
  if (imagesText !== undefined) {
    const at0: FormatLocation = { format: 'csv', file: imagesFile };
    guardParse(at0, () => {
      for (const { line, get } of csvTable(imagesText, at0, IMAGE_COLUMNS)) {
        const at = { ...at0, line };
        const record = recordFor(byPath, at, get);
        if (get('caption')) record.caption = get('caption');
        const tags = get('tags').trim();
        if (tags)
          record.tags = asArray(at, 'tags', parseJson({ ...at, field: 'tags' }, tags)).map((t, i) =>
            asString(at, `tags[${i}]`, t),
          );
        const status = get('status');
        if (status) {
          if (!isReviewStatus(status))
            throw new FormatError({ ...at, field: 'status' }, 'invalid-value', { value: status });
          record.status = status;
        }
      }
    });
  }
  return { records: [...byPath.values()], warnings: [] };
}
