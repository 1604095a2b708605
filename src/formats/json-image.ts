import { normaliseRelativePath } from '../domain';
import type { FormatLocation } from './errors';
import { FormatError } from './errors';
import { asNumber, asString, optional, required, type JsonObject } from './json-fields';
import type { ImportedImageAnnotations } from './types';

/**
 * The image a JSON entry names (COCO's `images[i]`, a line of our JSONL): its `file_name`
 * normalised and checked (no `..`, nothing absolute), its size when both sides are given, and no
 * regions yet. `path` is where the entry sits in the file ('' at the root), for messages.
 */
export function importedImageOf(
  at: FormatLocation,
  entry: JsonObject,
  path: string,
  origin: FormatLocation,
): ImportedImageAnnotations {
  const field = (name: string) => (path ? `${path}.${name}` : name);
  const name = asString(
    at,
    field('file_name'),
    required(at, entry, 'file_name', field('file_name')),
  );
  const relativePath = normaliseRelativePath(name);
  if (!relativePath) throw new FormatError({ ...at, field: field('file_name') }, 'invalid-value');
  const record: ImportedImageAnnotations = {
    relativePath,
    fileName: relativePath.split('/').pop()!,
    matchStem: false,
    coordinates: 'pixels',
    regions: [],
    origin,
  };
  const width = optional(entry, 'width', (v) => asNumber(at, field('width'), v));
  const height = optional(entry, 'height', (v) => asNumber(at, field('height'), v));
  if (width !== undefined && height !== undefined) Object.assign(record, { width, height });
  return record;
}
