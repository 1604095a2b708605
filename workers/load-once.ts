/**
 * A worker's model load, run once at a time: calls during a load share it; an error ends it (even one
 * thrown where no caller awaits it) and lets the next call try again. Shared by the inference and
 * segment workers.
 */
export class LoadOnce<T> {
  #loading: Promise<T> | null = null;
  /** Rejects the load in flight: set while loading, so an error thrown outside its promise chain ends it. */
  #failLoad: ((reason: unknown) => void) | null = null;

  constructor() {
    // transformers.js throws some download errors (a 404 as ModelFileNotFoundError) where no caller
    // awaits them: without this the load would wait forever (issue 15 item 2).
    self.addEventListener('unhandledrejection', (event) => {
      if (!this.#failLoad) return;
      event.preventDefault();
      this.#failLoad(event.reason);
    });
  }

  /** Starts `start` unless a load is in flight; on an error, `onError` drops what it half set up. */
  async run(start: () => Promise<T>, onError: () => void): Promise<T> {
    this.#loading ??= start();
    const failed = new Promise<never>((_, reject) => (this.#failLoad = reject));
    try {
      return await Promise.race([this.#loading, failed]);
    } catch (error) {
      this.#loading = null;
      onError();
      throw error;
    } finally {
      this.#failLoad = null;
    }
  }

  /** Forgets the finished load, so the next call loads again. */
  reset(): void {
    this.#loading = null;
  }
}
