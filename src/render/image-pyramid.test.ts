import { describe, expect, it } from 'vitest';
import { pickLevel, pyramidScales, sourceRect } from './image-pyramid';

describe('image pyramid', () => {
  it('halves a 4K picture down to about 256 px', () => {
    expect(pyramidScales({ width: 3840, height: 2160 }, 1)).toEqual([1, 0.5, 0.25, 0.125]);
  });

  it('samples the coarsest level that still covers every device pixel', () => {
    const levels = [1, 0.5, 0.25, 0.125].map((scale) => ({ scale, bitmap: scale }));
    // A 4K picture fitted into a 1,250 px canvas: a third of its pixels are on screen.
    expect(pickLevel(levels, 0.32).scale).toBe(0.5);
    expect(pickLevel(levels, 0.2).scale).toBe(0.25);
    expect(pickLevel(levels, 0.05).scale).toBe(0.125);
    expect(pickLevel(levels, 3).scale).toBe(1);
  });

  it('copies only the visible part of the picture', () => {
    const image = { width: 100, height: 50 };
    expect(sourceRect(image, { x: -10, y: 10, w: 50, h: 100 })).toEqual({
      x: 0,
      y: 10,
      w: 40,
      h: 40,
    });
    expect(sourceRect(image, { x: 200, y: 0, w: 10, h: 10 })).toBeNull();
  });
});
