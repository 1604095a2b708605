import { describe, expect, it } from 'vitest';
import { modelInputSize } from './model-input';

describe('modelInputSize', () => {
  it('keeps small pictures as they are', () => {
    expect(modelInputSize({ width: 640, height: 480 }, 1024)).toEqual({ width: 640, height: 480 });
  });

  it('scales big pictures to about 4× the token budget, keeping the aspect ratio', () => {
    const out = modelInputSize({ width: 8000, height: 6000 }, 1024);
    expect(out.width * out.height).toBeLessThanOrEqual(1024 * 1024 * 4 + 8000);
    expect(out.width / out.height).toBeCloseTo(8000 / 6000, 2);
  });

  it('never returns a zero side for extreme panoramas', () => {
    const out = modelInputSize({ width: 100_000, height: 10 }, 64);
    expect(out.height).toBeGreaterThanOrEqual(1);
  });
});
