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
  /** The runs in flight: a batch's lanes wait on several images of one generation at once. */
  readonly #abandons = new Set<() => void>();

  constructor(private readonly stopper: GenerationStopper) {}

  get running(): boolean {
    return this.#abandons.size > 0;
  }

  /** The work's result, or null when it was abandoned on cancel. */
  async run<T>(work: Promise<T>): Promise<T | null> {
    let abandon: () => void = () => undefined;
    const abandoned = new Promise<null>((resolve) => (abandon = () => resolve(null)));
    this.#abandons.add(abandon);
    try {
      return await Promise.race([abandoned, work]);
    } finally {
      this.#abandons.delete(abandon);
    }
  }

  cancel(graceMs = CANCEL_GRACE_MS): void {
    const cancelled = [...this.#abandons];
    if (cancelled.length === 0) return;
    void this.stopper.requestCancel();
    setTimeout(() => {
      // Only the runs that were cancelled: later ones started in the meantime are left alone.
      const left = cancelled.filter((abandon) => this.#abandons.has(abandon));
      if (left.length === 0) return;
      this.stopper.stopWorker();
      left.forEach((abandon) => abandon());
    }, graceMs);
  }
}
