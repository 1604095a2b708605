import { RESERVED_CHANNELS } from './bookkeeping.ts';
import type { SyntheticDims } from './dims.ts';
import { GraphBuilder, int } from './onnx-graph.ts';
import { Layers } from './layers.ts';
import type { Precision } from './precision.ts';
import { Q4_BLOCK } from './quantize.ts';
import type { SeededRandom } from './random.ts';
import type { CompiledScripts } from './script-spec.ts';

const EMBEDDING_STD = 0.5;

/** embed_tokens: input_ids → inputs_embeds, with the trigger code in channel 0. */
export function buildEmbedTokens(
  dims: SyntheticDims,
  scripts: CompiledScripts,
  rng: SeededRandom,
  precision: Precision,
): GraphBuilder {
  const g = new GraphBuilder('embed_tokens');
  const l = new Layers(g, rng, precision);
  const ids = g.input('input_ids', 'int64', ['batch_size', 'sequence_length']);
  const width = dims.hiddenSize - RESERVED_CHANNELS;
  const rows = g.op('Mod', [ids, g.scalarInt(dims.embeddingRows)]);
  const embedded =
    precision.weights === 'q4'
      ? quantizedLookup(l, rows, dims.embeddingRows, width)
      : g.op(
          'Gather',
          [
            g.weight(
              'embed_tokens.weight',
              rng.weights(dims.embeddingRows * width, EMBEDDING_STD),
              [dims.embeddingRows, width],
            ),
            rows,
          ],
          { axis: int(0) },
        );

  // A never-matching id keeps the graph the same shape when no script has a trigger.
  const triggers = scripts.triggerTokens.length > 0 ? scripts.triggerTokens : [{ id: -1, code: 0 }];
  const matches = l.toFloat(
    g.op('Equal', [l.unsqueeze(ids, [-1]), g.ints(triggers.map((t) => t.id))]),
  );
  const code = l.toAct(
    g.op('MatMul', [
      matches,
      g.floats(
        triggers.map((t) => t.code),
        [triggers.length, 1],
      ),
    ]),
  );
  const zero = g.op('Mul', [code, l.scalar(0)]);
  const output = g.op('Concat', [code, zero, zero, embedded], { axis: int(-1) });
  g.output(output, 'inputs_embeds', precision.activation, [
    'batch_size',
    'sequence_length',
    dims.hiddenSize,
  ]);
  return g;
}

/** The two 4-bit values of each byte, low nibble first: uint8 [..., n] → float [..., 2n]. */
function unpackNibbles(l: Layers, packed: string): string {
  const g = l.g;
  const wide = g.op('Cast', [packed], { to: int(6) });
  const sixteen = g.ints([16]);
  const narrow = g.op('Cast', [sixteen], { to: int(6) });
  const low = l.unsqueeze(g.op('Mod', [wide, narrow]), [-1]);
  const high = l.unsqueeze(g.op('Div', [wide, narrow]), [-1]);
  const pairs = g.op('Concat', [low, high], { axis: int(-1) });
  const flat = g.op('Reshape', [pairs, g.ints([0, 0, -1])]);
  return l.toAct(l.toFloat(flat));
}

/**
 * Looks up rows of a 4-bit table (blocks of 32 along each row, per-block scale and zero point, the
 * layout the real q4 export uses) and dequantizes only the rows asked for.
 */
function quantizedLookup(l: Layers, rows: string, tableRows: number, width: number): string {
  const g = l.g;
  const blocks = Math.ceil(width / Q4_BLOCK);
  const [weights, scales, zeroPoints] = l.q4Matrix(tableRows, width, 'embed_tokens', (row) =>
    l.rng.fill(row, EMBEDDING_STD),
  );
  const gather = (table: string, shape: number[]) =>
    g.op('Gather', [g.op('Reshape', [table as string, g.ints(shape)]), rows], { axis: int(0) });
  const values = unpackNibbles(l, gather(weights as string, [tableRows, (blocks * Q4_BLOCK) / 2]));
  const zeros = l.slice(
    unpackNibbles(l, gather(zeroPoints as string, [tableRows, Math.ceil(blocks / 2)])),
    [0],
    [blocks],
    [-1],
  );
  const blockScales = gather(scales as string, [tableRows, blocks]);
  const byBlock = g.op('Reshape', [values, g.ints([0, 0, blocks, Q4_BLOCK])]);
  const centred = g.op('Sub', [byBlock, l.unsqueeze(zeros, [-1])]);
  const scaled = g.op('Mul', [centred, l.unsqueeze(blockScales, [-1])]);
  return l.slice(g.op('Reshape', [scaled, g.ints([0, 0, blocks * Q4_BLOCK])]), [0], [width], [-1]);
}
