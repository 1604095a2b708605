/**
 * A value that can be watched, in the shape of Svelte's store contract (subscribe returns the
 * unsubscribe function and calls back at once), so the UI reads it with `$value` while this layer
 * stays free of any framework.
 */
export interface Watchable<T> {
  subscribe(listener: (value: T) => void): () => void;
  readonly current: T;
}

export class WatchedValue<T> implements Watchable<T> {
  private readonly listeners = new Set<(value: T) => void>();

  constructor(private value: T) {}

  get current(): T {
    return this.value;
  }

  set(next: T): void {
    if (Object.is(next, this.value)) return;
    this.value = next;
    for (const listener of [...this.listeners]) listener(next);
  }

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    listener(this.value);
    return () => this.listeners.delete(listener);
  }
}
