import type { FieldValue, ImageAnnotations, Region, RegionShape } from '../../domain';
import {
  checkImageAnnotations,
  isConfidence,
  isReviewReason,
  isReviewStatus,
  isUuid,
  polygonShape,
} from '../../domain';
import type { FormatLocation, FormatWarning } from '../errors';
import { FormatError, guardParse, refuseProblems } from '../errors';
import type { JsonObject } from '../json-fields';
import {
  asArray,
  asAttributes,
  asBox,
  asNumber,
  asNumbers,
  asObject,
  asPolygon,
  asString,
  isObject,
  optional,
  parseJson,
  required,
} from '../json-fields';
import { importedImageOf } from '../json-image';
import { isSuggestionState } from '../shapes';
import type {
  ImportedImageAnnotations,
  ImportedOcrLine,
  ImportedRegion,
  ParseResult,
} from '../types';

function regionShape(at: FormatLocation, r: JsonObject, path: string): RegionShape {
  if (r.polygon !== undefined && r.polygon !== null) {
    const holes =
      optional(r, 'holes', (v) =>
        asArray(at, `${path}.holes`, v).map((ring, i) =>
          asPolygon(at, `${path}.holes[${i}]`, ring),
        ),
      ) ?? [];
    return polygonShape(asPolygon(at, `${path}.polygon`, r.polygon), holes);
  }
  if (r.points !== undefined && r.points !== null) {
    const p = asNumbers(at, `${path}.points`, r.points);
    if (p.length !== 2)
      throw new FormatError({ ...at, field: `${path}.points` }, 'invalid-value', {
        expected: '[x, y]',
      });
    return { kind: 'point', point: { x: p[0]!, y: p[1]! } };
  }
  return { kind: 'box', box: asBox(at, `${path}.bbox`, required(at, r, 'bbox', `${path}.bbox`)) };
}

function importedRegion(at: FormatLocation, value: unknown, path: string): ImportedRegion {
  const r = asObject(at, path, value);
  const region: ImportedRegion = {
    label: asString(at, `${path}.label`, required(at, r, 'label', `${path}.label`)),
    shape: regionShape(at, r, path),
    attributes: optional(r, 'attributes', (v) => asAttributes(at, `${path}.attributes`, v)) ?? {},
  };
  if (isUuid(r.id)) region.id = r.id;
  const text = optional(r, 'text', (v) => asString(at, `${path}.text`, v));
  if (text !== undefined) region.text = text;
  const confidence = optional(r, 'confidence', (v) => asNumber(at, `${path}.confidence`, v));
  if (confidence !== undefined) {
    if (!isConfidence(confidence))
      throw new FormatError({ ...at, field: `${path}.confidence` }, 'invalid-value', {
        expected: 'a number in [0, 1]',
      });
    region.confidence = confidence;
  }
  const source = optional(r, 'source', (v) => asString(at, `${path}.source`, v));
  if (source !== undefined) {
    if (source !== 'model' && source !== 'human')
      throw new FormatError({ ...at, field: `${path}.source` }, 'invalid-value', {
        expected: 'model or human',
      });
    region.source = source;
  }
  if (isSuggestionState(r.state)) region.state = r.state;
  return region;
}

function ocrLine(at: FormatLocation, value: unknown, path: string): ImportedOcrLine {
  const o = asObject(at, path, value);
  const quad = optional(o, 'quad', (v) => asNumbers(at, `${path}.quad`, v));
  if (quad && quad.length !== 8)
    throw new FormatError({ ...at, field: `${path}.quad` }, 'invalid-value', {
      expected: '[x0, y0, x1, y1, x2, y2, x3, y3]',
    });
  return {
    text: asString(at, `${path}.text`, required(at, o, 'text', `${path}.text`)),
    box: optional(o, 'bbox', (v) => asBox(at, `${path}.bbox`, v)) ?? null,
    ...(quad ? { quad } : {}),
  };
}

/** Our own records travel under `annota`; checked in full, so a foreign edit cannot get in. */
function fullRecord(at: FormatLocation, value: unknown): ImageAnnotations | null {
  const a = asObject(at, 'annota', value);
  if (a.annotations === null) return null;
  const record = required(at, a, 'annotations', 'annota.annotations');
  refuseProblems(at, checkImageAnnotations(record, 'annota.annotations'));
  return record as ImageAnnotations;
}

function lineRecord(at: FormatLocation, value: unknown): ImportedImageAnnotations {
  const o = asObject(at, 'line', value);
  const record = importedImageOf(at, o, '', {
    format: 'jsonl',
    file: at.file,
    ...(at.line !== undefined ? { line: at.line } : {}),
  });
  record.regions = asArray(at, 'regions', o.regions ?? []).map((r, i) =>
    importedRegion(at, r, `regions[${i}]`),
  );
  const caption = optional(o, 'caption', (v) => asString(at, 'caption', v));
  if (caption !== undefined) record.caption = caption;
  const tags = optional(o, 'tags', (v) => asArray(at, 'tags', v));
  if (tags) record.tags = tags.map((t, i) => asString(at, `tags[${i}]`, t));
  const ocr = optional(o, 'ocr', (v) => asArray(at, 'ocr', v));
  if (ocr) record.ocr = ocr.map((l, i) => ocrLine(at, l, `ocr[${i}]`));
  const fields = optional(o, 'fields', (v) => asObject(at, 'fields', v));
  if (fields) record.fields = fields as Record<string, FieldValue>;
  const status = optional(o, 'status', (v) => asString(at, 'status', v));
  if (status !== undefined) {
    if (!isReviewStatus(status))
      throw new FormatError({ ...at, field: 'status' }, 'invalid-value', { value: status });
    record.status = status;
  }
  if (isObject(o.annota)) {
    const full = fullRecord(at, o.annota);
    if (full) {
      record.record = full;
      record.regions = full.regions.map(importedFromRecord);
    }
    const image = isObject(o.annota.image) ? o.annota.image : null;
    if (image && Array.isArray(image.reviewReasons))
      record.reviewReasons = image.reviewReasons.filter(isReviewReason);
  }
  return record;
}

function importedFromRecord(r: Region): ImportedRegion {
  return { id: r.id, label: r.label, shape: r.shape, attributes: r.attributes, record: r };
}

/** One line of our JSONL; `at` names the file and line for messages. */
export function parseJsonlLine(raw: string, at: FormatLocation): ImportedImageAnnotations {
  return lineRecord(at, parseJson(at, raw));
}

/**
 * Our JSONL (one image per line; blank lines allowed). Any malformed line rejects the file with
 * the line number and field path.
 */
export function parseJsonl(text: string, file = 'annotations.jsonl'): ParseResult {
  return guardParse({ format: 'jsonl', file }, () => {
    const records: ImportedImageAnnotations[] = [];
    const warnings: FormatWarning[] = [];
    const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    lines.forEach((raw, i) => {
      if (!raw.trim()) return;
      const at: FormatLocation = { format: 'jsonl', file, line: i + 1 };
      records.push(parseJsonlLine(raw, at));
    });
    if (records.length === 0) throw new FormatError({ format: 'jsonl', file }, 'empty-file');
    return { records, warnings };
  });
}

/**
 * Our JSONL read as a stream of lines (see ../text-stream.ts): the same checks as parseJsonl, with
 * no string holding the whole file. `onRecord` counts records for the progress shown.
 */
export async function parseJsonlLines(
  lines: AsyncIterable<[number, string]>,
  file: string,
  onRecord?: (records: number) => void,
): Promise<ParseResult> {
  const records: ImportedImageAnnotations[] = [];
  for await (const [line, raw] of lines) {
    const text = line === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (!text.trim()) continue;
    const at: FormatLocation = { format: 'jsonl', file, line };
    records.push(guardParse(at, () => parseJsonlLine(text, at)));
    onRecord?.(records.length);
  }
  if (records.length === 0) throw new FormatError({ format: 'jsonl', file }, 'empty-file');
  return { records, warnings: [] };
}
