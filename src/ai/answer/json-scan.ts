/**
 * A tolerant structural scanner for JSON-ish model output. It records where every value starts and
 * ends in the ORIGINAL answer text (so confidence can be read from the tokens of each record) and
 * whether each container was closed (so a truncated answer keeps its complete elements).
 * Values are decoded later (see extract-json.ts); this file only finds structure.
 */

export interface Span {
  start: number;
  /** Exclusive. */
  end: number;
}

export interface JsonMember {
  key: string;
  start: number;
  value: JsonNode;
}

export type JsonNode =
  | { kind: 'object'; start: number; end: number; closed: boolean; members: JsonMember[] }
  | { kind: 'array'; start: number; end: number; closed: boolean; items: JsonNode[] }
  | { kind: 'string'; start: number; end: number; closed: boolean }
  /** Numbers, true/false/null and bare words (Python's True/None, unquoted text). */
  | { kind: 'literal'; start: number; end: number; closed: boolean };

const WHITESPACE = /\s/;
/** Characters that end a bare literal. Newlines too: a bare word never spans lines. */
const LITERAL_END = /[,\]}:\n\r]/;
const KEY_END = /[:,}\n\r]/;

class Scanner {
  private pos: number;

  constructor(
    private readonly text: string,
    start: number,
  ) {
    this.pos = start;
  }

  private skipWhitespace(): void {
    while (this.pos < this.text.length && WHITESPACE.test(this.text[this.pos]!)) this.pos++;
  }

  value(): JsonNode | null {
    this.skipWhitespace();
    if (this.pos >= this.text.length) return null;
    const ch = this.text[this.pos]!;
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"' || ch === "'") return this.string();
    return this.literal(LITERAL_END);
  }

  private string(): JsonNode {
    const start = this.pos;
    const quote = this.text[this.pos++]!;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++]!;
      if (ch === '\\') this.pos++;
      else if (ch === quote) return { kind: 'string', start, end: this.pos, closed: true };
    }
    this.pos = this.text.length;
    return { kind: 'string', start, end: this.pos, closed: false };
  }

  private literal(stop: RegExp): JsonNode {
    const start = this.pos;
    while (this.pos < this.text.length && !stop.test(this.text[this.pos]!)) this.pos++;
    let end = this.pos;
    while (end > start && WHITESPACE.test(this.text[end - 1]!)) end--;
    // A literal running into the end of the text may have been cut (e.g. "12" of "125").
    return { kind: 'literal', start, end, closed: this.pos < this.text.length };
  }

  /**
   * What comes next inside an array or object: the end of the text, a closing bracket (either kind:
   * models mix them up), a separator (consumed), or content to read.
   */
  private nextInContainer(separators: string): 'ended' | 'closed' | 'separator' | 'content' {
    this.skipWhitespace();
    if (this.pos >= this.text.length) return 'ended';
    const ch = this.text[this.pos]!;
    const consumed =
      ch === ']' || ch === '}' ? 'closed' : separators.includes(ch) ? 'separator' : null;
    if (consumed) this.pos++;
    return consumed ?? 'content';
  }

  private array(): JsonNode {
    const start = this.pos++;
    const items: JsonNode[] = [];
    for (;;) {
      const next = this.nextInContainer(',:');
      if (next === 'separator') continue;
      if (next !== 'content')
        return { kind: 'array', start, end: this.pos, closed: next === 'closed', items };
      const before = this.pos;
      const item = this.value();
      if (item !== null) items.push(item);
      // Never stall on a character no rule consumes.
      if (this.pos === before) this.pos++;
    }
  }

  private object(): JsonNode {
    const start = this.pos++;
    const members: JsonMember[] = [];
    for (;;) {
      const next = this.nextInContainer(',');
      if (next === 'separator') continue;
      if (next !== 'content')
        return { kind: 'object', start, end: this.pos, closed: next === 'closed', members };
      const ch = this.text[this.pos]!;
      const memberStart = this.pos;
      const keyNode = ch === '"' || ch === "'" ? this.string() : this.literal(KEY_END);
      if (!keyNode.closed || keyNode.end === keyNode.start) {
        // A key cut by the end of the text, or a stray character: nothing usable follows.
        if (keyNode.end === keyNode.start) this.pos++;
        if (this.pos >= this.text.length)
          return { kind: 'object', start, end: this.pos, closed: false, members };
        continue;
      }
      this.skipWhitespace();
      if (this.text[this.pos] === ':') this.pos++;
      const value = this.value();
      const key = decodeKey(this.text.slice(keyNode.start, keyNode.end), keyNode.kind);
      // The text ended right after the key: the member is incomplete and dropped.
      if (value === null) return { kind: 'object', start, end: this.pos, closed: false, members };
      members.push({ key, start: memberStart, value });
    }
  }
}

function decodeKey(raw: string, kind: JsonNode['kind']): string {
  if (kind !== 'string') return raw.trim();
  return decodeStringLiteral(raw) ?? raw.slice(1, -1);
}

/** Decodes a quoted string in JSON or single-quoted style; undefined when it is not one. */
export function decodeStringLiteral(raw: string): string | undefined {
  if (raw.length < 2) return undefined;
  const quote = raw[0];
  if (quote === '"') {
    try {
      const value: unknown = JSON.parse(raw);
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }
  if (quote === "'" && raw.endsWith("'")) {
    const inner = raw.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"');
    return decodeStringLiteral(`"${inner}"`);
  }
  return undefined;
}

/** Scans one JSON value starting at `start` (a '{' or '['); returns its node and where it stopped. */
export function scanJsonValue(text: string, start: number): JsonNode | null {
  return new Scanner(text, start).value();
}

/** Whether a node and everything in it was closed before the text ended. */
export function isComplete(node: JsonNode): boolean {
  if (!node.closed) return false;
  if (node.kind === 'array') return node.items.every(isComplete);
  if (node.kind === 'object') return node.members.every((m) => isComplete(m.value));
  return true;
}
