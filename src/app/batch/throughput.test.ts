import { describe, expect, it } from 'vitest';
import { Throughput } from './throughput';

describe('Throughput', () => {
  it('has no pace and no ETA before the first image', () => {
    expect(new Throughput().rates(10)).toEqual({
      imagesPerMinute: 0,
      tokensPerSecond: 0,
      etaMs: null,
    });
  });

  it('measures images per minute on wall time, tokens per second on model time, and the ETA', () => {
    const pace = new Throughput();
    // One image every 2 s, 1.5 s of which the model spent generating 30 tokens.
    for (let i = 1; i <= 5; i++) pace.add({ at: i * 2000, ms: 1500, tokens: 30 });
    const r = pace.rates(10);
    expect(r.imagesPerMinute).toBeCloseTo(60_000 / ((8000 + 1500) / 5), 6);
    expect(r.tokensPerSecond).toBeCloseTo(20, 6);
    expect(r.etaMs).toBe(Math.round(10 * (9500 / 5)));
  });

  it('forgets images beyond its window, so a slow warm-up stops counting', () => {
    const pace = new Throughput(3);
    pace.add({ at: 60_000, ms: 60_000, tokens: 10 });
    for (let i = 1; i <= 3; i++) pace.add({ at: 60_000 + i * 1000, ms: 1000, tokens: 10 });
    const r = pace.rates(0);
    expect(r.imagesPerMinute).toBeCloseTo(60, 6);
    expect(r.etaMs).toBe(0);
  });

  it('uses the one image it has', () => {
    const pace = new Throughput();
    pace.add({ at: 5000, ms: 500, tokens: 50 });
    expect(pace.rates(4)).toEqual({ imagesPerMinute: 120, tokensPerSecond: 100, etaMs: 2000 });
  });
});
