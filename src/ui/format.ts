import { InvalidRecordError } from '../domain';
import { StaleWriteError, StorageFullError } from '../store';

/** Human byte sizes: 1.4 GB, 820 MB. */
export function formatBytes(bytes: number, locale?: string): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A message for the user: known failures get their own sentence, the rest their raw text. */
export function describeError(
  error: unknown,
  translate: (key: string, options?: { values: Record<string, string> }) => string,
): string {
  if (error instanceof StorageFullError) return translate('error.storageFull');
  if (error instanceof StaleWriteError) return translate('error.staleWrite');
  if (error instanceof InvalidRecordError) {
    const first = error.problems[0];
    return translate('error.invalidRecord', {
      values: { record: error.record, field: first?.field ?? '', problem: first?.problem ?? '' },
    });
  }
  return translate('error.generic', { values: { message: errorMessage(error) } });
}
