import { describe, expect, it } from 'vitest';
import { ctcDecode, isUpsideDown, readingQuad, recognizerAlphabet } from './recognize';

describe('CTC decoding', () => {
  const alphabet = recognizerAlphabet('a\nb\n');

  it('puts the blank first and the space last', () => {
    expect(alphabet).toEqual(['', 'a', 'b', ' ']);
  });

  it('merges repeats, drops blanks and keeps each character’s best probability', () => {
    // steps: a(0.6) a(0.9) blank a(0.8) space(0.7) b(0.5)
    const rows = [
      [0.1, 0.6, 0.2, 0.1],
      [0.05, 0.9, 0.03, 0.02],
      [0.9, 0.05, 0.049, 0.001],
      [0.1, 0.8, 0.05, 0.05],
      [0.1, 0.1, 0.1, 0.7],
      [0.2, 0.2, 0.5, 0.1],
    ];
    const decoded = ctcDecode({ data: Float32Array.from(rows.flat()), dims: [1, 6, 4] }, alphabet);
    expect(decoded.text).toBe('aa b');
    expect(decoded.chars.map((c) => c.probability)).toEqual([
      expect.closeTo(0.9, 6),
      expect.closeTo(0.8, 6),
      expect.closeTo(0.7, 6),
      expect.closeTo(0.5, 6),
    ]);
    expect(decoded.confidence).toBeCloseTo((0.9 + 0.8 + 0.7 + 0.5) / 4, 6);
  });

  it('puts back a space the recogniser ranked second between two words, without scoring it', () => {
    // steps: a blank(space 0.03) b blank(space 0.001) a
    const rows = [
      [0.1, 0.8, 0.05, 0.05],
      [0.9, 0.04, 0.03, 0.03],
      [0.1, 0.1, 0.7, 0.1],
      [0.98, 0.01, 0.009, 0.001],
      [0.1, 0.6, 0.2, 0.1],
    ];
    const decoded = ctcDecode({ data: Float32Array.from(rows.flat()), dims: [1, 5, 4] }, alphabet);
    expect(decoded.text).toBe('a ba');
    expect(decoded.chars[1]).toEqual({
      char: ' ',
      probability: expect.closeTo(0.03, 6),
      restored: true,
    });
    expect(decoded.confidence).toBeCloseTo((0.8 + 0.7 + 0.6) / 3, 6);
  });

  it('puts no space between Chinese characters, whatever the evidence', () => {
    const zh = recognizerAlphabet('数\n量\n');
    const rows = [
      [0.1, 0.8, 0.05, 0.05],
      [0.9, 0.04, 0.03, 0.03],
      [0.1, 0.1, 0.7, 0.1],
    ];
    expect(ctcDecode({ data: Float32Array.from(rows.flat()), dims: [1, 3, 4] }, zh).text).toBe(
      '数量',
    );
  });

  it('never doubles a space the recogniser emitted, nor starts a line with one', () => {
    const rows = [
      [0.9, 0.04, 0.03, 0.03],
      [0.1, 0.8, 0.05, 0.05],
      [0.9, 0.04, 0.03, 0.03],
      [0.1, 0.1, 0.1, 0.7],
      [0.1, 0.1, 0.7, 0.1],
    ];
    const decoded = ctcDecode({ data: Float32Array.from(rows.flat()), dims: [1, 5, 4] }, alphabet);
    expect(decoded.text).toBe('a b');
  });

  it('gives no text and zero confidence for all blanks', () => {
    const decoded = ctcDecode({ data: Float32Array.from([1, 0, 0, 0]), dims: [1, 1, 4] }, alphabet);
    expect(decoded).toEqual({ text: '', chars: [], confidence: 0 });
  });
});

describe('line crops', () => {
  it('turns a tall quad a quarter so vertical text reads left to right', () => {
    const tall = [
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 100 },
      { x: 0, y: 100 },
    ] as const;
    expect(readingQuad(tall)).toEqual([tall[1], tall[2], tall[3], tall[0]]);
    const wide = [tall[0], { x: 100, y: 0 }, { x: 100, y: 10 }, { x: 0, y: 10 }] as const;
    expect(readingQuad(wide)).toBe(wide);
  });

  it('flips only on a confident upside-down verdict', () => {
    expect(isUpsideDown(Float32Array.from([0.05, 0.95]))).toBe(true);
    expect(isUpsideDown(Float32Array.from([0.15, 0.85]))).toBe(false);
    expect(isUpsideDown(Float32Array.from([0.95, 0.05]))).toBe(false);
  });
});
