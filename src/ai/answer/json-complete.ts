export type ExpectedRoot = 'array' | 'object' | 'any';

/**
 * Watches a growing answer and says when its top-level JSON value has closed, so generation can stop
 * at once instead of running on into prose, a closing fence or a loop. Feed it the text so far after
 * each token; it only reads the new characters. With `expect: 'array'` a lone object that closes
 * first does not count (some answers list objects one per line before the model's own array).
 */
export class JsonCloseWatcher {
  private read = 0;
  private depth = 0;
  private inString: '"' | "'" | null = null;
  private escaped = false;
  private rootKind: '{' | '[' | null = null;
  private closedAt = -1;

  constructor(private readonly expect: ExpectedRoot = 'any') {}

  /** Returns the index just after the closing bracket, or -1 while the value is still open. */
  feed(textSoFar: string): number {
    if (this.closedAt >= 0) return this.closedAt;
    if (textSoFar.length < this.read) this.reset();
    for (; this.read < textSoFar.length; this.read++) {
      const ch = textSoFar[this.read]!;
      if (this.depth === 0) {
        if (ch === '{' || ch === '[') {
          this.rootKind = ch;
          this.depth = 1;
        }
        continue;
      }
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === this.inString) this.inString = null;
        continue;
      }
      if (ch === '"' || ch === "'") this.inString = ch;
      else if (ch === '{' || ch === '[') this.depth++;
      else if (ch === '}' || ch === ']') {
        this.depth--;
        if (this.depth === 0 && this.accepts(this.rootKind)) {
          this.closedAt = this.read + 1;
          this.read++;
          return this.closedAt;
        }
      }
    }
    return -1;
  }

  reset(): void {
    this.read = 0;
    this.depth = 0;
    this.inString = null;
    this.escaped = false;
    this.rootKind = null;
    this.closedAt = -1;
  }

  private accepts(kind: '{' | '[' | null): boolean {
    if (this.expect === 'any') return true;
    return this.expect === 'array' ? kind === '[' : kind === '{';
  }
}

/** One-shot form: where the first top-level JSON value of `text` closes, or -1. */
export function jsonCloseIndex(text: string, expect: ExpectedRoot = 'any'): number {
  return new JsonCloseWatcher(expect).feed(text);
}
