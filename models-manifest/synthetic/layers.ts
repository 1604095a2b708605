import { float, int, ints, type GraphBuilder } from './onnx-graph.ts';
import type { SeededRandom } from './random.ts';

/** Building blocks shared by the vision encoder and the decoder; weights come from one seeded stream. */
export class Layers {
  constructor(
    readonly g: GraphBuilder,
    readonly rng: SeededRandom,
  ) {}

  linear(x: string, inFeatures: number, outFeatures: number, hint: string): string {
    const w = this.g.weight(
      `${hint}.weight`,
      this.rng.weights(inFeatures * outFeatures, 1 / Math.sqrt(inFeatures)),
      [inFeatures, outFeatures],
    );
    return this.g.op('MatMul', [x, w]);
  }

  rmsNorm(x: string, size: number, hint: string, eps = 1e-6): string {
    const g = this.g;
    const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x])], {
      axes: ints([-1]),
      keepdims: int(1),
    });
    const scale = g.op('Reciprocal', [
      g.op('Sqrt', [g.op('Add', [meanSquare, g.scalarFloat(eps)])]),
    ]);
    const gain = g.weight(
      `${hint}.weight`,
      Float32Array.from({ length: size }, () => 1),
      [size],
    );
    return g.op('Mul', [g.op('Mul', [x, scale]), gain]);
  }

  layerNorm(x: string, size: number, hint: string): string {
    const gain = this.g.weight(
      `${hint}.weight`,
      Float32Array.from({ length: size }, () => 1),
      [size],
    );
    const bias = this.g.weight(`${hint}.bias`, new Float32Array(size), [size]);
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
    return this.g.op('Mul', [
      x,
      this.g.op('Sigmoid', [this.g.op('Mul', [x, this.g.scalarFloat(1.702)])]),
    ]);
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

  toFloat(x: string): string {
    return this.g.op('Cast', [x], { to: int(1) });
  }

  toInt64(x: string): string {
    return this.g.op('Cast', [x], { to: int(7) });
  }
}
