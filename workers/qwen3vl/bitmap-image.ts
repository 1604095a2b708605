import { RawImage } from '@huggingface/transformers';

/** A transferred ImageBitmap as the RGB RawImage the processor takes (closes the bitmap). */
export function bitmapToRawImage(bitmap: ImageBitmap): RawImage {
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d context in the worker');
  ctx.drawImage(bitmap, 0, 0);
  bitmap.close();
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  return new RawImage(data, canvas.width, canvas.height, 4).rgb();
}
