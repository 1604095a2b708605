import { floatBytes } from './precision.ts';

export const Q4_BLOCK = 32;

/** MatMulNBits' three inputs for one weight matrix, as the real q4 export stores them. */
export interface Q4Matrix {
  /** uint8 [rows, blocks, 16]: two 4-bit values per byte, the lower index in the low nibble. */
  weights: Uint8Array;
  /** [rows × blocks] per-block scales, float32 or float16. */
  scales: Uint8Array;
  /** uint8 [rows, ceil(blocks / 2)]: 4-bit zero points, packed the same way. */
  zeroPoints: Uint8Array;
}

export function q4Sizes(rows: number, columns: number, scaleType: 'float32' | 'float16') {
  const blocks = Math.ceil(columns / Q4_BLOCK);
  return {
    blocks,
    weights: rows * blocks * (Q4_BLOCK / 2),
    scales: rows * blocks * (scaleType === 'float32' ? 4 : 2),
    zeroPoints: rows * Math.ceil(blocks / 2),
  };
}

/**
 * Asymmetric 4-bit block quantization (min/max per block of 32 along a row), as ORT's
 * MatMul4BitsQuantizer does. `fillRow` writes one row of `columns` float weights; rows are filled in
 * order, so weights drawn from a seeded stream are the same as the float export's.
 */
export function quantizeQ4(
  rows: number,
  columns: number,
  scaleType: 'float32' | 'float16',
  fillRow: (row: Float32Array, index: number) => void,
): Q4Matrix {
  const sizes = q4Sizes(rows, columns, scaleType);
  const blocks = sizes.blocks;
  const weights = new Uint8Array(sizes.weights);
  const scales = new Float32Array(rows * blocks);
  const zeroBytes = Math.ceil(blocks / 2);
  const zeroPoints = new Uint8Array(sizes.zeroPoints);
  const row = new Float32Array(blocks * Q4_BLOCK);
  for (let r = 0; r < rows; r += 1) {
    row.fill(0);
    fillRow(row.subarray(0, columns), r);
    for (let b = 0; b < blocks; b += 1) {
      const start = b * Q4_BLOCK;
      let min = 0;
      let max = 0;
      for (let i = start; i < start + Q4_BLOCK; i += 1) {
        const v = row[i] as number;
        if (v < min) min = v;
        if (v > max) max = v;
      }
      const scale = (max - min) / 15 || 1;
      const zero = Math.min(15, Math.max(0, Math.round(-min / scale)));
      scales[r * blocks + b] = scale;
      const at = r * zeroBytes + (b >> 1);
      zeroPoints[at] = (zeroPoints[at] as number) | (zero << ((b & 1) * 4));
      const out = (r * blocks + b) * (Q4_BLOCK / 2);
      for (let i = 0; i < Q4_BLOCK; i += 2) {
        const lo = Math.min(15, Math.max(0, Math.round((row[start + i] as number) / scale) + zero));
        const hi = Math.min(
          15,
          Math.max(0, Math.round((row[start + i + 1] as number) / scale) + zero),
        );
        weights[out + i / 2] = lo | (hi << 4);
      }
    }
  }
  return { weights, scales: floatBytes(scales, scaleType), zeroPoints };
}

/** The float value MatMulNBits reconstructs for element (row, column) of a float32-scaled matrix. */
export function dequantizeQ4(
  matrix: Q4Matrix,
  columns: number,
  row: number,
  column: number,
): number {
  const blocks = Math.ceil(columns / Q4_BLOCK);
  const block = Math.floor(column / Q4_BLOCK);
  const byte = matrix.weights[(row * blocks + block) * (Q4_BLOCK / 2) + ((column % Q4_BLOCK) >> 1)];
  const q = column % 2 === 0 ? (byte as number) & 15 : (byte as number) >> 4;
  const zeroByte = matrix.zeroPoints[row * Math.ceil(blocks / 2) + (block >> 1)] as number;
  const zero = block % 2 === 0 ? zeroByte & 15 : zeroByte >> 4;
  const scale = new Float32Array(matrix.scales.buffer, matrix.scales.byteOffset)[
    row * blocks + block
  ];
  return (q - zero) * (scale as number);
}
