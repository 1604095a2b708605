import { describe, expect, it } from 'vitest';
import { convexIou, matchQuads } from './quad-iou';

const square = (x: number, y: number, s: number) => [
  { x, y },
  { x: x + s, y },
  { x: x + s, y: y + s },
  { x, y: y + s },
];

describe('quad IoU', () => {
  it('is 1 for the same quad, 0 apart, and area-exact for an overlap', () => {
    expect(convexIou(square(0, 0, 10), square(0, 0, 10))).toBeCloseTo(1);
    expect(convexIou(square(0, 0, 10), square(20, 0, 10))).toBe(0);
    // 5×10 overlap of two 10×10 squares: 50 / 150
    expect(convexIou(square(0, 0, 10), square(5, 0, 10))).toBeCloseTo(1 / 3);
  });

  it('handles a rotated quad (a diamond inside a square covers half)', () => {
    const diamond = [
      { x: 5, y: 0 },
      { x: 10, y: 5 },
      { x: 5, y: 10 },
      { x: 0, y: 5 },
    ];
    expect(convexIou(diamond, square(0, 0, 10))).toBeCloseTo(0.5);
  });

  it('matches one to one at IoU ≥ 0.5 and reports precision and recall', () => {
    const truth = [square(0, 0, 10), square(100, 0, 10)];
    const predicted = [square(1, 0, 10), square(0, 1, 10), square(300, 0, 10)];
    const match = matchQuads(predicted, truth);
    expect(match.pairs).toHaveLength(1);
    expect(match.precision).toBeCloseTo(1 / 3);
    expect(match.recall).toBeCloseTo(1 / 2);
  });
});
