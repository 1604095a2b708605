import { SamImageProcessor, Tensor } from '@huggingface/transformers';
import { describe, expect, it } from 'vitest';
import { maskIou } from '../../models-manifest/synthetic-sam/reference-mask.ts';
import { maskOnGrid, type MaskFrame } from './mask-resample.ts';

/** A processor from settings a preprocessor_config.json may hold (the typings list only some). */
function samProcessor(config: Record<string, unknown>): SamImageProcessor {
  return new SamImageProcessor(config as ConstructorParameters<typeof SamImageProcessor>[0]);
}

const LOW = { width: 256, height: 256 };
const PAD = { width: 1024, height: 1024 };

/** Logits of two objects on the low-resolution grid: a smooth ellipse, and a ±10 step block. */
function logits(): Float32Array {
  const out = new Float32Array(LOW.width * LOW.height);
  for (let y = 0; y < LOW.height; y += 1)
    for (let x = 0; x < LOW.width; x += 1) {
      const ellipse = 1 - ((x - 80) / 50) ** 2 - ((y - 90) / 30) ** 2;
      const block = x >= 150 && x < 231 && y >= 40 && y < 177 ? 10 : -10;
      out[y * LOW.width + x] = Math.max(ellipse * 8, block);
    }
  return out;
}

/** The processor's own post_process_masks (two bilinear interpolations through the input size). */
async function processorMask(
  data: Float32Array,
  frame: MaskFrame,
  grid: { width: number; height: number },
) {
  const processor = samProcessor({ size: { longest_edge: 1024 }, pad_size: PAD });
  const masks = new Tensor('float32', data, [1, 1, 1, LOW.height, LOW.width]);
  const [mask] = await processor.post_process_masks(
    masks,
    [[grid.height, grid.width]],
    [[frame.reshaped.height, frame.reshaped.width]],
  );
  return new Uint8Array(mask!.data as Uint8Array);
}

function agreement(a: Uint8Array, b: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < a.length; i += 1) if (a[i] === b[i]) same += 1;
  return same / a.length;
}

describe('maskOnGrid: the low-resolution mask sampled straight onto the image grid', () => {
  const cases = [
    // SAM 2 / EdgeTAM: the input is the stretched image, no padding.
    { name: 'SAM 2, 640 × 480 image', reshaped: PAD, grid: { width: 640, height: 480 } },
    {
      name: 'SAM 2, a wide image’s 1024 × 256 grid',
      reshaped: PAD,
      grid: { width: 1024, height: 256 },
    },
    // SAM: the aspect kept, the rest of the input padded.
    {
      name: 'SAM, 4 : 3 image padded below',
      reshaped: { width: 1024, height: 768 },
      grid: { width: 800, height: 600 },
    },
    {
      name: 'SAM, 1000 × 333 image',
      reshaped: { width: 1024, height: 340 },
      grid: { width: 1000, height: 333 },
    },
  ];
  for (const { name, reshaped, grid } of cases)
    it(`agrees with post_process_masks but at the edges: ${name}`, async () => {
      const data = logits();
      const frame = { low: LOW, pad: PAD, reshaped };
      const ours = maskOnGrid(data, frame, grid);
      const theirs = await processorMask(data, frame, grid);
      expect(ours.length).toBe(grid.width * grid.height);
      expect(ours.some((v) => v === 1)).toBe(true);
      expect(maskIou(ours, theirs)).toBeGreaterThanOrEqual(0.98);
      expect(agreement(ours, theirs)).toBeGreaterThanOrEqual(0.995);
    });

  it('maps a low-resolution cell to the image pixels it covers (no shift, padding left out)', () => {
    // One positive cell at low (64, 32) of a SAM input whose image fills the top 1024 × 512.
    const data = new Float32Array(LOW.width * LOW.height).fill(-10);
    data[32 * LOW.width + 64] = 10;
    const frame = { low: LOW, pad: PAD, reshaped: { width: 1024, height: 512 } };
    // An image of 2048 × 1024 on a grid of its own size: the cell covers input [256, 260) ×
    // [128, 132), so image [512, 520) × [256, 264): the mask reaches that cell's bounds.
    const mask = maskOnGrid(data, frame, { width: 2048, height: 1024 });
    const xs: number[] = [];
    const ys: number[] = [];
    mask.forEach((v, i) => {
      if (!v) return;
      xs.push(i % 2048);
      ys.push(Math.floor(i / 2048));
    });
    expect([Math.min(...xs), Math.max(...xs)]).toEqual([512, 519]);
    expect([Math.min(...ys), Math.max(...ys)]).toEqual([256, 263]);
  });
});
