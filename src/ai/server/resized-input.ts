import type { Size } from '../../domain';
import type { CoordinateConvention } from './conventions';

/**
 * Qwen2.5-VL's image processor (transformers' Qwen2VLImageProcessor, qwen-vl-utils): sides
 * rounded to multiples of 28 (14-pixel patches merged 2×2), the area kept within
 * [min, max] pixels. Its answers are pixels of this resized picture.
 */
export interface ResizeRule {
  factor: number;
  minPixels: number;
  maxPixels: number;
}

/** The processor's defaults (preprocessor_config.json of the Qwen2.5-VL checkpoints). */
export const QWEN25_RESIZE: ResizeRule = {
  factor: 28,
  minPixels: 56 * 56,
  maxPixels: 28 * 28 * 16384,
};

/** Python's round(): halves go to the even neighbour, as the processor computes it. */
function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const diff = v - floor;
  if (diff > 0.5) return floor + 1;
  if (diff < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** smart_resize(height, width) of the Qwen2-VL/2.5-VL processors, as a size. */
export function smartResize(size: Size, rule: ResizeRule = QWEN25_RESIZE): Size {
  const { factor, minPixels, maxPixels } = rule;
  const { width, height } = size;
  let h = Math.max(factor, roundHalfEven(height / factor) * factor);
  let w = Math.max(factor, roundHalfEven(width / factor) * factor);
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = Math.max(factor, Math.floor(height / beta / factor) * factor);
    w = Math.max(factor, Math.floor(width / beta / factor) * factor);
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = Math.ceil((height * beta) / factor) * factor;
    w = Math.ceil((width * beta) / factor) * factor;
  }
  return { width: w, height: h };
}

/**
 * The grid a served model's coordinates are on, for the picture sent at `sent` size: undefined for
 * Qwen3-VL's 0–1000, the resized input's pixels for Qwen2.5-VL.
 */
export function answerGrid(convention: CoordinateConvention, sent: Size): Size | undefined {
  return convention === 'absolute-pixels' ? smartResize(sent) : undefined;
}
