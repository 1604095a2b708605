import type { Size } from '../domain';

/** One piece of the decoded image and where it sits in original image pixels. */
export interface ImageTile {
  bitmap: ImageBitmap;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Decoded pixels kept on the GPU at most: 40 MP is ~160 MB of RGBA. A 50 MP photo is decoded
 * slightly downscaled; coordinates stay in original pixels because tiles are placed by `scale`.
 */
const MAX_PIXELS = 40_000_000;
const MAX_TILE = 4096;

export interface TilePlan {
  /** Decoded size over original size (≤ 1). */
  scale: number;
  decoded: Size;
  tiles: { sx: number; sy: number; sw: number; sh: number }[];
}

export function planTiles(size: Size, maxTextureSize: number, maxPixels = MAX_PIXELS): TilePlan {
  const scale = Math.min(1, Math.sqrt(maxPixels / (size.width * size.height)));
  const decoded = {
    width: Math.max(1, Math.round(size.width * scale)),
    height: Math.max(1, Math.round(size.height * scale)),
  };
  const tile = Math.min(MAX_TILE, maxTextureSize);
  const tiles: TilePlan['tiles'] = [];
  for (let sy = 0; sy < decoded.height; sy += tile) {
    for (let sx = 0; sx < decoded.width; sx += tile) {
      tiles.push({
        sx,
        sy,
        sw: Math.min(tile, decoded.width - sx),
        sh: Math.min(tile, decoded.height - sy),
      });
    }
  }
  return { scale, decoded, tiles };
}

/** Decodes with EXIF orientation applied, downscaled in the decoder to the plan's size. */
export function decodeOriented(blob: Blob, plan: TilePlan): Promise<ImageBitmap> {
  return createImageBitmap(
    blob,
    plan.scale < 1
      ? {
          imageOrientation: 'from-image',
          resizeWidth: plan.decoded.width,
          resizeHeight: plan.decoded.height,
          resizeQuality: 'high',
        }
      : { imageOrientation: 'from-image' },
  );
}

/** Decodes with EXIF orientation applied, downscaling in the decoder when the image is huge. */
export async function decodeTiles(
  blob: Blob,
  size: Size,
  maxTextureSize: number,
): Promise<ImageTile[]> {
  const plan = planTiles(size, maxTextureSize);
  const full = await decodeOriented(blob, plan);
  // The decoder may disagree with the stored size by a pixel; place tiles by the real ratio.
  const kx = size.width / full.width;
  const ky = size.height / full.height;
  if (plan.tiles.length === 1) return [{ bitmap: full, x: 0, y: 0, w: size.width, h: size.height }];
  try {
    return await Promise.all(
      plan.tiles.map(async (t) => ({
        bitmap: await createImageBitmap(full, t.sx, t.sy, t.sw, t.sh),
        x: t.sx * kx,
        y: t.sy * ky,
        w: t.sw * kx,
        h: t.sh * ky,
      })),
    );
  } finally {
    full.close();
  }
}
