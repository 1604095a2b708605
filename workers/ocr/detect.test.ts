import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECT, dbQuads, detectInput } from './detect';
import { quadBounds } from './geometry';

function mapWith(width: number, height: number, rects: [number, number, number, number][]) {
  const map = new Float32Array(width * height);
  for (const [x0, y0, w, h] of rects)
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) map[y * width + x] = 0.9;
  return map;
}

describe('DB post-processing', () => {
  it('turns each region of the map into an unclipped quad in image pixels', () => {
    const map = mapWith(64, 32, [
      [4, 4, 40, 6],
      [4, 20, 20, 6],
    ]);
    const found = dbQuads(map, 64, 32, { x: 2, y: 2 });
    expect(found).toHaveLength(2);
    const first = quadBounds(found[0]!.quad);
    // Region 40×6 model px (centres span 39×5); unclip distance 39·5·1.5/88 ≈ 3.32 px each side.
    expect(first.x).toBeCloseTo((4.5 - 3.32) * 2, 0);
    expect(first.w).toBeCloseTo((39 + 6.65) * 2, 0);
    expect(first.h).toBeCloseTo((5 + 6.65) * 2, 0);
    expect(found[0]!.score).toBeCloseTo(0.9, 5);
  });

  it('drops specks and weak regions', () => {
    const map = mapWith(32, 32, [[2, 2, 2, 2]]);
    map.fill(0.35, 20 * 32, 26 * 32); // wide but faint band: above threshold, below box threshold
    expect(dbQuads(map, 32, 32, { x: 1, y: 1 }, DEFAULT_DETECT)).toEqual([]);
  });
});

describe('detector input', () => {
  it('scales the longer side to the limit and both sides to multiples of 32', () => {
    const image = { width: 1920, height: 1000, data: new Uint8Array(1920 * 1000 * 4).fill(255) };
    const input = detectInput(image, 960);
    expect(input.tensor.dims).toEqual([1, 3, 512, 960]);
    expect(input.scaleX).toBeCloseTo(2);
    // White paper normalised with ImageNet statistics, blue plane first.
    expect(input.tensor.data[0]).toBeCloseTo((1 - 0.485) / 0.229, 4);
  });
});
