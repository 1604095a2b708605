import { describe, expect, it } from 'vitest';
import {
  boxFromCorners,
  clampBox,
  intersectionOverUnion,
  isBoxInside,
  polygonArea,
  polygonBounds,
  polygonFromPoints,
  polygonPoints,
} from './geometry';

describe('boxes', () => {
  it('builds a box from corners dragged in any direction', () => {
    expect(boxFromCorners({ x: 10, y: 20 }, { x: 4, y: 2 })).toEqual({ x: 4, y: 2, w: 6, h: 18 });
  });

  it('clamps to the image and normalises negative sizes', () => {
    const size = { width: 100, height: 50 };
    expect(clampBox({ x: -10, y: 40, w: 30, h: 30 }, size)).toEqual({ x: 0, y: 40, w: 20, h: 10 });
    expect(clampBox({ x: 50, y: 20, w: -20, h: -10 }, size)).toEqual({
      x: 30,
      y: 10,
      w: 20,
      h: 10,
    });
    expect(isBoxInside(clampBox({ x: 90, y: 45, w: 500, h: 500 }, size), size)).toBe(true);
  });

  it('computes IoU', () => {
    const a = { x: 0, y: 0, w: 10, h: 10 };
    expect(intersectionOverUnion(a, a)).toBe(1);
    expect(intersectionOverUnion(a, { x: 5, y: 0, w: 10, h: 10 })).toBeCloseTo(50 / 150);
    expect(intersectionOverUnion(a, { x: 20, y: 20, w: 1, h: 1 })).toBe(0);
    expect(intersectionOverUnion({ x: 0, y: 0, w: 0, h: 0 }, { x: 0, y: 0, w: 0, h: 0 })).toBe(0);
  });
});

describe('polygons', () => {
  const square = [0, 0, 10, 0, 10, 10, 0, 10];

  it('computes area whatever the winding', () => {
    expect(polygonArea(square)).toBe(100);
    expect(polygonArea([0, 10, 10, 10, 10, 0, 0, 0])).toBe(100);
    expect(polygonArea([0, 0, 4, 0, 0, 3])).toBe(6);
  });

  it('round-trips points and computes bounds', () => {
    expect(polygonFromPoints(polygonPoints(square))).toEqual(square);
    expect(polygonBounds([5, 1, 9, 7, 2, 3])).toEqual({ x: 2, y: 1, w: 7, h: 6 });
    expect(polygonBounds([])).toEqual({ x: 0, y: 0, w: 0, h: 0 });
  });
});
