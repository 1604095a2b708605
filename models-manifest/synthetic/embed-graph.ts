import { RESERVED_CHANNELS } from './bookkeeping.ts';
import type { SyntheticDims } from './dims.ts';
import { GraphBuilder, int } from './onnx-graph.ts';
import { Layers } from './layers.ts';
import type { SeededRandom } from './random.ts';
import type { CompiledScripts } from './script-spec.ts';

/** embed_tokens: input_ids → inputs_embeds, with the trigger code in channel 0. */
export function buildEmbedTokens(
  dims: SyntheticDims,
  scripts: CompiledScripts,
  rng: SeededRandom,
): GraphBuilder {
  const g = new GraphBuilder('embed_tokens');
  const l = new Layers(g, rng);
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const width = dims.hiddenSize - RESERVED_CHANNELS;
  const table = g.weight('embed_tokens.weight', rng.weights(dims.embeddingRows * width, 0.5), [
    dims.embeddingRows,
    width,
  ]);
  const rows = g.op('Mod', [ids, g.scalarInt(dims.embeddingRows)]);
  const embedded = g.op('Gather', [table, rows], { axis: int(0) });

  // A never-matching id keeps the graph the same shape when no script has a trigger.
  const triggers = scripts.triggerTokens.length > 0 ? scripts.triggerTokens : [{ id: -1, code: 0 }];
  const matches = l.toFloat(
    g.op('Equal', [l.unsqueeze(ids, [-1]), g.ints(triggers.map((t) => t.id))]),
  );
  const code = g.op('MatMul', [
    matches,
    g.floats(
      triggers.map((t) => t.code),
      [triggers.length, 1],
    ),
  ]);
  const zero = g.op('Mul', [code, g.scalarFloat(0)]);
  const output = g.op('Concat', [code, zero, zero, embedded], { axis: int(-1) });
  g.output(output, 'inputs_embeds', 'float32', ['batch_size', 'sequence_length', dims.hiddenSize]);
  return g;
}
