import sharp from 'sharp';
import type { Size } from '../src/domain';
import type { Frame } from '../src/ai/coordinates';

// Many images are in flight at once, each small work for libvips: one thread per image and no
// operation cache keep CPU contention and memory flat over a 100k-image folder.
sharp.concurrency(1);
sharp.cache(false);

/** An image file as the model path needs it: its shown size (EXIF applied) and a pixel reader. */
export interface LoadedImage {
  size: Size;
  byteSize: number;
  /** The shown part, resized, as a JPEG `data:` URI (for a model server). */
  encode(crop: Frame | null, size: Size): Promise<string>;
  /** The shown part, resized, as PNG bytes (for the model runtime in this process). */
  png(crop: Frame | null, size: Size): Promise<Buffer>;
}

/** Reads the header only; pixels are decoded when `encode` is called, one image at a time. */
export async function loadImage(bytes: Buffer): Promise<LoadedImage> {
  const meta = await sharp(bytes).metadata();
  if (!meta.width || !meta.height) throw new Error('could not be decoded: no image size');
  // Orientations 5–8 swap the sides: the app's sizes are those the user sees.
  const swapped = (meta.orientation ?? 1) >= 5;
  const size = swapped
    ? { width: meta.height, height: meta.width }
    : { width: meta.width, height: meta.height };
  const shown = (crop: Frame | null, out: Size) => {
    let pipeline = sharp(bytes).rotate();
    if (crop)
      pipeline = pipeline.extract({
        left: Math.round(crop.x),
        top: Math.round(crop.y),
        width: Math.max(1, Math.round(crop.width)),
        height: Math.max(1, Math.round(crop.height)),
      });
    return pipeline
      .resize(out.width, out.height, { fit: 'fill' })
      .flatten({ background: '#ffffff' });
  };
  // A JPEG or an opaque PNG already upright and at the size to send goes as it is: decoding and
  // encoding it again would only cost time (and another lossy pass for a JPEG).
  const asIs =
    (meta.orientation ?? 1) === 1 &&
    ((meta.format === 'jpeg' && !meta.hasAlpha) || (meta.format === 'png' && !meta.hasAlpha))
      ? `image/${meta.format}`
      : null;
  return {
    size,
    byteSize: bytes.length,
    encode: async (crop, out) => {
      if (asIs && !crop && out.width === size.width && out.height === size.height)
        return `data:${asIs};base64,${bytes.toString('base64')}`;
      const jpeg = await shown(crop, out).jpeg({ quality: 90 }).toBuffer();
      return `data:image/jpeg;base64,${jpeg.toString('base64')}`;
    },
    png: (crop, out) => shown(crop, out).png().toBuffer(),
  };
}
