import {
  RawImage,
  SamImageProcessor,
  SamProcessor,
  type Processor,
} from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { samPreprocessorConfig } from '../../models-manifest/synthetic-sam/files.ts';
import { modelInputSize } from './model-input.ts';

/** The preprocessor_config.json of the original SAM exports (Xenova/slimsam-77-uniform). */
const SAM_CONFIG = {
  do_convert_rgb: true,
  do_normalize: true,
  do_pad: true,
  do_rescale: true,
  do_resize: true,
  image_mean: [0.485, 0.456, 0.406],
  image_processor_type: 'SamImageProcessor',
  image_std: [0.229, 0.224, 0.225],
  pad_size: { height: 1024, width: 1024 },
  processor_class: 'SamProcessor',
  resample: 2,
  rescale_factor: 0.00392156862745098,
  size: { longest_edge: 1024 },
};

function processorOf(config: Record<string, unknown>): Processor {
  return new SamProcessor({}, { image_processor: new SamImageProcessor(config) }, null);
}

/** What the processor itself makes of an image of this size: the size it resized it to. */
async function processorReshaped(processor: Processor, width: number, height: number) {
  const image = new RawImage(new Uint8ClampedArray(width * height * 3), width, height, 3);
  const run = processor as unknown as (
    image: RawImage,
  ) => Promise<{ reshaped_input_sizes: [number, number][] }>;
  const [h, w] = (await run(image)).reshaped_input_sizes[0]!;
  return { width: w, height: h };
}

/** Sizes whose scaled sides round: wide, tall, upscaled, one odd pixel. */
const SIZES = [
  [1000, 333],
  [333, 1000],
  [640, 480],
  [1501, 1001],
  [1024, 1024],
  [2000, 7],
] as const;

describe('modelInputSize: the size the processor itself resizes to, without running it', () => {
  it('SAM 2 / EdgeTAM (the synthetic SAM’s processor): every image stretched to 1024 × 1024', async () => {
    const processor = processorOf(samPreprocessorConfig);
    for (const [width, height] of SIZES) {
      expect(modelInputSize(processor, { width, height })).toEqual({ width: 1024, height: 1024 });
      expect(await processorReshaped(processor, width, height)).toEqual({
        width: 1024,
        height: 1024,
      });
    }
  });

  it('SAM: longest side 1024, aspect kept, the same rounding as the processor', async () => {
    const processor = processorOf(SAM_CONFIG);
    for (const [width, height] of SIZES) {
      const size = modelInputSize(processor, { width, height });
      expect(size).toEqual(await processorReshaped(processor, width, height));
      expect(Math.max(size.width, size.height)).toBe(1024);
    }
    expect(modelInputSize(processor, { width: 1000, height: 333 })).toEqual({
      width: 1024,
      height: 340,
    });
  });

  it('an image already at its input size stays as it is (the processor will not resize it again)', () => {
    for (const config of [samPreprocessorConfig, SAM_CONFIG]) {
      const processor = processorOf(config);
      for (const [width, height] of SIZES) {
        const size = modelInputSize(processor, { width, height });
        expect(modelInputSize(processor, size)).toEqual(size);
      }
    }
  });
});
