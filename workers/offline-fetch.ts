/**
 * Network access for model files that survives being offline. transformers.js reads its cache first
 * for the files it loads, but its tokenizer loader also probes revision `main` outside those options
 * (qwen3vl.md §4.4): offline, that probe fails. When the network fails, a model file is answered from
 * the same Cache Storage bucket under the revision the app pinned, if it is there.
 */
const RESOLVE = /^(.*\/resolve\/)([^/]+)(\/.+)$/;

/** The same file at another revision: `…/resolve/main/x.json` → `…/resolve/<revision>/x.json`. */
export function atRevision(url: string, revision: string): string | null {
  const match = RESOLVE.exec(url);
  if (!match) return null;
  return `${match[1]}${encodeURIComponent(revision)}${match[3]}`;
}

export function offlineAwareFetch(
  network: typeof fetch,
  cacheName: string,
  pinnedRevision: () => string | null,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return async (input, init) => {
    try {
      return await network(input, init);
    } catch (error) {
      const revision = pinnedRevision();
      const url = String(input);
      const pinned = revision ? atRevision(url, revision) : null;
      if (!pinned || typeof caches === 'undefined') throw error;
      const cached = await (await caches.open(cacheName)).match(pinned);
      if (!cached) throw error;
      return cached;
    }
  };
}

/**
 * The tokenizer loader asks for `resolve/main/…` whatever revision was pinned (qwen3vl.md §4.4); a
 * mirror holds only the pinned revision, so `main` is asked for as that revision (issue 15 item 3).
 */
export function pinnedRevisionFetch(
  network: (input: string | URL, init?: RequestInit) => Promise<Response>,
  pinnedRevision: () => string | null,
): (input: string | URL, init?: RequestInit) => Promise<Response> {
  return (input, init) => {
    const revision = pinnedRevision();
    const url = String(input);
    const pinned = revision && /\/resolve\/main\//.test(url) ? atRevision(url, revision) : null;
    return network(pinned ?? input, init);
  };
}
