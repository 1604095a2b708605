import { describe, expect, it } from 'vitest';
import { answerGrid, smartResize } from './resized-input';

describe('Qwen2.5-VL resized input', () => {
  it('matches the size the Qwen2.5-VL OCR notebook printed for its 870×1398 receipt', () => {
    // ../shared/qwen3vl-answers q25-ocr-spotting-trailing-commas: model_input_size [868, 1400].
    expect(smartResize({ width: 870, height: 1398 })).toEqual({ width: 868, height: 1400 });
  });

  it('rounds halves to even like Python, and keeps the area between min and max pixels', () => {
    // 42 / 28 = 1.5 → 2 (even); 70 / 28 = 2.5 → 2 (even).
    expect(smartResize({ width: 42, height: 70 })).toEqual({ width: 56, height: 56 });
    // Too small: scaled up to at least 56×56 pixels.
    expect(smartResize({ width: 10, height: 10 })).toEqual({ width: 56, height: 56 });
    // Too big: scaled down under 12,845,056 pixels, floored to multiples of 28.
    const big = smartResize({ width: 8000, height: 6000 });
    expect(big.width * big.height).toBeLessThanOrEqual(28 * 28 * 16384);
    expect(big.width % 28).toBe(0);
    expect(big.height % 28).toBe(0);
    expect(big).toEqual({ width: 4116, height: 3080 });
  });

  it('gives a grid only for models that answer in pixels', () => {
    expect(answerGrid('relative-1000', { width: 870, height: 1398 })).toBeUndefined();
    expect(answerGrid('absolute-pixels', { width: 870, height: 1398 })).toEqual({
      width: 868,
      height: 1400,
    });
  });
});
