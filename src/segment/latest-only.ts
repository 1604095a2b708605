interface Request<T> {
  seq: number;
  job: () => Promise<T>;
  done: (value: T) => void;
  failed: (error: unknown) => void;
}

/**
 * Runs one job at a time and, of those asked for meanwhile, only the newest: hovering asks for a
 * mask on every pointer move, and the model should always work on where the pointer is now, never
 * on a backlog. A result is delivered only while its request is still the newest.
 */
export class LatestOnly<T> {
  #seq = 0;
  #busy = false;
  #waiting: Request<T> | null = null;

  get busy(): boolean {
    return this.#busy;
  }

  request(job: () => Promise<T>, done: (value: T) => void, failed: (error: unknown) => void): void {
    const seq = ++this.#seq;
    if (this.#busy) this.#waiting = { seq, job, done, failed };
    else this.#start({ seq, job, done, failed });
  }

  /** Forgets every request: whatever is still running finishes unheard. */
  cancel(): void {
    this.#seq++;
    this.#waiting = null;
  }

  #start(r: Request<T>): void {
    this.#busy = true;
    let promise: Promise<T>;
    try {
      promise = r.job();
    } catch (error) {
      promise = Promise.reject(error);
    }
    void promise
      .then(
        (value) => {
          if (r.seq === this.#seq) r.done(value);
        },
        (error: unknown) => {
          if (r.seq === this.#seq) r.failed(error);
        },
      )
      .finally(() => {
        this.#busy = false;
        const next = this.#waiting;
        this.#waiting = null;
        if (next && next.seq === this.#seq) this.#start(next);
      });
  }
}
