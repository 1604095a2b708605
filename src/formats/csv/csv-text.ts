import type { FormatLocation } from '../errors';
import { FormatError } from '../errors';

/**
 * Text a spreadsheet would run as a formula: it starts with = + - @, a tab or a CR. Apostrophes
 * before it count too, so that neutralising stays reversible (see unneutralise).
 */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/**
 * Defuses formula injection (a label "=HYPERLINK(…)" opened in Excel): such text gets one leading
 * apostrophe, which spreadsheets show as "text follows". Numbers are written as they are.
 */
export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Undoes neutralise() on import, so an export read back gives the exact text. */
export function unneutralise(text: string): string {
  return text.startsWith("'") && FORMULA_START.test(text.slice(1)) ? text.slice(1) : text;
}

/** RFC 4180 cell: quoted when it holds a comma, quote, or line break; text cells neutralised. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? neutralise(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

export interface CsvRecord {
  cells: string[];
  /** 1-based line where the record starts (quoted cells may span lines). */
  line: number;
}

/** Splits CSV text into records; an unterminated quote rejects the file at its line. */
export function parseCsvText(text: string, at: FormatLocation): CsvRecord[] {
  const src = text.replace(/^\uFEFF/, '');
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  let rowHasContent = false;
  const endRow = () => {
    cells.push(cell);
    if (rowHasContent || cells.length > 1 || cell !== '') records.push({ cells, line: start });
    cells = [];
    cell = '';
    rowHasContent = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
      continue;
    }
    if (ch === '"' && cell === '') {
      quoted = true;
      quoteLine = line;
      rowHasContent = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
      rowHasContent = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
      start = line;
    } else if (ch === '"') {
      throw new FormatError({ ...at, line }, 'invalid-value', { reason: 'stray quote' });
    } else cell += ch;
  }
  if (quoted)
    throw new FormatError({ ...at, line: quoteLine }, 'invalid-value', {
      reason: 'unterminated quote',
    });
  if (cell !== '' || cells.length > 0) endRow();
  return records;
}

/** Reads records by header name; each row must have exactly the header's column count. */
export function csvTable(
  text: string,
  at: FormatLocation,
  columns: readonly string[],
): { line: number; get: (column: string) => string }[] {
  const records = parseCsvText(text, at);
  const header = records[0];
  if (!header) throw new FormatError(at, 'empty-file');
  const index = new Map(header.cells.map((name, i) => [name.trim(), i]));
  for (const column of columns)
    if (!index.has(column))
      throw new FormatError({ ...at, line: 1, field: column }, 'missing-field');
  return records.slice(1).map((r) => {
    if (r.cells.length !== header.cells.length)
      throw new FormatError({ ...at, line: r.line }, 'wrong-column-count', {
        expected: header.cells.length,
        actual: r.cells.length,
      });
    return {
      line: r.line,
      get: (column: string) => unneutralise(r.cells[index.get(column)!] ?? ''),
    };
  });
}
