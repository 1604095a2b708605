import { describe, expect, it } from 'vitest';
import { maskIou, referenceMask } from './reference-mask.ts';

function flat(width: number, height: number, paint: (x: number, y: number) => number[]) {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) data.set(paint(x, y), (y * width + x) * 3);
  return { width, height, channels: 3, data };
}

describe('referenceMask', () => {
  const image = flat(40, 30, (x, y) =>
    x >= 10 && x < 20 && y >= 5 && y < 15 ? [200, 0, 0] : [0, 0, 200],
  );

  it('fills the connected pixels of the clicked colour', () => {
    const mask = referenceMask(image, [{ x: 15, y: 10 }]);
    expect(mask.reduce((n, v) => n + v, 0)).toBe(100);
    expect(mask[10 * 40 + 15]).toBe(1);
    expect(mask[0]).toBe(0);
  });

  it('stays inside the box and ignores clicks outside the image', () => {
    const mask = referenceMask(
      image,
      [
        { x: 1, y: 1 },
        { x: -5, y: 3 },
      ],
      { x: 0, y: 0, width: 5, height: 5 },
    );
    expect(mask.reduce((n, v) => n + v, 0)).toBe(25);
  });

  it('maskIou counts overlap over union', () => {
    expect(maskIou(Uint8Array.from([1, 1, 0, 0]), Uint8Array.from([0, 1, 1, 0]))).toBeCloseTo(
      1 / 3,
    );
    expect(maskIou(new Uint8Array(3), new Uint8Array(3))).toBe(1);
  });
});
