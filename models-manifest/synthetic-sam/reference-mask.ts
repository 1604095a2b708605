import { COLOUR_THRESHOLD } from './rule.ts';

/** Pixels as a browser or sharp hands them over: row-major, `channels` bytes per pixel (RGB first). */
export interface Pixels {
  width: number;
  height: number;
  channels: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * An independent reference for the synthetic SAM's rule, at full image resolution and without its
 * grids: the 4-connected pixels whose colour is within COLOUR_THRESHOLD (RGB 0–1, Euclidean) of
 * the clicked pixel's (the mean of the 9 pixels around it), from every positive point, inside the
 * box when one is given. Negative points are not modelled. Tests compare the model's mask with
 * it by IoU: the model's 4 px cells and averaged colours make the two close, never equal.
 */
export function referenceMask(
  pixels: Pixels,
  points: readonly { x: number; y: number }[],
  box?: { x: number; y: number; width: number; height: number },
): Uint8Array {
  const { width, height, channels, data } = pixels;
  const mask = new Uint8Array(width * height);
  const inBox = (x: number, y: number) =>
    !box || (x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height);
  const limit = (COLOUR_THRESHOLD * 255) ** 2;
  for (const point of points) {
    const px = Math.floor(point.x);
    const py = Math.floor(point.y);
    if (px < 0 || py < 0 || px >= width || py >= height || !inBox(px, py)) continue;
    const seed = [0, 0, 0];
    let n = 0;
    for (let dy = -1; dy <= 1; dy += 1)
      for (let dx = -1; dx <= 1; dx += 1) {
        const x = px + dx;
        const y = py + dy;
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        for (let c = 0; c < 3; c += 1) seed[c]! += data[(y * width + x) * channels + c]!;
        n += 1;
      }
    const colour = seed.map((v) => v / n);
    const similar = (i: number) => {
      let d = 0;
      for (let c = 0; c < 3; c += 1) d += (data[i * channels + c]! - colour[c]!) ** 2;
      return d < limit;
    };
    const stack = [py * width + px];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (mask[i]) continue;
      const x = i % width;
      const y = (i - x) / width;
      if (!inBox(x, y) || !similar(i)) continue;
      mask[i] = 1;
      if (x > 0) stack.push(i - 1);
      if (x < width - 1) stack.push(i + 1);
      if (y > 0) stack.push(i - width);
      if (y < height - 1) stack.push(i + width);
    }
  }
  return mask;
}

/** Intersection over union of two masks on the same grid. */
export function maskIou(a: Uint8Array, b: Uint8Array): number {
  let both = 0;
  let either = 0;
  for (let i = 0; i < a.length; i += 1) {
    if (a[i] && b[i]) both += 1;
    if (a[i] || b[i]) either += 1;
  }
  return either === 0 ? 1 : both / either;
}
