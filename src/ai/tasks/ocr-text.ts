import type { Box } from '../../domain';
import type { Span } from '../answer';
import { qwenBoxToPixels, type Frame } from '../coordinates';

/** A line read from an answer that is not JSON, with where its text sits in the answer. */
export interface TextLine {
  text: string;
  box: Box | null;
  span: Span;
}

const THINK = /<think>[\s\S]*?(<\/think>|$)/g;
const FENCE = /```[\w-]*[ \t]*\n([\s\S]*?)(?:\n[ \t]*```|$)/;

/**
 * Plain OCR answers ("Read all the text"): one line per answer line. A fenced block is the text
 * when there is one — the prose around it ("The text in the image reads:") is the model talking.
 */
export function plainTextLines(answer: string): TextLine[] {
  const visible = answer.replace(THINK, (m) => ' '.repeat(m.length));
  const fence = FENCE.exec(visible);
  const start = fence ? fence.index + fence[0].indexOf(fence[1]!) : 0;
  const body = fence ? fence[1]! : visible;
  const lines: TextLine[] = [];
  let offset = start;
  for (const raw of body.split('\n')) {
    const text = raw.trim();
    if (text) {
      const at = offset + raw.indexOf(text);
      lines.push({ text, box: null, span: { start: at, end: at + text.length } });
    }
    offset += raw.length + 1;
  }
  return lines;
}

/** QwenVL HTML (document parsing): elements carrying `data-bbox="x1 y1 x2 y2"`. */
const BOXED_ELEMENT = /<([a-zA-Z][\w-]*)\b[^>]*\bdata-bbox="([^"]*)"[^>]*>([\s\S]*?)<\/\1\s*>/g;
const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

export function hasBoxedHtml(answer: string): boolean {
  return /\bdata-bbox="/.test(answer);
}

function htmlText(inner: string): string {
  return inner
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[\da-f]+|\w+);/gi, (m, name: string) => {
      if (name[0] === '#')
        return String.fromCodePoint(
          name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)),
        );
      return ENTITIES[name.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Text elements of a QwenVL HTML answer with their boxes. Elements without text (pictures) are
 * skipped: they are not lines to read; a table becomes one line of its cell texts.
 */
export function boxedHtmlLines(
  answer: string,
  frame: Frame,
): { lines: TextLine[]; dropped: number } {
  const lines: TextLine[] = [];
  let dropped = 0;
  for (const m of answer.matchAll(BOXED_ELEMENT)) {
    const text = htmlText(m[3]!);
    if (!text) continue;
    const converted = qwenBoxToPixels(m[2]!.trim().split(/[\s,]+/), frame);
    if (!converted.ok) dropped++;
    lines.push({
      text,
      box: converted.ok ? converted.box : null,
      span: { start: m.index, end: m.index + m[0].length },
    });
  }
  return { lines, dropped };
}
