import type { RecordProblem } from '../domain';
/** Every format problem is named by a message key + params so the UI can translate it. */
export type FormatName = 'jsonl' | 'coco' | 'csv' | 'yolo' | 'voc' | 'zip' | 'backup';

export type FormatErrorKey =
  | 'invalid-json'
  | 'invalid-xml'
  | 'missing-field'
  | 'wrong-type'
  | 'invalid-value'
  | 'wrong-column-count'
  | 'missing-file'
  | 'invalid-zip'
  | 'unsupported-zip'
  | 'too-large'
  | 'empty-file';

export type FormatWarningKey =
  | 'box-clamped'
  | 'polygon-clamped'
  | 'point-clamped'
  | 'size-mismatch'
  | 'unmatched-image'
  | 'ambiguous-image'
  | 'unknown-category'
  | 'region-skipped-empty'
  | 'duplicate-image-entry';

export type MessageParams = Record<string, string | number>;

/** Where in the input a problem sits: the file, and the 1-based line and/or the field path. */
export interface FormatLocation {
  format: FormatName;
  file: string;
  line?: number;
  field?: string;
}

export interface FormatWarning extends FormatLocation {
  key: FormatWarningKey;
  params: MessageParams;
}

function describe(at: FormatLocation): string {
  const parts = [at.file];
  if (at.line !== undefined) parts.push(`line ${at.line}`);
  if (at.field !== undefined) parts.push(`field "${at.field}"`);
  return parts.join(', ');
}

/** A rejected input file. Thrown by every parse; the whole file counts as not imported. */
export class FormatError extends Error implements FormatLocation {
  readonly format: FormatName;
  readonly file: string;
  readonly line?: number;
  readonly field?: string;
  readonly key: FormatErrorKey;
  readonly params: MessageParams;

  constructor(at: FormatLocation, key: FormatErrorKey, params: MessageParams = {}) {
    const detail = Object.entries(params)
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
    super(`${at.format}: ${describe(at)}: ${key}${detail ? ` (${detail})` : ''}`);
    this.name = 'FormatError';
    this.format = at.format;
    this.file = at.file;
    if (at.line !== undefined) this.line = at.line;
    if (at.field !== undefined) this.field = at.field;
    this.key = key;
    this.params = params;
  }
}

export function isFormatError(value: unknown): value is FormatError {
  return value instanceof FormatError;
}

/**
 * Runs a parser so that only FormatError escapes: a bug tripped by odd input still reaches the user
 * as a named, rejected file instead of a crash.
 */
export function guardParse<T>(at: FormatLocation, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof FormatError) throw error;
    throw new FormatError(at, 'invalid-value', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}

/** A record validator's findings become a refused file, naming the first bad field. */
export function refuseProblems(at: FormatLocation, problems: readonly RecordProblem[]): void {
  const first = problems[0];
  if (!first) return;
  throw new FormatError({ ...at, field: first.field }, 'invalid-value', { reason: first.problem });
}

export function warning(
  at: FormatLocation,
  key: FormatWarningKey,
  params: MessageParams = {},
): FormatWarning {
  return { ...at, key, params };
}
