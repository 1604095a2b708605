import {
  Channel,
  LIGHT_THRESHOLD,
  RUNNER_UP_PROBABILITY,
  SURE_LOGIT,
  UNSURE_PROBABILITY,
} from './bookkeeping.ts';
import type { SyntheticDims } from './dims.ts';
import type { Precision } from './precision.ts';
import { VOCAB_SIZE } from './dims.ts';
import { GraphBuilder, int, ints } from './onnx-graph.ts';
import { Layers } from './layers.ts';
import type { SeededRandom } from './random.ts';
import type { CompiledScripts } from './script-spec.ts';

const ROPE_THETA = 5_000_000;
/** Real layers only colour the background scores; the script decides the argmax. */
const REAL_LOGIT_SCALE = 0.5;

interface Context {
  g: GraphBuilder;
  l: Layers;
  dims: SyntheticDims;
  pastLength: string;
  /** Absolute positions of this call's tokens, int64 [S]. */
  queryPositions: string;
  mask: string;
  cos: string;
  sin: string;
}

/**
 * decoder_model_merged: real Qwen3-style layers (M-RoPE, grouped-query attention with a growing KV
 * cache, SwiGLU MLP) whose small logits sit under the scripted answer.
 */
export function buildDecoder(
  dims: SyntheticDims,
  scripts: CompiledScripts,
  rng: SeededRandom,
  precision: Precision,
): GraphBuilder {
  const g = new GraphBuilder('decoder_model_merged');
  const l = new Layers(g, rng, precision);
  const { hiddenSize: H, headDim, keyValueHeads: KV, layers } = dims;
  const act = precision.activation;

  const embeds = g.input('inputs_embeds', act, ['batch_size', 'sequence_length', H]);
  const attentionMask = g.input('attention_mask', 'int64', ['batch_size', 'total_sequence_length']);
  const positionIds = g.input('position_ids', 'int64', [3, 'batch_size', 'sequence_length']);
  const past: { key: string; value: string }[] = [];
  for (let i = 0; i < layers; i += 1) {
    const shape = ['batch_size', KV, 'past_sequence_length', headDim];
    past.push({
      key: g.input(`past_key_values.${i}.key`, act, shape),
      value: g.input(`past_key_values.${i}.value`, act, shape),
    });
  }
  const firstPast = past[0];
  if (!firstPast) throw new Error('the decoder needs at least one layer');

  const pastLength = g.op('Gather', [g.op('Shape', [firstPast.key]), g.scalarInt(2)], {
    axis: int(0),
  });
  const seqLength = g.op('Gather', [g.op('Shape', [embeds]), g.scalarInt(1)], { axis: int(0) });
  const totalLength = g.op('Add', [pastLength, seqLength]);
  const queryPositions = g.op('Range', [pastLength, totalLength, g.scalarInt(1)]);
  const keyPositions = g.op('Range', [g.scalarInt(0), totalLength, g.scalarInt(1)]);
  const causal = g.op('LessOrEqual', [
    l.unsqueeze(keyPositions, [0]),
    l.unsqueeze(queryPositions, [1]),
  ]);
  const padding = l.unsqueeze(g.op('Cast', [attentionMask], { to: int(9) }), [1, 2, 3]);
  const allowed = g.op('And', [l.unsqueeze(causal, [0, 1, 2]), padding]);
  // -1e4 rather than -inf-like values: it must survive float16.
  const mask = g.op('Where', [allowed, l.scalar(0), l.scalar(-1e4)]);

  const [cos, sin] = rope(g, l, positionIds, dims);
  const ctx: Context = { g, l, dims, pastLength, queryPositions, mask, cos, sin };

  const bookkeeping = bookkeepingValues(ctx, embeds, scripts);
  let x = embeds;
  const presents: { key: string; value: string }[] = [];
  for (let i = 0; i < layers; i += 1) {
    const cache = past[i] as { key: string; value: string };
    const out = decoderLayer(ctx, x, cache, i, i === layers - 1 ? bookkeeping : null);
    x = out.hidden;
    presents.push(out);
  }
  const lastValue = (presents.at(-1) as { value: string }).value;
  const logits = scriptedLogits(ctx, finalLogits(ctx, x), lastValue, scripts);
  // Output order as in the real export: logits, then present.{i}.key/value.
  g.output(logits, 'logits', act, ['batch_size', 'sequence_length', VOCAB_SIZE]);
  const kvShape = ['batch_size', KV, 'total_sequence_length', headDim];
  presents.forEach((present, i) => {
    g.output(present.key, `present.${i}.key`, act, kvShape);
    g.output(present.value, `present.${i}.value`, act, kvShape);
  });
  return g;
}

/** cos/sin [B,S,1,headDim] from M-RoPE positions; frequencies interleave over t, h, w like Qwen3-VL. */
function rope(
  g: GraphBuilder,
  l: Layers,
  positionIds: string,
  dims: SyntheticDims,
): [string, string] {
  const half = dims.headDim / 2;
  const [, sectionH, sectionW] = dims.mropeSection;
  const table = new Array<number>(3 * half).fill(0);
  for (let i = 0; i < half; i += 1) {
    const invFreq = ROPE_THETA ** ((-2 * i) / dims.headDim);
    let axis = 0;
    if (i % 3 === 1 && i < 3 * sectionH) axis = 1;
    else if (i % 3 === 2 && i < 3 * sectionW) axis = 2;
    table[axis * half + i] = invFreq;
  }
  const positions = g.op('Transpose', [l.toFloat(positionIds)], { perm: ints([1, 2, 0]) });
  const angles = g.op('MatMul', [positions, g.floats(table, [3, half])]);
  const full = l.unsqueeze(g.op('Concat', [angles, angles], { axis: int(-1) }), [2]);
  return [l.toAct(g.op('Cos', [full])), l.toAct(g.op('Sin', [full]))];
}

function applyRope(ctx: Context, x: string): string {
  const { g, l, dims, cos, sin } = ctx;
  const half = dims.headDim / 2;
  const first = l.slice(x, [0], [half], [-1]);
  const second = l.slice(x, [half], [dims.headDim], [-1]);
  const rotated = g.op('Concat', [g.op('Neg', [second]), first], { axis: int(-1) });
  return g.op('Add', [g.op('Mul', [x, cos]), g.op('Mul', [rotated, sin])]);
}

function decoderLayer(
  ctx: Context,
  x: string,
  cache: { key: string; value: string },
  index: number,
  bookkeeping: string | null,
): { hidden: string; key: string; value: string } {
  const { g, l, dims, mask } = ctx;
  const { hiddenSize: H, headDim: D, attentionHeads: Q, keyValueHeads: KV } = dims;
  const groups = Q / KV;
  const p = `layers.${index}`;

  const h = l.rmsNorm(x, H);
  const heads = (t: string, n: number) => g.op('Reshape', [t, g.ints([0, 0, n, D])]);
  const q = applyRope(ctx, l.rmsNorm(heads(l.linear(h, H, Q * D, `${p}.q_proj`), Q), D));
  const k = applyRope(ctx, l.rmsNorm(heads(l.linear(h, H, KV * D, `${p}.k_proj`), KV), D));
  const v = heads(l.linear(h, H, KV * D, `${p}.v_proj`), KV);
  const toHeadsFirst = (t: string) => g.op('Transpose', [t], { perm: ints([0, 2, 1, 3]) });

  let newValue = toHeadsFirst(v);
  if (bookkeeping) {
    // The last KV head's last two value channels hold the bookkeeping, masked out of attention below.
    const realHeads = l.slice(newValue, [0], [KV - 1], [1]);
    const lastHead = l.slice(l.slice(newValue, [KV - 1], [KV], [1]), [0], [D - 2], [-1]);
    newValue = g.op(
      'Concat',
      [realHeads, g.op('Concat', [lastHead, l.toAct(bookkeeping)], { axis: int(-1) })],
      {
        axis: int(1),
      },
    );
  }
  const key = g.op('Concat', [cache.key, toHeadsFirst(k)], { axis: int(2) });
  const value = g.op('Concat', [cache.value, newValue], { axis: int(2) });
  let attendedValue = value;
  if (bookkeeping) {
    const keep = Array.from({ length: KV * D }, (_, i) => (i >= (KV - 1) * D + D - 2 ? 0 : 1));
    attendedValue = g.op('Mul', [value, l.constants(keep, [KV, 1, D])]);
  }

  // Grouped-query attention: [B,KV,groups,S,D] queries against [B,KV,1,T,D] keys and values.
  const grouped = g.op('Reshape', [toHeadsFirst(q), g.ints([0, KV, groups, -1, D])]);
  const keyT = l.unsqueeze(g.op('Transpose', [key], { perm: ints([0, 1, 3, 2]) }), [2]);
  const scores = g.op('Mul', [g.op('MatMul', [grouped, keyT]), l.scalar(1 / Math.sqrt(D))]);
  const weights = g.op('Softmax', [g.op('Add', [scores, mask])], { axis: int(-1) });
  const attended = g.op('MatMul', [weights, l.unsqueeze(attendedValue, [2])]);
  const merged = g.op('Reshape', [
    g.op('Transpose', [g.op('Reshape', [attended, g.ints([0, Q, -1, D])])], {
      perm: ints([0, 2, 1, 3]),
    }),
    g.ints([0, 0, Q * D]),
  ]);
  const afterAttention = g.op('Add', [x, l.linear(merged, Q * D, H, `${p}.o_proj`)]);

  const h2 = l.rmsNorm(afterAttention, H);
  const gate = l.silu(l.linear(h2, H, dims.intermediateSize, `${p}.gate_proj`));
  const up = l.linear(h2, H, dims.intermediateSize, `${p}.up_proj`);
  const down = l.linear(g.op('Mul', [gate, up]), dims.intermediateSize, H, `${p}.down_proj`);
  return { hidden: g.op('Add', [afterAttention, down]), key, value };
}

/** Small real logits [B,S,vocab]: an LM head over the embedding rows, tiled across the vocabulary. */
function finalLogits(ctx: Context, x: string): string {
  const { g, l, dims } = ctx;
  const normed = l.rmsNorm(x, dims.hiddenSize);
  const rows = dims.embeddingRows;
  const head = l.linear(normed, dims.hiddenSize, rows, 'lm_head');
  const scaled = g.op('Mul', [head, l.scalar(REAL_LOGIT_SCALE / Math.sqrt(dims.hiddenSize))]);
  if (rows === VOCAB_SIZE) return scaled;
  // Column i of the vocabulary repeats head row i mod rows. Tile is a plain copy, much faster than
  // a gather along the last axis; the dims keep rows a divisor of the vocabulary for it.
  if (VOCAB_SIZE % rows !== 0)
    throw new Error(`embedding rows (${rows}) must divide ${VOCAB_SIZE}`);
  return g.op('Tile', [scaled, g.ints([1, 1, VOCAB_SIZE / rows])]);
}

/**
 * Prefill decides which script row answers (trigger words, image brightness) and marks its own
 * positions; returns the two bookkeeping channels [B,1,S,2] = (first-call flag, row × flag).
 */
function bookkeepingValues(ctx: Context, embeds: string, scripts: CompiledScripts): string {
  const { g, l, pastLength } = ctx;
  const trigger = l.toFloat(l.channel(embeds, Channel.trigger));
  const image = l.toFloat(l.channel(embeds, Channel.image));
  const brightness = l.toFloat(l.channel(embeds, Channel.brightness));

  const sumOverSequence = (t: string) => g.op('ReduceSum', [t, g.ints([1])], { keepdims: int(1) });
  const imageCount = sumOverSequence(image);
  const meanBrightness = g.op('Div', [
    sumOverSequence(g.op('Mul', [image, brightness])),
    g.op('Max', [imageCount, g.scalarFloat(1)]),
  ]);
  const hasImage = g.op('Greater', [imageCount, g.scalarFloat(0.5)]);
  const light = g.op('And', [
    hasImage,
    g.op('Greater', [meanBrightness, g.scalarFloat(LIGHT_THRESHOLD)]),
  ]);
  const dark = g.op('And', [hasImage, g.op('Not', [light])]);

  // Code 0 is every ordinary token, so column 0 of `present` is always 1 and means "no trigger needed".
  const triggerCodes = Array.from({ length: scripts.triggerTokens.length + 1 }, (_, i) => i);
  const present = g.op(
    'ReduceMax',
    [l.toFloat(g.op('Equal', [l.unsqueeze(trigger, [-1]), g.floats(triggerCodes)]))],
    { axes: ints([1]), keepdims: int(0) },
  );
  const always = l.slice(present, [0], [1], [1]);
  const triggerOk = g.op('Gather', [present, g.ints(scripts.scriptTrigger)], { axis: int(1) });
  const imageClasses = g.op('Concat', [always, l.toFloat(dark), l.toFloat(light)], {
    axis: int(1),
  });
  const imageOk = g.op('Gather', [imageClasses, g.ints(scripts.scriptImage)], { axis: int(1) });
  const count = scripts.scriptTrigger.length;
  const lastIsDefault = g.floats(
    Array.from({ length: count }, (_, i) => (i === count - 1 ? 1 : 0)),
  );
  const matches = g.op('Max', [g.op('Mul', [triggerOk, imageOk]), lastIsDefault]);
  const chosen = g.op('ArgMax', [matches], { axis: int(1), keepdims: int(1) });
  const row = g.op('Add', [g.op('Mul', [l.toFloat(chosen), g.scalarFloat(2)]), l.toFloat(light)]);

  const isFirstCall = l.toFloat(g.op('Equal', [pastLength, g.scalarInt(0)]));
  const flag = g.op('Mul', [
    g.op('Add', [g.op('Mul', [trigger, g.scalarFloat(0)]), g.scalarFloat(1)]),
    isFirstCall,
  ]);
  const rowChannel = g.op('Mul', [flag, row]);
  const asChannel = (t: string) => l.unsqueeze(t, [1, 3]);
  return g.op('Concat', [asChannel(flag), asChannel(rowChannel)], { axis: int(-1) });
}

/** Writes the script's token (and an unsure token's runner-up) over the real logits. */
function scriptedLogits(
  ctx: Context,
  logits: string,
  lastValue: string,
  scripts: CompiledScripts,
): string {
  const { g, l, dims, queryPositions } = ctx;
  const D = dims.headDim;
  const KV = dims.keyValueHeads;
  const stored = l.toFloat(l.slice(l.slice(lastValue, [KV - 1], [KV], [1]), [D - 2], [D], [-1]));
  const flags = l.channel(stored, 0);
  const rows = l.channel(stored, 1);
  const sumAll = (t: string) => g.op('ReduceSum', [t, g.ints([1, 2])], { keepdims: int(0) });
  const prefillLength = sumAll(flags);
  const row = l.toInt64(
    g.op('Round', [g.op('Div', [sumAll(rows), g.op('Max', [prefillLength, g.scalarFloat(1)])])]),
  );

  const maxSteps = Math.max(...scripts.rows.map((r) => r.length));
  // Step of the token each position predicts: positions after the prefill, counting its last one as 0.
  const positionsAfter = g.op('Sub', [
    g.op('Add', [l.unsqueeze(l.toFloat(queryPositions), [0]), g.scalarFloat(1)]),
    l.unsqueeze(prefillLength, [1]),
  ]);
  const step = l.toInt64(
    g.op('Clip', [positionsAfter, g.scalarFloat(0), g.scalarFloat(maxSteps - 1)]),
  );
  const index = g.op('Add', [g.op('Mul', [l.unsqueeze(row, [1]), g.scalarInt(maxSteps)]), step]);

  const tokens: number[] = [];
  const runnersUp: number[] = [];
  const tokenLogits: number[] = [];
  const runnerUpLogits: number[] = [];
  const sureLogit = SURE_LOGIT;
  // Everything else scores ≈ 0, so the background mass is ≈ vocab; solve for the two target shares.
  const total = VOCAB_SIZE / (1 - UNSURE_PROBABILITY - RUNNER_UP_PROBABILITY);
  for (const scriptRow of scripts.rows) {
    for (let s = 0; s < maxSteps; s += 1) {
      const step = scriptRow[Math.min(s, scriptRow.length - 1)] ?? { token: 0, unsure: false };
      tokens.push(step.token);
      runnersUp.push((step.token + 1) % VOCAB_SIZE);
      tokenLogits.push(step.unsure ? Math.log(UNSURE_PROBABILITY * total) : sureLogit);
      runnerUpLogits.push(step.unsure ? Math.log(RUNNER_UP_PROBABILITY * total) : 0);
    }
  }
  const pick = (table: string) =>
    l.unsqueeze(g.op('Gather', [table, index], { axis: int(0) }), [-1]);
  // One scatter for both (the two ids always differ): logits are the largest tensor of a prefill.
  const ids = g.op('Concat', [pick(g.ints(runnersUp)), pick(g.ints(tokens))], { axis: int(-1) });
  const values = g.op(
    'Concat',
    [pick(l.constants(runnerUpLogits)), pick(l.constants(tokenLogits))],
    {
      axis: int(-1),
    },
  );
  return g.op('ScatterElements', [logits, ids, values], { axis: int(2) });
}
