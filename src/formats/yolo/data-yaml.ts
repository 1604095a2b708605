import type { FormatLocation } from '../errors';
import { FormatError } from '../errors';

/**
 * Characters YAML 1.1 readers (PyYAML, so Ultralytics) take as line breaks, and JavaScript's `.`
 * does not match, though JSON leaves them raw inside a string.
 */
const LINE_BREAKS = /[\u0085\u2028\u2029]/g;

/** A YAML scalar that any YAML reader takes back verbatim: JSON strings are valid YAML. */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(
    LINE_BREAKS,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Ultralytics' dataset file; with subsets, each points at images/<subset> (val falls back to train). */
export function dataYaml(
  projectName: string,
  names: readonly string[],
  subsets?: readonly string[],
  pose = false,
): string {
  const folders = subsets
    ? [
        'train: images/train',
        `val: images/${subsets.includes('val') ? 'val' : 'train'}`,
        ...(subsets.includes('test') ? ['test: images/test'] : []),
      ]
    : ['train: images', 'val: images'];
  const lines = [
    `# ${projectName.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')} — exported by Annota`,
    'path: .',
    ...folders,
    `nc: ${names.length}`,
    // One keypoint per instance (x, y, visibility); it has no left/right twin to swap on a flip.
    ...(pose ? ['kpt_shape: [1, 3]', 'flip_idx: [0]'] : []),
    'names:',
    ...names.map((n, i) => `  ${i}: ${yamlString(n)}`),
  ];
  return lines.join('\n') + '\n';
}

function unquote(at: FormatLocation, raw: string): string {
  const v = raw.trim();
  if (v.startsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      throw new FormatError(at, 'invalid-value', { reason: 'bad quoted string' });
    }
  }
  if (v.startsWith("'")) {
    if (!v.endsWith("'") || v.length < 2)
      throw new FormatError(at, 'invalid-value', { reason: 'bad quoted string' });
    return v.slice(1, -1).replace(/''/g, "'");
  }
  return v.replace(/\s+#.*$/, '');
}

function splitInline(at: FormatLocation, body: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote = '';
  for (const ch of body) {
    if (quote) {
      cur += ch;
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
    } else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (quote) throw new FormatError(at, 'invalid-value', { reason: 'unterminated quote' });
  if (cur.trim()) out.push(cur);
  return out.map((s) => unquote(at, s));
}

/**
 * Reads the class names of a YOLO data.yaml: `names:` as an inline list, a block list or an
 * index map (the Ultralytics layouts). Other keys are ignored.
 */
export function parseDataYamlNames(text: string, file = 'data.yaml'): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const start = lines.findIndex((l) => /^names\s*:/.test(l));
  if (start < 0) throw new FormatError({ format: 'yolo', file, field: 'names' }, 'missing-field');
  const at = (i: number): FormatLocation => ({ format: 'yolo', file, line: i + 1, field: 'names' });
  const rest = lines[start]!.replace(/^names\s*:/, '').trim();
  if (rest.startsWith('[')) {
    if (!rest.endsWith(']'))
      throw new FormatError(at(start), 'invalid-value', { reason: 'unclosed [' });
    return splitInline(at(start), rest.slice(1, -1));
  }
  if (rest && !rest.startsWith('#'))
    throw new FormatError(at(start), 'invalid-value', { reason: 'expected a list' });
  const byIndex: string[] = [];
  const list: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.trim() || line.trim().startsWith('#')) continue;
    // A block list may sit at the key's own indentation (`names:` then `- a`).
    if (!/^\s/.test(line) && !line.startsWith('-')) break;
    const item = /^\s*-\s?(.*)$/s.exec(line);
    const entry = /^\s+(\d+)\s*:\s*(.*)$/s.exec(line);
    if (item) list.push(unquote(at(i), item[1]!));
    else if (entry) byIndex[Number(entry[1])] = unquote(at(i), entry[2]!);
    else
      throw new FormatError(at(i), 'invalid-value', { reason: 'not a list item or index: name' });
  }
  const names = list.length > 0 ? list : byIndex;
  for (let i = 0; i < names.length; i++)
    if (names[i] === undefined) throw new FormatError(at(start), 'missing-field', { index: i });
  return names;
}

/** `kpt_shape: [K, D]` of a pose dataset's data.yaml, or undefined when it has none. */
export function parseDataYamlKeypointShape(
  text: string,
  file = 'data.yaml',
): [number, number] | undefined {
  const line = text.split(/\r?\n/).findIndex((l) => /^kpt_shape\s*:/.test(l));
  if (line < 0) return undefined;
  const m = /^kpt_shape\s*:\s*\[\s*(\d+)\s*,\s*([23])\s*\]\s*(#.*)?$/.exec(
    text.split(/\r?\n/)[line]!,
  );
  if (!m || Number(m[1]) < 1)
    throw new FormatError(
      { format: 'yolo', file, line: line + 1, field: 'kpt_shape' },
      'invalid-value',
      {
        expected: '[K, 2] or [K, 3]',
      },
    );
  return [Number(m[1]), Number(m[2])];
}
