import type { ImageSize } from './model-input.ts';

/** Where the model's low-resolution mask sits: it covers `pad`, of which the image fills `reshaped`. */
export interface MaskFrame {
  /** The low-resolution mask's own size (SAM: 256 × 256). */
  low: ImageSize;
  /** The model input the mask covers, padding included (SAM: 1024 × 1024). */
  pad: ImageSize;
  /** The part of it the image filled (before padding). */
  reshaped: ImageSize;
}

/**
 * The model's mask logits sampled bilinearly at the centre of each grid cell and made binary
 * (logit > 0): what the processor's post_process_masks gives — upscale to the padded input, crop
 * the padding, scale to the image — in one pass over the grid, without its two interpolations
 * through the full 1024² input (the larger part of a click's time on WebAssembly). The grid covers
 * the whole image, which fills `reshaped` of the input.
 */
export function maskOnGrid(
  logits: ArrayLike<number>,
  frame: MaskFrame,
  grid: ImageSize,
  threshold = 0,
): Uint8Array {
  const { low, pad, reshaped } = frame;
  const out = new Uint8Array(grid.width * grid.height);
  // Grid cell centre → input pixels → low-resolution pixel centres (half-pixel convention).
  const column = (gx: number) =>
    ((gx + 0.5) * reshaped.width * low.width) / (grid.width * pad.width) - 0.5;
  const row = (gy: number) =>
    ((gy + 0.5) * reshaped.height * low.height) / (grid.height * pad.height) - 0.5;
  const x0 = new Int32Array(grid.width);
  const x1 = new Int32Array(grid.width);
  const fx = new Float32Array(grid.width);
  for (let gx = 0; gx < grid.width; gx += 1) {
    const x = Math.min(Math.max(column(gx), 0), low.width - 1);
    x0[gx] = Math.floor(x);
    x1[gx] = Math.min(x0[gx]! + 1, low.width - 1);
    fx[gx] = x - x0[gx]!;
  }
  for (let gy = 0; gy < grid.height; gy += 1) {
    const y = Math.min(Math.max(row(gy), 0), low.height - 1);
    const y0 = Math.floor(y);
    const fy = y - y0;
    const top = y0 * low.width;
    const bottom = Math.min(y0 + 1, low.height - 1) * low.width;
    const line = gy * grid.width;
    for (let gx = 0; gx < grid.width; gx += 1) {
      const a = x0[gx]!;
      const b = x1[gx]!;
      const f = fx[gx]!;
      const upper = logits[top + a]! + (logits[top + b]! - logits[top + a]!) * f;
      const lower = logits[bottom + a]! + (logits[bottom + b]! - logits[bottom + a]!) * f;
      if (upper + (lower - upper) * fy > threshold) out[line + gx] = 1;
    }
  }
  return out;
}
