import { describe, expect, it } from 'vitest';
import { halfToFloat, logitRow, pickToken } from './token-choice.ts';

describe('token choice', () => {
  it('reads float16 bit patterns', () => {
    expect(halfToFloat(0x3c00)).toBe(1);
    expect(halfToFloat(0xc000)).toBe(-2);
    expect(halfToFloat(0x0000)).toBe(0);
    expect(halfToFloat(0x7c00)).toBe(Infinity);
    expect(halfToFloat(0x3555)).toBeCloseTo(1 / 3, 3);
    expect(Array.from(logitRow(new Uint16Array([0x3c00, 0xc000, 0x4000]), 1, 2))).toEqual([-2, 2]);
  });

  it('picks the argmax greedily, with its softmax share of the whole row', () => {
    const logits = new Float32Array([0, 0, Math.log(2), 0, 5, Math.log(6), 0]);
    const { id, prob } = pickToken(logits, 0, 3, {});
    expect(id).toBe(2);
    expect(prob).toBeCloseTo(2 / 4, 6);
    expect(pickToken(logits, 3, 4, {}).id).toBe(1);
  });

  it('samples from the top k after temperature, the probability over those k', () => {
    const logits = new Float32Array([Math.log(3), Math.log(1), 0, -50]);
    const params = { doSample: true, topK: 2, temperature: 1 };
    const first = pickToken(logits, 0, 4, params, () => 0);
    expect(first.id).toBe(0);
    expect(first.prob).toBeCloseTo(0.75, 6);
    const last = pickToken(logits, 0, 4, params, () => 0.99);
    expect(last.id).toBe(1);
    expect(last.prob).toBeCloseTo(0.25, 6);
    // A high temperature flattens the two.
    expect(pickToken(logits, 0, 4, { ...params, temperature: 1000 }, () => 0).prob).toBeCloseTo(
      0.5,
      2,
    );
  });
});
