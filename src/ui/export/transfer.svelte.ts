import type { FormatWarning } from '../../formats';
import { isCancel } from './problem-text';

/** Warnings kept for display; the count goes on past it. */
const SHOWN_WARNINGS = 200;

export type TransferOutcome = 'done' | 'cancelled' | 'failed';

/**
 * The state of one running export, backup or restore: images done of total, warnings, the
 * failure, and a cancel that reaches the producer through an AbortSignal.
 */
export class Transfer {
  running = $state(false);
  done = $state(0);
  total = $state(0);
  warnings = $state<FormatWarning[]>([]);
  warningCount = $state(0);
  error = $state<unknown>(null);
  outcome = $state<TransferOutcome | null>(null);
  #abort: AbortController | null = null;

  readonly onProgress = (done: number, total: number): void => {
    this.done = done;
    this.total = total;
  };

  readonly onWarning = (warning: FormatWarning): void => {
    this.warningCount += 1;
    if (this.warnings.length < SHOWN_WARNINGS) this.warnings.push(warning);
  };

  /** Runs one transfer; a second start while one runs is ignored. */
  async run(work: (signal: AbortSignal) => Promise<boolean>): Promise<TransferOutcome | null> {
    if (this.running) return null;
    this.running = true;
    this.done = 0;
    this.total = 0;
    this.warnings = [];
    this.warningCount = 0;
    this.error = null;
    this.outcome = null;
    const abort = new AbortController();
    this.#abort = abort;
    try {
      this.outcome = (await work(abort.signal)) ? 'done' : 'cancelled';
    } catch (error) {
      if (abort.signal.aborted || isCancel(error)) this.outcome = 'cancelled';
      else {
        this.error = error;
        this.outcome = 'failed';
      }
    } finally {
      this.running = false;
      this.#abort = null;
    }
    return this.outcome;
  }

  cancel(): void {
    this.#abort?.abort(new DOMException('Cancelled', 'AbortError'));
  }
}
