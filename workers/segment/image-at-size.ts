import { RawImage } from '@huggingface/transformers';
import type { ImageSize } from './model-input.ts';

/**
 * A decoded image drawn at the given size, as the RGBA pixels the processor reads. The browser
 * scales it natively, so a 12-megapixel photo never reaches the processor's JavaScript loops, which
 * would otherwise convert, copy and resize every one of its pixels.
 */
export function imageAtSize(image: ImageBitmap, size: ImageSize): RawImage {
  const canvas = new OffscreenCanvas(size.width, size.height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('this browser gives workers no 2D canvas');
  // A large downscale is filtered (mipmapped), not sampled pixel by pixel.
  context.imageSmoothingQuality = 'high';
  context.drawImage(image, 0, 0, size.width, size.height);
  const pixels = context.getImageData(0, 0, size.width, size.height).data;
  return new RawImage(pixels, size.width, size.height, 4);
}
