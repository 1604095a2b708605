/** Remembers, per tab, when a missing-chunk reload last happened. */
export interface ReloadMemory {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'annota:chunk-reload-at';
/** A second failure this soon after a reload is not an old tab: show the error instead. */
const ONCE_WITHIN_MS = 60_000;

/**
 * After an app update, an old tab asks for lazy chunks the host no longer has. Vite reports it as
 * `vite:preloadError`: reload once, so the tab picks up the new build. If loading fails again
 * right after that reload, leave the error to the page's "Reload" state instead of looping.
 * Returns true when it reloaded.
 */
export function reloadOnceForMissingChunk(
  memory: ReloadMemory,
  reload: () => void,
  now = Date.now(),
): boolean {
  const last = Number(memory.getItem(KEY) ?? 0);
  if (now - last < ONCE_WITHIN_MS) return false;
  memory.setItem(KEY, String(now));
  reload();
  return true;
}

export function watchMissingChunks(target: Window = window): void {
  target.addEventListener('vite:preloadError', (event) => {
    if (reloadOnceForMissingChunk(target.sessionStorage, () => target.location.reload()))
      event.preventDefault();
  });
}
