/**
 * One model run at a time, what the user waits for first: a click's decode or the current image's
 * encode goes ahead of background prefetches still waiting. A run in progress is never
 * interrupted (onnxruntime cannot stop a session mid-run).
 */
export type Priority = 'now' | 'background';

interface Job {
  priority: Priority;
  start: () => void;
}

export class WorkQueue {
  readonly #waiting: Job[] = [];
  #busy = false;

  get pending(): number {
    return this.#waiting.length;
  }

  run<T>(priority: Priority, work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const job: Job = {
        priority,
        start: () => {
          work()
            .then(resolve, reject)
            .finally(() => {
              this.#busy = false;
              this.#next();
            });
        },
      };
      if (priority === 'now') {
        const firstBackground = this.#waiting.findIndex((j) => j.priority === 'background');
        if (firstBackground === -1) this.#waiting.push(job);
        else this.#waiting.splice(firstBackground, 0, job);
      } else this.#waiting.push(job);
      this.#next();
    });
  }

  #next(): void {
    if (this.#busy) return;
    const job = this.#waiting.shift();
    if (!job) return;
    this.#busy = true;
    job.start();
  }
}
