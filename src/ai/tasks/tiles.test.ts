import { describe, expect, it } from 'vitest';
import { detectTask } from './detect';
import { combineTileResults, mergeTileRegions, planTiles } from './tiles';
import { testContext, uniformTokens } from './test-context';

describe('planTiles', () => {
  it('keeps an ordinary image whole and tiles a panorama with overlap, covering every pixel', () => {
    expect(planTiles({ width: 640, height: 480 })).toEqual([
      { x: 0, y: 0, width: 640, height: 480 },
    ]);
    const tiles = planTiles({ width: 4000, height: 800 });
    expect(tiles.length).toBeGreaterThan(2);
    expect(tiles[0]!.x).toBe(0);
    const last = tiles[tiles.length - 1]!;
    expect(last.x + last.width).toBe(4000);
    for (let i = 1; i < tiles.length; i++)
      expect(tiles[i]!.x).toBeLessThan(tiles[i - 1]!.x + tiles[i - 1]!.width);
    expect(tiles.every((t) => t.height === 800 && t.width === 1200)).toBe(true);
  });

  it('tiles a tall image along its height; the option forces or forbids tiling', () => {
    expect(planTiles({ width: 300, height: 1500 }).every((t) => t.width === 300)).toBe(true);
    expect(planTiles({ width: 1000, height: 500 }, 'always')).toHaveLength(2);
    expect(planTiles({ width: 4000, height: 800 }, 'never')).toHaveLength(1);
  });
});

describe('detection in tiles', () => {
  const answer = (box: number[]) => `[{"bbox_2d": [${box.join(', ')}], "label": "car"}]`;
  const parseIn = (frame: { x: number; y: number; width: number; height: number }, text: string) =>
    detectTask.parse(text, uniformTokens(text), {
      ...testContext({ labels: ['car'] }, { image: { width: 4000, height: 800 } }),
      frame,
    });

  it('maps each tile’s boxes into the image and merges an object seen in two tiles', () => {
    const [a, b] = planTiles({ width: 4000, height: 800 });
    // The same car at x 1000–1150 px: in tile a (0–1200) and tile b (starting at its x).
    const inA = parseIn(a!, answer([(1000 / 1200) * 1000, 100, (1150 / 1200) * 1000, 500]));
    const bx = (px: number) => ((px - b!.x) / b!.width) * 1000;
    const inB = parseIn(b!, answer([bx(1000), 100, bx(1150), 500]));
    expect(inA.records.regions[0]!.shape).toEqual({
      kind: 'box',
      box: { x: 1000, y: 80, w: 150, h: 320 },
    });
    const combined = combineTileResults([inA, inB]);
    expect(combined.records.regions).toHaveLength(1);
    expect(combined.problems).toEqual([]);
  });

  it('keeps different objects and other labels apart; empty only when every tile is', () => {
    const left = parseIn({ x: 0, y: 0, width: 1200, height: 800 }, answer([0, 0, 100, 100]));
    const right = parseIn({ x: 2800, y: 0, width: 1200, height: 800 }, answer([0, 0, 100, 100]));
    const none = parseIn({ x: 1400, y: 0, width: 1200, height: 800 }, '[]');
    const combined = combineTileResults([left, none, right]);
    expect(combined.records.regions).toHaveLength(2);
    expect(combined.problems.map((p) => p.kind)).not.toContain('empty');
    expect(combineTileResults([none, none]).problems.map((p) => p.kind)).toContain('empty');
    expect(mergeTileRegions([])).toEqual([]);
  });
});
