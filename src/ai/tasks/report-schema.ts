import type { Box, FieldDef, FieldValue } from '../../domain';
import { qwenBoxToPixels, type Frame } from '../coordinates';
import { isRecord } from './records';

export type JsonPath = (string | number)[];

export interface FieldViolation {
  path: string;
  message: string;
}

export interface ReportBox {
  /** Path of the bbox value in the answer, e.g. ['defects', 0, 'bbox']. */
  path: JsonPath;
  box: Box;
}

export interface ValidatedReport {
  values: Record<string, FieldValue>;
  violations: FieldViolation[];
  boxes: ReportBox[];
}

/** `defects[1].size_mm` — how a violation's place is shown to the reviewer. */
export function fieldPath(path: JsonPath): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '是', '有', '对', '合格']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '否', '无', '没有', '不', '不合格']);

/** Any decoded JSON as a storable field value (undefined and functions cannot occur in JSON). */
export function toFieldValue(value: unknown): FieldValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(toFieldValue);
  if (isRecord(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toFieldValue(v)]));
  return String(value);
}

function numberFrom(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    // "12.5 mm", "12.5mm": models add units the schema did not ask for.
    const match = /^\s*(-?\d+(?:\.\d+)?)\s*[a-z%µ毫米厘米]*\s*$/i.exec(value);
    if (match) return Number(match[1]);
  }
  return undefined;
}

/**
 * Checks a structured answer against the user's field definitions (a small JSON-schema subset).
 * Lenient where meaning is clear (numeric strings, "yes"/"是", enum case), strict where it is not:
 * a wrong value is KEPT as given and reported with its path, so the reviewer sees what the model said.
 * Boxes are converted to pixels like detection boxes. Keys the schema does not name are kept.
 */
export function validateReport(
  value: unknown,
  fields: readonly FieldDef[],
  frame: Frame,
): ValidatedReport {
  const violations: FieldViolation[] = [];
  const boxes: ReportBox[] = [];
  const violate = (path: JsonPath, message: string) =>
    violations.push({ path: fieldPath(path) || '$', message });

  const checkObject = (
    input: Record<string, unknown>,
    defs: readonly FieldDef[],
    path: JsonPath,
  ): Record<string, FieldValue> => {
    const out: Record<string, FieldValue> = {};
    for (const [key, v] of Object.entries(input)) out[key] = toFieldValue(v);
    for (const def of defs) {
      const at = [...path, def.name];
      const present = def.name in input && input[def.name] !== null && input[def.name] !== '';
      if (!present) {
        if (def.required) violate(at, 'required');
        continue;
      }
      out[def.name] = check(input[def.name], def, at);
    }
    return out;
  };

  const check = (v: unknown, def: FieldDef, path: JsonPath): FieldValue => {
    switch (def.type) {
      case 'string':
        if (typeof v === 'string') return v.trim();
        if (typeof v === 'number' || typeof v === 'boolean') return String(v);
        violate(path, 'expected text');
        return toFieldValue(v);
      case 'number':
      case 'integer': {
        const n = numberFrom(v);
        if (n === undefined)
          violate(path, `expected ${def.type === 'integer' ? 'an integer' : 'a number'}`);
        else if (def.type === 'integer' && !Number.isInteger(n))
          violate(path, 'expected an integer');
        return n ?? toFieldValue(v);
      }
      case 'boolean': {
        if (typeof v === 'boolean') return v;
        const word = String(v).trim().toLowerCase();
        if (TRUE_WORDS.has(word)) return true;
        if (FALSE_WORDS.has(word)) return false;
        violate(path, 'expected true or false');
        return toFieldValue(v);
      }
      case 'enum': {
        const options = def.options ?? [];
        const text = typeof v === 'string' || typeof v === 'number' ? String(v).trim() : undefined;
        const match = options.find((o) => o.toLowerCase() === text?.toLowerCase());
        if (match !== undefined) return match;
        violate(path, `expected one of: ${options.join(', ')}`);
        return toFieldValue(v);
      }
      case 'bbox': {
        const converted = qwenBoxToPixels(v, frame);
        if (!converted.ok) {
          violate(
            path,
            converted.reason === 'degenerate' ? 'box has no area' : 'expected [x1, y1, x2, y2]',
          );
          return toFieldValue(v);
        }
        boxes.push({ path, box: converted.box });
        return { ...converted.box };
      }
      case 'array': {
        const list = Array.isArray(v) ? v : [v];
        if (!Array.isArray(v)) violate(path, 'expected a list');
        return list.map((item, i) =>
          def.items ? check(item, def.items, [...path, i]) : toFieldValue(item),
        );
      }
      case 'object':
        if (!isRecord(v)) {
          violate(path, 'expected an object');
          return toFieldValue(v);
        }
        return checkObject(v, def.fields ?? [], path);
    }
  };

  if (!isRecord(value)) {
    violate([], 'expected an object');
    return { values: {}, violations, boxes };
  }
  return { values: checkObject(value, fields, []), violations, boxes };
}
