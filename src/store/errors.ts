/** Typed storage failures the UI turns into clear messages. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  constructor(cause?: unknown) {
    super('The browser refused to store more data (storage quota exceeded).', { cause });
  }
}

export class DatabaseBlockedError extends Error {
  override readonly name = 'DatabaseBlockedError';
  constructor() {
    super('Another tab holds an older version of the database open.');
  }
}

/** A save based on a revision that is no longer the stored one (another tab or a batch wrote). */
export class StaleWriteError extends Error {
  override readonly name = 'StaleWriteError';
  constructor(
    readonly expected: number,
    readonly stored: number,
  ) {
    super(`stale save: based on revision ${expected}, stored is ${stored}`);
  }
}

/** The database was upgraded by a newer Annota; this (older) build cannot open it. */
export class NewerDatabaseError extends Error {
  override readonly name = 'NewerDatabaseError';
  constructor(cause?: unknown) {
    super('The database was created by a newer version of Annota.', { cause });
  }
}

export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
  constructor(what: string) {
    super(`${what} not found`);
  }
}

function isQuotaError(error: unknown): boolean {
  if (
    !(error instanceof Error) &&
    !(typeof DOMException !== 'undefined' && error instanceof DOMException)
  )
    return false;
  const e = error as { name?: string; message?: string; inner?: unknown };
  return e.name === 'QuotaExceededError' || /quota/i.test(e.message ?? '');
}

/** Runs a write and turns a quota failure (thrown or as a transaction abort) into StorageFullError. */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new StorageFullError(error);
    if (error instanceof Error && error.cause && isQuotaError(error.cause))
      throw new StorageFullError(error);
    throw error;
  }
}

interface AbortableTransaction {
  abort(): void;
  done: Promise<void>;
}

/**
 * Runs the writes of one transaction; on any failure aborts it so nothing half-written commits,
 * then rethrows. `queue` registers each request so none is left as an unhandled rejection when the
 * transaction aborts. Real quota failures arrive as an aborted transaction (tx.done rejects).
 */
export async function writeAll(
  tx: AbortableTransaction,
  writes: (queue: (request: Promise<unknown>) => void) => void | Promise<void>,
): Promise<void> {
  const pending: Promise<unknown>[] = [];
  const queue = (request: Promise<unknown>) => {
    request.catch(() => undefined);
    pending.push(request);
  };
  try {
    await writes(queue);
    await Promise.all(pending);
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing more to undo.
    }
    await tx.done.catch(() => undefined);
    throw error;
  }
  await tx.done;
}

/** Aborts a transaction on purpose (e.g. its record is missing) and returns the error to throw. */
export function abortWith(tx: AbortableTransaction, error: Error): Error {
  tx.done.catch(() => undefined);
  tx.abort();
  return error;
}
