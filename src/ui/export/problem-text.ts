// Straight from the modules, not the barrel: this file is on the first-load path, the zip code is not.
import { FormatError } from '../../formats/errors';
import { messageOf } from '../../formats/messages';
import type { FormatWarning } from '../../formats';
import { describeError } from '../format';

type Translate = (key: string, options?: { values: Record<string, string | number> }) => string;

/** A format problem in the user's language, naming the file, line and field. */
export function formatProblemText(
  problem: FormatError | FormatWarning,
  translate: Translate,
): string {
  const { id, values } = messageOf(problem);
  return translate(id, { values });
}

export function isCancel(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Any failure of an export, import or backup in plain words. */
export function transferErrorText(error: unknown, translate: Translate): string {
  if (error instanceof FormatError) return formatProblemText(error, translate);
  return describeError(error, translate);
}
