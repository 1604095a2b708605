import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { polygonArea } from '../domain';
import { maskToParts, traceRings } from './contours';
import { maskIoU, partRings, partsIoU } from './iou';
import type { Mask } from './mask';
import { maskArea } from './mask';
import { rasterizeRings } from './raster';
import { maskToRle, rleProblem, rleToMask } from './rle';
import { simplifyRing } from './simplify';

/** A mask from rows of '#' (set) and '.' (unset), one cell per image pixel unless scaled. */
function maskOf(rows: string[], imageWidth?: number, imageHeight?: number): Mask {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8Array(width * height);
  rows.forEach((row, r) => [...row].forEach((ch, c) => (data[r * width + c] = ch === '#' ? 1 : 0)));
  return {
    width,
    height,
    data,
    imageWidth: imageWidth ?? width,
    imageHeight: imageHeight ?? height,
  };
}

const exact = { tolerance: 0 };

describe('traceRings', () => {
  it('traces one cell as a clockwise square', () => {
    const rings = traceRings(maskOf(['...', '.#.', '...']));
    expect(rings).toEqual([
      {
        points: [
          { x: 1, y: 1 },
          { x: 2, y: 1 },
          { x: 2, y: 2 },
          { x: 1, y: 2 },
        ],
        area: 1,
      },
    ]);
  });

  it('gives a hole as a counter-clockwise ring', () => {
    const rings = traceRings(maskOf(['###', '#.#', '###']));
    expect(rings.map((r) => r.area).sort()).toEqual([-1, 9]);
  });

  it('keeps cells that touch only at a corner apart', () => {
    const rings = traceRings(maskOf(['#.', '.#']));
    expect(rings).toHaveLength(2);
    expect(rings.every((r) => r.area === 1 && r.points.length === 4)).toBe(true);
  });
});

describe('maskToParts', () => {
  it('finds several parts, largest first, each with its own holes', () => {
    const mask = maskOf(['#####....', '#...#..##', '#.#.#..##', '#...#....', '#####....']);
    const parts = maskToParts(mask, exact);
    expect(parts).toHaveLength(3);
    expect(polygonArea(parts[0]!.outer)).toBe(25);
    expect(parts[0]!.holes.map(polygonArea)).toEqual([9]);
    expect(parts.slice(1).map((p) => polygonArea(p.outer))).toEqual([4, 1]);
    // The island inside the hole is its own part, not a hole of the frame.
    expect(parts.slice(1).every((p) => p.holes.length === 0)).toBe(true);
  });

  it('scales grid cells to image pixels', () => {
    const parts = maskToParts(maskOf(['.#', '..'], 200, 100), exact);
    expect(parts[0]!.outer).toEqual([100, 0, 200, 0, 200, 50, 100, 50]);
  });

  it('drops specks below the smallest area, parts and holes alike', () => {
    const mask = maskOf(['#####.#', '#.###..', '#####..']);
    expect(maskToParts(mask, { tolerance: 0, minArea: 2 })).toEqual([
      { outer: [0, 0, 5, 0, 5, 3, 0, 3], holes: [] },
    ]);
  });

  it('gives back exactly the traced pixels when not simplified', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.boolean(), { minLength: 144, maxLength: 144 }),
        (w, h, bits) => {
          const data = Uint8Array.from(bits.slice(0, w * h), (b) => (b ? 1 : 0));
          const mask: Mask = { width: w, height: h, data, imageWidth: w, imageHeight: h };
          const parts = maskToParts(mask, exact);
          const back = rasterizeRings(partRings(parts), { width: w, height: h });
          expect([...back.data]).toEqual([...data]);
        },
      ),
    );
  });

  it('simplifies a staircase within the tolerance and keeps the area close', () => {
    // A disc of radius 40: its pixel outline has hundreds of corners.
    const size = 100;
    const data = new Uint8Array(size * size);
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++)
        data[r * size + c] = (c + 0.5 - 50) ** 2 + (r + 0.5 - 50) ** 2 < 1600 ? 1 : 0;
    const mask: Mask = { width: size, height: size, data, imageWidth: size, imageHeight: size };
    const fine = maskToParts(mask, exact)[0]!;
    const coarse = maskToParts(mask, { tolerance: 1.5 })[0]!;
    expect(coarse.outer.length).toBeLessThan(fine.outer.length / 3);
    expect(partsIoU([fine], [coarse], { width: size, height: size })).toBeGreaterThan(0.97);
  });
});

describe('simplifyRing', () => {
  it('drops collinear points at tolerance 0 and near ones within it', () => {
    const ring = [
      { x: 0, y: 0 },
      { x: 5, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 5, y: 10.4 },
      { x: 0, y: 10 },
    ];
    expect(simplifyRing(ring, 0)).toHaveLength(5);
    expect(simplifyRing(ring, 0.5)).toEqual([
      { x: 0, y: 0 },
      { x: 10, y: 0 },
      { x: 10, y: 10 },
      { x: 0, y: 10 },
    ]);
  });
});

describe('COCO RLE', () => {
  it('runs down the columns and starts with the unset count', () => {
    const mask = maskOf(['#.', '##', '..']);
    // Column 0: 1 1 0, column 1: 0 1 0 → runs: 0 unset, 2 set, 2 unset, 1 set, 1 unset.
    expect(maskToRle(mask)).toEqual({ size: [3, 2], counts: [0, 2, 2, 1, 1] });
    expect([...rleToMask(maskToRle(mask)).data]).toEqual([...mask.data]);
  });

  it('says what is wrong with a broken RLE', () => {
    expect(rleProblem({ size: [2, 2], counts: [1, 2] })).toMatch(/add up to 3/);
    expect(rleProblem({ size: [2, 2], counts: [1, -1, 4] })).toMatch(/whole numbers/);
    expect(rleProblem({ size: [0, 2], counts: [] })).toMatch(/size/);
    expect(rleProblem({ size: [2, 2], counts: [4] })).toBeNull();
  });
});

describe('IoU', () => {
  it('measures overlap of masks and of polygon parts', () => {
    const a = maskOf(['##..', '##..']);
    const b = maskOf(['.##.', '.##.']);
    expect(maskIoU(a, b)).toBeCloseTo(2 / 6);
    expect(maskIoU(a, a)).toBe(1);
    const square = { outer: [0, 0, 2, 0, 2, 2, 0, 2], holes: [] };
    const framed = { outer: [0, 0, 2, 0, 2, 2, 0, 2], holes: [[0, 0, 1, 0, 1, 1, 0, 1]] };
    expect(partsIoU([square], [framed], { width: 4, height: 4 })).toBeCloseTo(3 / 4);
    expect(maskArea(rasterizeRings(partRings([framed]), { width: 4, height: 4 }))).toBe(3);
  });
});
