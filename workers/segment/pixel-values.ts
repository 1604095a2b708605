import { Tensor, type ImageProcessor, type RawImage } from '@huggingface/transformers';

/** The processor settings this one pass reproduces; any other step (crop, flip…) is not. */
function simpleSettings(images: ImageProcessor) {
  const config = images.config as Record<string, unknown>;
  const unsupported =
    images.do_thumbnail ||
    images.do_center_crop ||
    config.do_crop_margin ||
    config.do_flip_channel_order ||
    config.do_convert_grayscale ||
    (images.do_pad && !images.pad_size);
  if (unsupported) return null;
  const mean = images.image_mean as unknown;
  const std = images.image_std as unknown;
  const perChannel = (v: unknown, fallback: number): number[] =>
    Array.isArray(v)
      ? (v as number[])
      : [0, 1, 2].map(() => (typeof v === 'number' ? v : fallback));
  return {
    rescale: images.do_rescale ? images.rescale_factor : 1,
    mean: images.do_normalize ? perChannel(mean, 0) : [0, 0, 0],
    std: images.do_normalize ? perChannel(std, 1) : [1, 1, 1],
    pad: images.do_pad ? (images.pad_size as { width: number; height: number }) : null,
  };
}

/**
 * pixel_values [1, 3, H, W] of an RGB(A) image already at the model's input size, with exactly the
 * processor's arithmetic (rescale, then (v − mean) / std, each rounded to float32; zero padding to
 * pad_size after normalising) in one pass. The processor's own path copies, rescales, normalises and
 * permutes the 3 M values in four passes of generic JavaScript: most of an encode for small
 * encoders. Null when the processor does a step this pass does not (then run the processor).
 */
export function pixelValues(images: ImageProcessor, image: RawImage): Tensor | null {
  const settings = simpleSettings(images);
  if (!settings || image.channels < 3) return null;
  const { width, height, channels, data } = image;
  const padWidth = settings.pad?.width ?? width;
  const padHeight = settings.pad?.height ?? height;
  if (padWidth < width || padHeight < height) return null;
  const plane = padWidth * padHeight;
  const out = new Float32Array(3 * plane);
  const { rescale, mean, std } = settings;
  for (let c = 0; c < 3; c += 1) {
    const m = mean[c]!;
    const s = std[c]!;
    const base = c * plane;
    for (let y = 0; y < height; y += 1) {
      let source = y * width * channels + c;
      const target = base + y * padWidth;
      for (let x = 0; x < width; x += 1) {
        out[target + x] = (Math.fround(rescale * data[source]!) - m) / s;
        source += channels;
      }
    }
  }
  return new Tensor('float32', out, [1, 3, padHeight, padWidth]);
}
