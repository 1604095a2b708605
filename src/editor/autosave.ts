import type { ImageAnnotations } from '../domain';

export type SaveState = 'saved' | 'pending' | 'saving' | 'error';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * Debounced saving of the latest annotations: one write per quiet period, never two at once,
 * and the newest value always wins. flush() writes what is pending now (before navigation).
 */
export class Autosave {
  #save: (next: ImageAnnotations) => Promise<void>;
  #delay: number;
  #timers: Timers;
  #pending: ImageAnnotations | null = null;
  #timer: unknown = null;
  #inFlight: Promise<void> | null = null;
  #state: SaveState = 'saved';
  #error: unknown = null;
  #listeners = new Set<(state: SaveState) => void>();

  constructor(save: (next: ImageAnnotations) => Promise<void>, delayMs = 300, timers = realTimers) {
    this.#save = save;
    this.#delay = delayMs;
    this.#timers = timers;
  }

  get state(): SaveState {
    return this.#state;
  }
  get error(): unknown {
    return this.#error;
  }

  subscribe(listener: (state: SaveState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  schedule(next: ImageAnnotations): void {
    this.#pending = next;
    this.#setState('pending');
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      void this.flush();
    }, this.#delay);
  }

  /** Writes the pending value now and resolves once everything scheduled so far is stored. */
  async flush(): Promise<void> {
    if (this.#timer !== null) {
      this.#timers.clearTimeout(this.#timer);
      this.#timer = null;
    }
    while (this.#inFlight || this.#pending) {
      if (this.#inFlight) {
        await this.#inFlight;
        continue;
      }
      const value = this.#pending!;
      this.#pending = null;
      this.#setState('saving');
      this.#inFlight = this.#save(value).then(
        () => {
          this.#error = null;
        },
        (error: unknown) => {
          this.#error = error;
          // Keep the value so the next change or flush retries it, unless newer work replaced it.
          this.#pending ??= value;
        },
      );
      await this.#inFlight;
      this.#inFlight = null;
      if (this.#error !== null) {
        this.#setState('error');
        return;
      }
    }
    this.#setState('saved');
  }

  /**
   * Drops what is pending without writing it: for a save the store refused for good (the stored
   * record moved on), after the user was told and the page reloads the stored version.
   */
  discard(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
    this.#pending = null;
  }

  #setState(state: SaveState): void {
    if (state === this.#state) return;
    this.#state = state;
    for (const l of this.#listeners) l(state);
  }
}
