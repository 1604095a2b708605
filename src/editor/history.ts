import type { ImageAnnotations } from '../domain';

export interface HistoryEntry {
  readonly name: string;
  readonly before: ImageAnnotations;
  readonly after: ImageAnnotations;
}

/**
 * Undo history over immutable snapshots. A gesture (a drag, a polygon being drawn) opens a mark;
 * the commands inside it change the current state live, and ending it records one undo step.
 * Cancelling (Esc) bails back to the mark, leaving no trace.
 */
export class History {
  #current: ImageAnnotations;
  #past: HistoryEntry[] = [];
  #future: HistoryEntry[] = [];
  #mark: { name: string; before: ImageAnnotations } | null = null;
  readonly limit: number;

  constructor(initial: ImageAnnotations, limit = 500) {
    this.#current = initial;
    this.limit = limit;
  }

  get current(): ImageAnnotations {
    return this.#current;
  }
  get canUndo(): boolean {
    return this.#past.length > 0 || this.#mark !== null;
  }
  get canRedo(): boolean {
    return this.#future.length > 0;
  }
  get inGesture(): boolean {
    return this.#mark !== null;
  }
  get undoDepth(): number {
    return this.#past.length;
  }

  /** Replaces the current state: inside a gesture it is folded into the gesture's one step. */
  push(name: string, next: ImageAnnotations): boolean {
    if (next === this.#current) return false;
    if (this.#mark) {
      this.#current = next;
      return true;
    }
    this.#record({ name, before: this.#current, after: next });
    return true;
  }

  mark(name: string): void {
    if (this.#mark) this.commit();
    this.#mark = { name, before: this.#current };
  }

  /** Ends the gesture: one undo step if anything changed. */
  commit(): void {
    const mark = this.#mark;
    if (!mark) return;
    this.#mark = null;
    if (mark.before !== this.#current) {
      this.#record({ name: mark.name, before: mark.before, after: this.#current });
    }
  }

  /** Rolls back everything since the mark. */
  bail(): boolean {
    const mark = this.#mark;
    if (!mark) return false;
    this.#mark = null;
    const changed = this.#current !== mark.before;
    this.#current = mark.before;
    return changed;
  }

  undo(): boolean {
    if (this.#mark) return this.bail();
    const entry = this.#past.pop();
    if (!entry) return false;
    this.#future.push(entry);
    this.#current = entry.before;
    return true;
  }

  redo(): boolean {
    if (this.#mark) this.commit();
    const entry = this.#future.pop();
    if (!entry) return false;
    this.#past.push(entry);
    this.#current = entry.after;
    return true;
  }

  #record(entry: HistoryEntry): void {
    this.#past.push(entry);
    if (this.#past.length > this.limit) this.#past.shift();
    this.#future = [];
    this.#current = entry.after;
  }
}
