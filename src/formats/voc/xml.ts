import type { FormatLocation } from '../errors';
import { FormatError } from '../errors';

/** The small XML subset Pascal VOC files use: elements, attributes, text, comments, CDATA. */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function escapeXml(value: string): string {
  return (
    value
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      // XML 1.0 cannot carry most control characters at all; drop them rather than write bad XML.
      // eslint-disable-next-line no-control-regex -- these characters are what is removed
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  );
}

function decode(at: FormatLocation, raw: string, line: number): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);|&/gi, (match, name: string | undefined) => {
    if (!name) throw new FormatError({ ...at, line }, 'invalid-xml', { reason: 'bare &' });
    if (name.startsWith('#x') || name.startsWith('#X'))
      return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    const v = ENTITIES[name];
    if (v === undefined)
      throw new FormatError({ ...at, line }, 'invalid-xml', { reason: `unknown entity ${match}` });
    return v;
  });
}

/** Parses one document; any malformation rejects it with the line where it was found. */
export function parseXml(text: string, at: FormatLocation): XmlElement {
  const src = text.replace(/^\uFEFF/, '');
  let i = 0;
  let line = 1;
  const fail = (reason: string): never => {
    throw new FormatError({ ...at, line }, 'invalid-xml', { reason });
  };
  const advance = (to: number) => {
    for (let k = i; k < to; k++) if (src.charCodeAt(k) === 10) line++;
    i = to;
  };
  const skipTo = (marker: string) => {
    const end = src.indexOf(marker, i);
    if (end < 0) fail(`missing ${marker}`);
    advance(end + marker.length);
  };
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (i < src.length) {
    if (src.startsWith('<?', i)) skipTo('?>');
    else if (src.startsWith('<!--', i)) skipTo('-->');
    else if (src.startsWith('<![CDATA[', i)) {
      const end = src.indexOf(']]>', i);
      if (end < 0) fail('unterminated CDATA');
      const top = stack[stack.length - 1] ?? fail('text outside the root element');
      top.text += src.slice(i + 9, end);
      advance(end + 3);
    } else if (src.startsWith('<!', i)) skipTo('>');
    else if (src.startsWith('</', i)) {
      const m = /^<\/([\w:.-]+)\s*>/.exec(src.slice(i, i + 300));
      if (!m) fail('bad closing tag');
      const open = stack.pop();
      if (!open || open.name !== m![1]) fail(`</${m![1]}> does not close <${open?.name ?? ''}>`);
      advance(i + m![0].length);
    } else if (src[i] === '<') {
      const end = src.indexOf('>', i);
      if (end < 0) fail('unterminated tag');
      const body = src.slice(i + 1, end);
      const m = /^([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)$/.exec(body);
      if (!m) fail(`bad tag <${body.slice(0, 40)}>`);
      const element: XmlElement = { name: m![1]!, attributes: {}, children: [], text: '', line };
      for (const a of m![2]!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        element.attributes[a[1]!] = decode(at, a[2] ?? a[3] ?? '', line);
      const parent = stack[stack.length - 1];
      if (parent) parent.children.push(element);
      else if (root) fail('more than one root element');
      else root = element;
      if (m![3] !== '/') stack.push(element);
      advance(end + 1);
    } else {
      const next = src.indexOf('<', i);
      const end = next < 0 ? src.length : next;
      const raw = src.slice(i, end);
      const top = stack[stack.length - 1];
      if (top) top.text += decode(at, raw, line);
      else if (raw.trim()) fail('text outside the root element');
      advance(end);
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new FormatError(at, 'empty-file');
  return root;
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}
