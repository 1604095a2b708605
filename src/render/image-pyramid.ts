import type { Box, Size } from '../domain';
import { decodeOriented, planTiles } from './image-tiles';

/** One level of the mip chain: the picture at `scale` of its original pixels. */
export interface PyramidLevel<T> {
  scale: number;
  bitmap: T;
}

/** Levels stop at this many pixels on the long side: smaller would only save a few pixels. */
const SMALLEST_LEVEL = 256;

/** The scales of the chain for an image decoded at `decodedScale`: halving down to ~256 px. */
export function pyramidScales(size: Size, decodedScale: number): number[] {
  const scales = [decodedScale];
  let s = decodedScale;
  while (Math.max(size.width, size.height) * s * 0.5 >= SMALLEST_LEVEL) {
    s *= 0.5;
    scales.push(s);
  }
  return scales;
}

/**
 * The coarsest level that still has at least one pixel per device pixel at `screenScale`
 * (device pixels per original pixel): a 1080p view of a 4K picture samples a quarter of it.
 */
export function pickLevel<T>(
  levels: readonly PyramidLevel<T>[],
  screenScale: number,
): PyramidLevel<T> {
  let best = levels[0]!;
  for (const level of levels)
    if (level.scale >= screenScale && level.scale < best.scale) best = level;
  return best;
}

/** The part of a level to copy for the visible image area (clipped to the picture). */
export function sourceRect(image: Size, visible: Box): Box | null {
  const x0 = Math.max(0, visible.x);
  const y0 = Math.max(0, visible.y);
  const x1 = Math.min(image.width, visible.x + visible.w);
  const y1 = Math.min(image.height, visible.y + visible.h);
  if (x1 <= x0 || y1 <= y0) return null;
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/**
 * Decodes the picture once (EXIF orientation applied; huge pictures downscaled in the decoder)
 * and builds the halved levels from it, each from the one before.
 */
export async function decodePyramid(blob: Blob, size: Size): Promise<PyramidLevel<ImageBitmap>[]> {
  const full = await decodeOriented(blob, planTiles(size, Number.MAX_SAFE_INTEGER));
  const levels: PyramidLevel<ImageBitmap>[] = [{ scale: full.width / size.width, bitmap: full }];
  for (const scale of pyramidScales(size, levels[0]!.scale).slice(1)) {
    const from = levels[levels.length - 1]!.bitmap;
    const bitmap = await createImageBitmap(from, {
      resizeWidth: Math.max(1, Math.round(size.width * scale)),
      resizeHeight: Math.max(1, Math.round(size.height * scale)),
      resizeQuality: 'medium',
    });
    levels.push({ scale: bitmap.width / size.width, bitmap });
  }
  return levels;
}
