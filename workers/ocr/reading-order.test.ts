import { describe, expect, it } from 'vitest';
import type { Quad } from './geometry';
import { readingOrder } from './reading-order';

const box = (x: number, y: number, w: number, h: number): Quad => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
];

describe('reading order', () => {
  it('reads rows top to bottom and each row left to right, tolerating a slight skew', () => {
    const quads = [
      box(300, 104, 100, 20),
      box(10, 10, 100, 20),
      box(10, 100, 100, 20),
      box(200, 14, 80, 20),
    ];
    expect(readingOrder(quads)).toEqual([1, 3, 2, 0]);
  });
});
