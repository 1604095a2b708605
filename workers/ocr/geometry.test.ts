import { describe, expect, it } from 'vitest';
import { convexHull, minAreaRect, orderQuad, rectQuad, unclipRect } from './geometry';

describe('text quad geometry', () => {
  it('hull drops interior points', () => {
    const hull = convexHull([
      { x: 0, y: 0 },
      { x: 4, y: 0 },
      { x: 2, y: 1 },
      { x: 4, y: 3 },
      { x: 0, y: 3 },
    ]);
    expect(hull).toHaveLength(4);
    expect(hull).not.toContainEqual({ x: 2, y: 1 });
  });

  it('finds the rotated rectangle around rotated points', () => {
    const angle = (20 * Math.PI) / 180;
    const corners = [
      [0, 0],
      [100, 0],
      [100, 20],
      [0, 20],
    ].map(([u, v]) => ({
      x: 50 + u! * Math.cos(angle) - v! * Math.sin(angle),
      y: 50 + u! * Math.sin(angle) + v! * Math.cos(angle),
    }));
    const rect = minAreaRect(convexHull(corners));
    const long = Math.max(rect.width, rect.height);
    const short = Math.min(rect.width, rect.height);
    expect(long).toBeCloseTo(100, 6);
    expect(short).toBeCloseTo(20, 6);
    const quad = rectQuad(rect);
    expect(quad[0].x).toBeCloseTo(50, 6);
    expect(quad[0].y).toBeCloseTo(50, 6);
  });

  it('orders corners tl, tr, br, bl', () => {
    const quad = orderQuad([
      { x: 10, y: 10 },
      { x: 0, y: 10 },
      { x: 10, y: 0 },
      { x: 0, y: 0 },
    ]);
    expect(quad).toEqual([
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ]);
  });

  it('unclips by area × ratio / perimeter on every side', () => {
    const grown = unclipRect({ center: { x: 0, y: 0 }, width: 30, height: 10, angle: 0 }, 1.5);
    // distance = 300 × 1.5 / 80 = 5.625
    expect(grown.width).toBeCloseTo(41.25);
    expect(grown.height).toBeCloseTo(21.25);
  });
});
