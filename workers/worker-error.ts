/**
 * Typed errors across a worker boundary: comlink hands an Error to the page as a new Error with
 * only name, message and stack copied over, so the kind rides in the name behind a prefix.
 */
export function workerErrors<K extends string>(prefix: string, kinds: readonly K[]) {
  const known: ReadonlySet<string> = new Set(kinds);
  return {
    /** An error the worker throws, with its kind. */
    make(kind: K, message: string): Error {
      const error = new Error(message);
      error.name = prefix + kind;
      return error;
    },
    /** The kind the worker gave an error, or null for an error that did not come from it. */
    kindOf(error: unknown): K | null {
      if (!(error instanceof Error) || !error.name.startsWith(prefix)) return null;
      const kind = error.name.slice(prefix.length);
      return known.has(kind) ? (kind as K) : null;
    },
  };
}
