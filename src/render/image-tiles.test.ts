import { describe, expect, it } from 'vitest';
import { planTiles } from './image-tiles';

describe('planTiles', () => {
  it('keeps a 4K image whole at full resolution', () => {
    const p = planTiles({ width: 3840, height: 2160 }, 16384);
    expect(p.scale).toBe(1);
    expect(p.tiles).toEqual([{ sx: 0, sy: 0, sw: 3840, sh: 2160 }]);
  });

  it('tiles a 12 MP image within the texture limit', () => {
    const p = planTiles({ width: 4000, height: 3000 }, 2048);
    expect(p.scale).toBe(1);
    expect(p.tiles).toHaveLength(4);
    expect(p.tiles.every((t) => t.sw <= 2048 && t.sh <= 2048)).toBe(true);
    const area = p.tiles.reduce((s, t) => s + t.sw * t.sh, 0);
    expect(area).toBe(4000 * 3000);
  });

  it('downscales a 50 MP image under the pixel budget and covers it with tiles', () => {
    const p = planTiles({ width: 8660, height: 5773 }, 8192);
    expect(p.scale).toBeLessThan(1);
    expect(p.decoded.width * p.decoded.height).toBeLessThanOrEqual(40_000_000 * 1.001);
    expect(p.tiles.every((t) => t.sw <= 4096 && t.sh <= 4096)).toBe(true);
    const area = p.tiles.reduce((s, t) => s + t.sw * t.sh, 0);
    expect(area).toBe(p.decoded.width * p.decoded.height);
  });
});
