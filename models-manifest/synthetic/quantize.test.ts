import { describe, expect, it } from 'vitest';
import { buildDecoder } from './decoder-graph.ts';
import { DIMS } from './dims.ts';
import { buildEmbedTokens } from './embed-graph.ts';
import { PRECISIONS, toHalfBits } from './precision.ts';
import { dequantizeQ4, q4Sizes, quantizeQ4 } from './quantize.ts';
import { SeededRandom } from './random.ts';
import { compileScripts, parseSpec } from './script-spec.ts';
import { buildVisionEncoder } from './vision-graph.ts';

describe('4-bit block quantization (MatMulNBits layout)', () => {
  it('packs the lower index in the low nibble and reconstructs each weight within half a step', () => {
    const rows = 3;
    const columns = 70; // not a multiple of 32: the last block is padded
    const rng = new SeededRandom(7);
    const drawn = Array.from({ length: rows }, () => rng.weights(columns, 0.1));
    const m = quantizeQ4(rows, columns, 'float32', (row, r) => row.set(drawn[r] as Float32Array));
    const sizes = q4Sizes(rows, columns, 'float32');
    expect(sizes.blocks).toBe(3);
    expect(m.weights.length).toBe(sizes.weights);
    expect(m.scales.length).toBe(sizes.scales);
    expect(m.zeroPoints.length).toBe(rows * 2);
    const scales = new Float32Array(m.scales.buffer);
    for (let r = 0; r < rows; r += 1)
      for (let c = 0; c < columns; c += 1) {
        const step = scales[r * 3 + Math.floor(c / 32)] as number;
        const original = (drawn[r] as Float32Array)[c] as number;
        expect(Math.abs(dequantizeQ4(m, columns, r, c) - original)).toBeLessThanOrEqual(
          step / 2 + 1e-7,
        );
      }
  });

  it('maps a block’s minimum to 0 and its maximum to 15', () => {
    const m = quantizeQ4(1, 32, 'float32', (row) =>
      row.set(Array.from({ length: 32 }, (_, i) => i - 8)),
    );
    expect(m.weights[0]).toBe(0 | (1 << 4));
    expect(m.weights[15]! >> 4).toBe(15);
    expect(m.zeroPoints[0]! & 15).toBe(4); // -8 / (31 / 15) rounds to -4
    expect(new Float32Array(m.scales.buffer)[0]).toBeCloseTo(31 / 15, 6);
  });
});

describe('float16 encoding', () => {
  it('rounds to the nearest half-precision value', () => {
    expect(toHalfBits(1)).toBe(0x3c00);
    expect(toHalfBits(-2)).toBe(0xc000);
    expect(toHalfBits(0.1)).toBe(0x2e66);
    expect(toHalfBits(65504)).toBe(0x7bff);
    expect(toHalfBits(1e6)).toBe(0x7c00);
    expect(toHalfBits(2 ** -24)).toBe(0x0001);
    expect(toHalfBits(1e-9)).toBe(0);
    expect(toHalfBits(-10000)).toBe(0xf0e2);
  });
});

describe('the 2B-shaped model', () => {
  const scripts = compileScripts(parseSpec({ scripts: [{ text: 'ok' }] }), {
    encode: (text) => Array.from(text, (c) => c.codePointAt(0) ?? 0),
  });

  it('has about the real q4 export’s weight bytes per session (qwen3vl.md §1)', () => {
    // Only the graphs are built here: weights are produced when a file is written.
    const dims = DIMS['2b'];
    const q4 = PRECISIONS.q4;
    const rng = new SeededRandom(1);
    const real = { embed: 199_340_032, vision: 217_952_256, decoder: 1_102_630_912 };
    const ours = {
      embed: buildEmbedTokens(dims, scripts, rng, q4).externalBytes,
      vision: buildVisionEncoder(dims, rng, q4).externalBytes,
      decoder: buildDecoder(dims, scripts, rng, q4).externalBytes,
    };
    // Same layout, same bytes: embeddings and decoder within 1 %, the vision tower (which lacks
    // the real one's biases and position embeddings) within 5 %.
    const tolerance = { embed: 0.01, vision: 0.05, decoder: 0.01 };
    for (const key of ['embed', 'vision', 'decoder'] as const)
      expect(Math.abs(ours[key] / real[key] - 1), key).toBeLessThan(tolerance[key]);
    // q4f16 halves the scales: ≈ 1.37 GB in all, like the real q4f16 files.
    const half = PRECISIONS.q4f16;
    const halfTotal =
      buildEmbedTokens(dims, scripts, rng, half).externalBytes +
      buildVisionEncoder(dims, rng, half).externalBytes +
      buildDecoder(dims, scripts, rng, half).externalBytes;
    expect(halfTotal / 1e9).toBeCloseTo(1.37, 1);
  });
});
