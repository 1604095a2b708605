import { describe, expect, it } from 'vitest';
import { DownloadProgress } from './download-progress';

describe('DownloadProgress', () => {
  it('sums files, measures speed and estimates the time left', () => {
    const p = new DownloadProgress();
    p.update({ file: 'a', loaded: 0, total: 1000, done: false }, 0);
    p.update({ file: 'b', loaded: 0, total: 3000, done: false }, 0);
    const s = p.update({ file: 'a', loaded: 500, total: 1000, done: false }, 1000);
    expect(s.loaded).toBe(500);
    expect(s.total).toBe(4000);
    expect(s.speed).toBeCloseTo(500);
    expect(s.etaSeconds).toBeCloseTo(7);
    expect(s.files.map((f) => f.file)).toEqual(['a', 'b']);
  });

  it('has no ETA before any measurement, and never a negative one', () => {
    const p = new DownloadProgress();
    const first = p.update({ file: 'a', loaded: 10, total: 100, done: false }, 0);
    expect(first.etaSeconds).toBeNull();
    const done = p.update({ file: 'a', loaded: 100, total: 100, done: true }, 1000);
    expect(done.etaSeconds).toBe(0);
  });

  it('counts a file whose total was unknown by what arrived', () => {
    const p = new DownloadProgress();
    expect(p.update({ file: 'x', loaded: 42, total: 0, done: false }, 0).total).toBe(42);
  });
});

describe('DownloadProgress never goes backwards (issue 15 item 5)', () => {
  it('keeps a finished file whole when its done event says 0 / 0, and a total from the manifest', () => {
    const p = new DownloadProgress(
      new Map([
        ['a', 1000],
        ['b', 3000],
      ]),
    );
    const seen: { loaded: number; total: number }[] = [];
    const events = [
      { file: 'a', loaded: 500, total: 1000, done: false },
      { file: 'a', loaded: 0, total: 0, done: true },
      { file: 'c', loaded: 10, total: 20, done: false },
      { file: 'b', loaded: 100, total: 0, done: false },
      { file: 'b', loaded: 50, total: 3000, done: false },
      { file: 'c', loaded: 0, total: 0, done: true },
    ];
    events.forEach((e, i) => seen.push(p.update(e, i * 100)));
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.loaded).toBeGreaterThanOrEqual(seen[i - 1]!.loaded);
      expect(seen[i]!.total).toBeGreaterThanOrEqual(seen[i - 1]!.total);
    }
    const last = p.summary();
    expect(last.total).toBe(4020);
    expect(last.files.find((f) => f.file === 'a')).toMatchObject({ loaded: 1000, total: 1000 });
    expect(last.files.find((f) => f.file === 'c')).toMatchObject({ loaded: 20, total: 20 });
  });
});
