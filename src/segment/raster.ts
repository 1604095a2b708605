import type { Polygon, Size } from '../domain';
import type { Mask } from './mask';
import type { CocoRle } from './rle';
import { placedMaskToRle } from './rle';

/**
 * Rings filled even-odd onto a mask of image size: a pixel is set when its centre is inside, so
 * an outline traced along pixel edges gives back exactly the pixels it was traced from. Holes are
 * just more rings; a ring inside a hole fills again.
 */
export function rasterizeRings(rings: readonly Polygon[], size: Size): Mask {
  const { width, height } = size;
  const data = new Uint8Array(width * height);
  const xs: number[] = [];
  for (let r = 0; r < height; r++) {
    const y = r + 0.5;
    xs.length = 0;
    for (const ring of rings) {
      const n = ring.length >> 1;
      for (let i = 0, j = n - 1; i < n; j = i++) {
        const ax = ring[2 * i]!;
        const ay = ring[2 * i + 1]!;
        const bx = ring[2 * j]!;
        const by = ring[2 * j + 1]!;
        if (ay > y !== by > y) xs.push(ax + ((y - ay) * (bx - ax)) / (by - ay));
      }
    }
    xs.sort((a, b) => a - b);
    for (let k = 0; k + 1 < xs.length; k += 2) {
      // Pixels whose centre c + 0.5 lies in [xs[k], xs[k+1]).
      const from = Math.max(0, Math.ceil(xs[k]! - 0.5));
      const to = Math.min(width, Math.ceil(xs[k + 1]! - 0.5));
      data.fill(1, r * width + from, r * width + Math.max(from, to));
    }
  }
  return { width, height, data, imageWidth: width, imageHeight: height };
}

/**
 * Rings (image pixels) as COCO RLE for an image of the given size: filled even-odd within their
 * bounds only, then placed, so a small region on a big photo costs its own size.
 */
export function ringsToRle(rings: readonly Polygon[], image: Size): CocoRle {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const ring of rings)
    for (let i = 0; i + 1 < ring.length; i += 2) {
      minX = Math.min(minX, ring[i]!);
      maxX = Math.max(maxX, ring[i]!);
      minY = Math.min(minY, ring[i + 1]!);
      maxY = Math.max(maxY, ring[i + 1]!);
    }
  const left = Math.max(0, Math.floor(Number.isFinite(minX) ? minX : 0));
  const top = Math.max(0, Math.floor(Number.isFinite(minY) ? minY : 0));
  const right = Math.min(image.width, Math.ceil(Number.isFinite(maxX) ? maxX : 0));
  const bottom = Math.min(image.height, Math.ceil(Number.isFinite(maxY) ? maxY : 0));
  const moved = rings.map((ring) => ring.map((v, i) => v - (i % 2 === 0 ? left : top)));
  const crop = rasterizeRings(moved, {
    width: Math.max(0, right - left),
    height: Math.max(0, bottom - top),
  });
  return placedMaskToRle(crop, left, top, image);
}
