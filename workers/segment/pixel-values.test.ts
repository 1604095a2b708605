import { RawImage, SamImageProcessor, Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { samPreprocessorConfig } from '../../models-manifest/synthetic-sam/files.ts';
import { seededRandom } from '../../src/domain/seeded-random.ts';
import { pixelValues } from './pixel-values.ts';

/** A processor from settings a preprocessor_config.json may hold (the typings list only some). */
function samProcessor(config: Record<string, unknown>): SamImageProcessor {
  return new SamImageProcessor(config as ConstructorParameters<typeof SamImageProcessor>[0]);
}

/**
 * The original SAM's processor settings (Xenova/slimsam-77-uniform: aspect kept, padded), at 128
 * instead of 1024 to keep the test quick: the arithmetic is the same.
 */
const SAM_CONFIG = {
  do_normalize: true,
  do_pad: true,
  do_rescale: true,
  do_resize: true,
  image_mean: [0.485, 0.456, 0.406],
  image_std: [0.229, 0.224, 0.225],
  pad_size: { height: 128, width: 128 },
  resample: 2,
  rescale_factor: 0.00392156862745098,
  size: { longest_edge: 128 },
};

/** Where the two differ (none expected): counted, not deep-compared, for speed. */
function differences(a: Tensor, b: Tensor): number {
  const x = a.data as Float32Array;
  const y = b.data as Float32Array;
  if (x.length !== y.length) return Math.max(x.length, y.length);
  let n = 0;
  for (let i = 0; i < x.length; i += 1) if (!Object.is(x[i], y[i])) n += 1;
  return n;
}

function noise(width: number, height: number, channels: 3 | 4): RawImage {
  const random = seededRandom(7);
  const data = Uint8ClampedArray.from({ length: width * height * channels }, () =>
    Math.floor(random() * 256),
  );
  return new RawImage(data, width, height, channels);
}

async function processorPixels(processor: SamImageProcessor, image: RawImage): Promise<Tensor> {
  const run = processor as unknown as (image: RawImage) => Promise<{ pixel_values: Tensor }>;
  return (await run(image)).pixel_values;
}

describe('pixelValues: the processor’s pixel_values in one pass, for an image at its input size', () => {
  it('SAM 2 / EdgeTAM (stretched, RGBA from a canvas): the same float32 values', async () => {
    // The synthetic SAM's settings (EdgeTAM's), at 96 × 128 to keep the test quick.
    const processor = samProcessor({
      ...samPreprocessorConfig,
      size: { height: 96, width: 128 },
    });
    const image = noise(128, 96, 4);
    const ours = pixelValues(processor, image)!;
    const theirs = await processorPixels(processor, image);
    expect(ours.dims).toEqual(theirs.dims);
    expect(differences(ours, theirs)).toBe(0);
  });

  it('SAM (128 × 96, padded below with zeros to 128²): the same float32 values', async () => {
    const processor = samProcessor(SAM_CONFIG);
    const image = noise(128, 96, 3);
    const ours = pixelValues(processor, image)!;
    const theirs = await processorPixels(processor, image);
    expect(ours.dims).toEqual([1, 3, 128, 128]);
    expect(ours.dims).toEqual(theirs.dims);
    expect(differences(ours, theirs)).toBe(0);
  });

  it('leaves a step it does not do to the processor', () => {
    const flipped = samProcessor({ ...SAM_CONFIG, do_flip_channel_order: true });
    expect(pixelValues(flipped, noise(8, 8, 3))).toBeNull();
    const cropped = samProcessor({ ...SAM_CONFIG, do_center_crop: true, crop_size: 4 });
    expect(pixelValues(cropped, noise(8, 8, 3))).toBeNull();
  });
});
