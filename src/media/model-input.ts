import type { Size } from '../domain';

/** The part of the picture the model is shown, in pixels of the (EXIF-corrected) image. */
export interface InputCrop {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** One image token covers 32×32 pixels; the processor resizes to the budget anyway. */
const PIXELS_PER_TOKEN = 32 * 32;

/**
 * The size to decode an image at before sending it to the worker: never more than ~4× the pixels the
 * processor will keep, so a 50 MP photo is not shipped and copied whole. Coordinates are relative to
 * the picture shown, so the scale does not matter to the answer.
 */
export function modelInputSize(picture: Size, maxImageTokens: number): Size {
  const budget = maxImageTokens * PIXELS_PER_TOKEN * 4;
  const pixels = picture.width * picture.height;
  if (pixels <= budget) return { width: picture.width, height: picture.height };
  const scale = Math.sqrt(budget / pixels);
  return {
    width: Math.max(1, Math.round(picture.width * scale)),
    height: Math.max(1, Math.round(picture.height * scale)),
  };
}

/**
 * Decodes the original (EXIF orientation applied) and returns the part the model must see — the
 * whole image or a region's crop — at a bounded size, as a bitmap ready to transfer to the worker.
 */
export async function modelInputBitmap(
  original: Blob,
  imageSize: Size,
  frame: InputCrop | null,
  maxImageTokens: number,
): Promise<ImageBitmap> {
  const full = await createImageBitmap(original, { imageOrientation: 'from-image' });
  try {
    // Stored sizes are EXIF-corrected; a decoder that disagrees is scaled to match them.
    const sx = full.width / imageSize.width;
    const sy = full.height / imageSize.height;
    const crop = frame ?? { x: 0, y: 0, width: imageSize.width, height: imageSize.height };
    const out = modelInputSize({ width: crop.width, height: crop.height }, maxImageTokens);
    const canvas = new OffscreenCanvas(out.width, out.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2d canvas context');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(
      full,
      crop.x * sx,
      crop.y * sy,
      crop.width * sx,
      crop.height * sy,
      0,
      0,
      out.width,
      out.height,
    );
    return canvas.transferToImageBitmap();
  } finally {
    full.close();
  }
}
