import type { AttributeValue, Box, Polygon } from '../domain';
import type { FormatLocation } from './errors';
import { FormatError } from './errors';

/** Typed reads of parsed JSON: each failure names the field path, e.g. regions[2].bbox. */
export type JsonObject = Record<string, unknown>;

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function wrongType(at: FormatLocation, field: string, expected: string, value: unknown): never {
  throw new FormatError({ ...at, field }, 'wrong-type', { expected, actual: typeName(value) });
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asObject(at: FormatLocation, field: string, value: unknown): JsonObject {
  if (!isObject(value)) wrongType(at, field, 'object', value);
  return value;
}

export function asArray(at: FormatLocation, field: string, value: unknown): unknown[] {
  if (!Array.isArray(value)) wrongType(at, field, 'array', value);
  return value;
}

export function required(at: FormatLocation, obj: JsonObject, key: string, path: string): unknown {
  if (!(key in obj) || obj[key] === undefined)
    throw new FormatError({ ...at, field: path }, 'missing-field');
  return obj[key];
}

export function asString(at: FormatLocation, field: string, value: unknown): string {
  if (typeof value !== 'string') wrongType(at, field, 'string', value);
  return value;
}

export function asNumber(at: FormatLocation, field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) wrongType(at, field, 'number', value);
  return value;
}

export function asNumbers(at: FormatLocation, field: string, value: unknown): number[] {
  return asArray(at, field, value).map((v, i) => asNumber(at, `${field}[${i}]`, v));
}

/** [x, y, w, h] with finite numbers and non-negative extent. */
export function asBox(at: FormatLocation, field: string, value: unknown): Box {
  const n = asNumbers(at, field, value);
  if (n.length !== 4)
    throw new FormatError({ ...at, field }, 'invalid-value', { expected: '[x, y, w, h]' });
  const [x, y, w, h] = n as [number, number, number, number];
  if (w < 0 || h < 0)
    throw new FormatError({ ...at, field }, 'invalid-value', { expected: 'w >= 0 and h >= 0' });
  return { x, y, w, h };
}

/** Flat [x0, y0, x1, y1, …] with at least three points. */
export function asPolygon(at: FormatLocation, field: string, value: unknown): Polygon {
  const n = asNumbers(at, field, value);
  if (n.length < 6 || n.length % 2 !== 0)
    throw new FormatError({ ...at, field }, 'invalid-value', {
      expected: 'an even number of coordinates, at least 3 points',
    });
  return n;
}

export function asAttributes(
  at: FormatLocation,
  field: string,
  value: unknown,
): Record<string, AttributeValue> {
  const obj = asObject(at, field, value);
  const out: Record<string, AttributeValue> = {};
  for (const [key, v] of Object.entries(obj)) {
    if (
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v))
    )
      out[key] = v;
    else wrongType(at, `${field}.${key}`, 'string, number or boolean', v);
  }
  return out;
}

export function optional<T>(
  obj: JsonObject,
  key: string,
  read: (value: unknown) => T,
): T | undefined {
  const v = obj[key];
  return v === undefined || v === null ? undefined : read(v);
}

export function parseJson(at: FormatLocation, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FormatError(at, 'invalid-json', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}
