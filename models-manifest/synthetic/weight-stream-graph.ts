import type { SyntheticDims } from './dims.ts';
import { VOCAB_SIZE } from './dims.ts';
import { GraphBuilder, int, ints } from './onnx-graph.ts';
import { Layers } from './layers.ts';
import type { Precision } from './precision.ts';
import type { SeededRandom } from './random.ts';

/**
 * The decoder's weight stream and nothing else: every MatMulNBits of the decoder (per layer q, k,
 * v, o, gate, up, down, then the LM head) at batch 1, chained by a few element-wise ops. One pass
 * reads the same 4-bit weights a decode step reads, so its time is the kernel-bound floor of decode.
 */
export function buildWeightStream(
  dims: SyntheticDims,
  rng: SeededRandom,
  precision: Precision,
  accuracyLevel?: number,
): GraphBuilder {
  const g = new GraphBuilder('decoder_weight_stream');
  const l = new Layers(g, rng, precision, accuracyLevel);
  const { hiddenSize: H, headDim: D, attentionHeads: Q, keyValueHeads: KV } = dims;
  // Rows are symbolic: B rows are B sequences decoding one token each.
  let x = g.input('hidden', precision.activation, ['rows', H]);
  const mean = (t: string) => g.op('ReduceMean', [t], { axes: ints([-1]), keepdims: int(1) });
  for (let i = 0; i < dims.layers; i += 1) {
    const p = `layers.${i}`;
    // k and v only scale q, so every projection stays on the path to the output.
    const k = mean(l.linear(x, H, KV * D, `${p}.k_proj`));
    const v = mean(l.linear(x, H, KV * D, `${p}.v_proj`));
    const q = l.linear(x, H, Q * D, `${p}.q_proj`);
    const h = l.linear(g.op('Mul', [g.op('Mul', [q, k]), v]), Q * D, H, `${p}.o_proj`);
    const gate = l.linear(h, H, dims.intermediateSize, `${p}.gate_proj`);
    const up = l.linear(h, H, dims.intermediateSize, `${p}.up_proj`);
    x = l.linear(g.op('Mul', [gate, up]), dims.intermediateSize, H, `${p}.down_proj`);
  }
  g.output(l.linear(x, H, VOCAB_SIZE, 'lm_head'), 'logits', precision.activation, [
    'rows',
    VOCAB_SIZE,
  ]);
  return g;
}
