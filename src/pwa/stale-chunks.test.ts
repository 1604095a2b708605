import { describe, expect, it } from 'vitest';
import { reloadOnceForMissingChunk } from './stale-chunks';

function memory() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
  };
}

describe('a missing lazy chunk', () => {
  it('reloads the tab once, then leaves the error to the page', () => {
    const m = memory();
    let reloads = 0;
    expect(reloadOnceForMissingChunk(m, () => reloads++, 1_000_000)).toBe(true);
    expect(reloadOnceForMissingChunk(m, () => reloads++, 1_005_000)).toBe(false);
    expect(reloads).toBe(1);
    // A later update, long after: the old tab may reload again.
    expect(reloadOnceForMissingChunk(m, () => reloads++, 1_000_000 + 3_600_000)).toBe(true);
    expect(reloads).toBe(2);
  });
});
