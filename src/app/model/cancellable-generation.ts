/** How long a cancelled generation may take to stop before the worker is stopped outright. */
export const CANCEL_GRACE_MS = 1500;

/** What cancelling needs of the model: a polite request, and stopping the worker outright. */
export interface GenerationStopper {
  /** Asks the worker to stop after the current forward pass. */
  requestCancel(): Promise<void>;
  /** Stops the worker (and with it the model); the next run reloads from the browser's cache. */
  stopWorker(): void;
}

/**
 * One generation at a time that a person can cancel. On backends whose generation loop never
 * yields to the worker's message queue (WebAssembly), the polite request cannot arrive in time:
 * after a grace period the worker is stopped outright and the run resolves as abandoned (null).
 */
export class CancellableGeneration {
  #abandon: (() => void) | null = null;

  constructor(private readonly stopper: GenerationStopper) {}

  get running(): boolean {
    return this.#abandon !== null;
  }

  /** The work's result, or null when it was abandoned on cancel. */
  async run<T>(work: Promise<T>): Promise<T | null> {
    const abandoned = new Promise<null>((resolve) => (this.#abandon = () => resolve(null)));
    try {
      return await Promise.race([abandoned, work]);
    } finally {
      this.#abandon = null;
    }
  }

  cancel(graceMs = CANCEL_GRACE_MS): void {
    const abandon = this.#abandon;
    if (!abandon) return;
    void this.stopper.requestCancel();
    setTimeout(() => {
      // Only the run that was cancelled: a later one started in the meantime is left alone.
      if (this.#abandon !== abandon) return;
      this.stopper.stopWorker();
      abandon();
    }, graceMs);
  }
}
