import { float, int, ints, type GraphBuilder } from './onnx-graph.ts';
import type { Precision } from './precision.ts';
import { Q4_BLOCK, q4Sizes, quantizeQ4 } from './quantize.ts';
import type { SeededRandom } from './random.ts';

/**
 * Building blocks shared by the vision encoder and the decoder. Weights come from one seeded stream,
 * drawn row by row of the [out, in] matrix (PyTorch's layout), so the fp32 and q4 files of a model
 * hold the same weights — q4 is the quantized fp32, as in the real export.
 */
export class Layers {
  constructor(
    readonly g: GraphBuilder,
    readonly rng: SeededRandom,
    readonly precision: Precision,
    /**
     * MatMulNBits' accuracy_level: unset (float compute) in every model file; 4 (int8 compute)
     * only in the benchmark's weight pass that shows what that would change.
     */
    readonly accuracyLevel?: number,
  ) {}

  /** The element type of activations (hidden states, KV cache, logits). */
  get act(): Precision['activation'] {
    return this.precision.activation;
  }

  linear(x: string, inFeatures: number, outFeatures: number, hint: string): string {
    const std = 1 / Math.sqrt(inFeatures);
    if (this.precision.weights === 'q4') {
      const [weights, scales, zeroPoints] = this.q4Matrix(outFeatures, inFeatures, hint, (row) =>
        this.rng.fill(row, std),
      );
      return this.g.op(
        'MatMulNBits',
        [x, weights as string, scales as string, zeroPoints as string],
        {
          K: int(inFeatures),
          N: int(outFeatures),
          bits: int(4),
          block_size: int(Q4_BLOCK),
          ...(this.accuracyLevel === undefined ? {} : { accuracy_level: int(this.accuracyLevel) }),
        },
        'com.microsoft',
      );
    }
    const [w] = this.g.weights(
      [{ hint: `${hint}.weight`, type: 'float32', dims: [inFeatures, outFeatures] }],
      () => {
        // Drawn [out, in], stored [in, out] for MatMul.
        const drawn = new Float32Array(outFeatures * inFeatures);
        this.rng.fill(drawn, std);
        const stored = new Float32Array(inFeatures * outFeatures);
        for (let o = 0; o < outFeatures; o += 1)
          for (let i = 0; i < inFeatures; i += 1)
            stored[i * outFeatures + o] = drawn[o * inFeatures + i] as number;
        return [new Uint8Array(stored.buffer)];
      },
    );
    return this.g.op('MatMul', [x, w as string]);
  }

  /** MatMulNBits' weights, scales and zero points for a [rows, columns] matrix filled row by row. */
  q4Matrix(
    rows: number,
    columns: number,
    hint: string,
    fillRow: (row: Float32Array, index: number) => void,
  ): string[] {
    const sizes = q4Sizes(rows, columns, this.act);
    return this.g.weights(
      [
        { hint: `${hint}.weight_q4`, type: 'uint8', dims: [rows, sizes.blocks, Q4_BLOCK / 2] },
        { hint: `${hint}.weight_scales`, type: this.act, dims: [rows * sizes.blocks] },
        { hint: `${hint}.weight_zp`, type: 'uint8', dims: [sizes.zeroPoints] },
      ],
      () => {
        const m = quantizeQ4(rows, columns, this.act, fillRow);
        return [m.weights, m.scales, m.zeroPoints];
      },
    );
  }

  /** A constant in the activation type. */
  constants(values: readonly number[], dims: number[] = [values.length]): string {
    return this.g.floats(values, dims, this.act);
  }

  scalar(value: number): string {
    return this.g.scalarFloat(value, this.act);
  }

  rmsNorm(x: string, size: number, eps = 1e-6): string {
    const g = this.g;
    const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], {
      axes: ints([-1]),
      keepdims: int(1),
    });
    const scale = g.op('Reciprocal', [g.op('Sqrt', [g.op('Add', [meanSquare, this.scalar(eps)])])]);
    const gain = this.constants(new Array<number>(size).fill(1));
    return g.op('Mul', [g.op('Mul', [x, scale]), gain]);
  }

  layerNorm(x: string, size: number): string {
    const gain = this.constants(new Array<number>(size).fill(1));
    const bias = this.constants(new Array<number>(size).fill(0));
    return this.g.op('LayerNormalization', [x, gain, bias], {
      axis: int(-1),
      epsilon: float(1e-6),
    });
  }

  silu(x: string): string {
    return this.g.op('Mul', [x, this.g.op('Sigmoid', [x])]);
  }

  /** GELU through its sigmoid approximation: opset 17 has no Gelu. */
  gelu(x: string): string {
    return this.g.op('Mul', [x, this.g.op('Sigmoid', [this.g.op('Mul', [x, this.scalar(1.702)])])]);
  }

  /** Element `index` of the last axis, without that axis. */
  channel(x: string, index: number): string {
    return this.g.op('Gather', [x, this.g.scalarInt(index)], { axis: int(-1) });
  }

  slice(x: string, starts: number[], ends: number[], axes: number[]): string {
    const g = this.g;
    return g.op('Slice', [x, g.ints(starts), g.ints(ends), g.ints(axes)]);
  }

  unsqueeze(x: string, axes: number[]): string {
    return this.g.op('Unsqueeze', [x, this.g.ints(axes)]);
  }

  /** To float32: the scripted bookkeeping always computes in float32, whatever the activations. */
  toFloat(x: string): string {
    return this.g.op('Cast', [x], { to: int(1) });
  }

  /** A float32 value in the activation type. */
  toAct(x: string): string {
    return this.act === 'float32' ? x : this.g.op('Cast', [x], { to: int(10) });
  }

  toInt64(x: string): string {
    return this.g.op('Cast', [x], { to: int(7) });
  }
}
