import type { FormatError, FormatLocation, FormatWarning } from './errors';

/**
 * Where a problem is, written like a compiler location (`annotations.jsonl:17 regions[2].bbox`)
 * so it reads the same in every language.
 */
export function where(at: FormatLocation): string {
  const file = at.line !== undefined ? `${at.file}:${at.line}` : at.file;
  return at.field !== undefined ? `${file} ${at.field}` : file;
}

/** The catalog id and values for a problem; catalogs are in src/i18n/formats.<locale>.json. */
export function messageOf(problem: FormatError | FormatWarning): {
  id: string;
  values: Record<string, string | number>;
} {
  const kind = 'name' in problem && problem.name === 'FormatError' ? 'error' : 'warning';
  return {
    id: `formats.${kind}.${problem.key}`,
    values: { ...problem.params, where: where(problem), format: problem.format.toUpperCase() },
  };
}
