interface LockSource {
  request<T>(
    name: string,
    options: { ifAvailable?: boolean; signal?: AbortSignal },
    callback: (lock: Lock | null) => Promise<T>,
  ): Promise<T>;
}

/**
 * Holds a Web Lock named after the image while it is open for editing, so a second tab opening the
 * same image learns it is shared. The second tab then queues for the lock and is told when the
 * first lets go. Calls `onShared(true | false)` as that changes; returns the release function.
 */
export function holdImage(
  imageId: string,
  onShared: (shared: boolean) => void,
  locks: LockSource | undefined = globalThis.navigator?.locks,
): () => void {
  if (!locks) return () => undefined;
  const name = `annota:image:${imageId}`;
  const stop = new AbortController();
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const keep = async () => {
    onShared(false);
    await held;
  };
  void locks
    .request(name, { ifAvailable: true }, async (lock) => {
      if (lock) {
        await keep();
        return true;
      }
      return false;
    })
    .then((got) => {
      if (got || stop.signal.aborted) return;
      onShared(true);
      return locks.request(name, { signal: stop.signal }, keep);
    })
    // Aborted while queued: the tab moved on before the other one closed the image.
    .catch(() => undefined);
  return () => {
    stop.abort();
    release();
  };
}
