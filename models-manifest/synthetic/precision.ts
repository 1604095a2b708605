/**
 * The weight formats the generator writes, named like transformers.js dtypes. q4 and q4f16 follow the
 * real export: MatMulNBits weights (4 bits, blocks of 32, per-block scale and zero point); q4f16
 * also keeps activations, the KV cache and the logits in float16.
 */
export interface Precision {
  weights: 'fp32' | 'q4';
  activation: 'float32' | 'float16';
}

export const PRECISIONS = {
  fp32: { weights: 'fp32', activation: 'float32' },
  q4: { weights: 'q4', activation: 'float32' },
  q4f16: { weights: 'q4', activation: 'float16' },
} as const satisfies Record<string, Precision>;

export type DtypeName = keyof typeof PRECISIONS;

/** File-name suffix transformers.js looks for per dtype (qwen3vl.md §1). */
export const DTYPE_SUFFIX: Record<DtypeName, string> = { fp32: '', q4: '_q4', q4f16: '_q4f16' };

export function isDtypeName(value: string): value is DtypeName {
  return Object.hasOwn(PRECISIONS, value);
}

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** IEEE 754 half-precision bits of a number, rounded to nearest even (Node 20 has no Float16Array). */
export function toHalfBits(value: number): number {
  scratch[0] = value;
  const x = scratchBits[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const midway = 1 << (shift - 1);
    const rounded = rest > midway || (rest === midway && (half & 1) === 1) ? half + 1 : half;
    return sign | rounded;
  }
  const half = (e << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  const rounded = rest > 0x1000 || (rest === 0x1000 && (half & 1) === 1) ? half + 1 : half;
  return sign | rounded;
}

/** Float values as raw bytes of the given element type. */
export function floatBytes(values: ArrayLike<number>, type: 'float32' | 'float16'): Uint8Array {
  if (type === 'float32') {
    const data = Float32Array.from(values);
    return new Uint8Array(data.buffer);
  }
  const data = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i += 1) data[i] = toHalfBits(values[i] as number);
  return new Uint8Array(data.buffer);
}
