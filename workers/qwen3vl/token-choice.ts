import type { GenerationParams } from './types.ts';

/** A float16 bit pattern as a number (logits of the q4f16 export are float16). */
export function halfToFloat(bits: number): number {
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  const sign = bits & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** One row of logits as float32 (a view when they already are). */
export function logitRow(
  logits: Float32Array | Uint16Array,
  offset: number,
  vocab: number,
): Float32Array {
  if (logits instanceof Float32Array) return logits.subarray(offset, offset + vocab);
  const row = new Float32Array(vocab);
  for (let i = 0; i < vocab; i += 1) row[i] = halfToFloat(logits[offset + i]!);
  return row;
}

/**
 * The next token of one sequence and the probability the model gave it: greedy (the argmax, its
 * softmax share of the whole vocabulary), or sampled from the top k after temperature, as
 * transformers.js's processors would shape the logits (so the probability is over those k).
 */
export function pickToken(
  logits: Float32Array | Uint16Array,
  offset: number,
  vocab: number,
  params: Pick<GenerationParams, 'doSample' | 'temperature' | 'topK'>,
  random: () => number = Math.random,
): { id: number; prob: number } {
  const row = logitRow(logits, offset, vocab);
  if (!params.doSample) {
    let best = 0;
    for (let i = 1; i < vocab; i += 1) if (row[i]! > row[best]!) best = i;
    const max = row[best]!;
    let sum = 0;
    for (let i = 0; i < vocab; i += 1) sum += Math.exp(row[i]! - max);
    return { id: best, prob: 1 / sum };
  }
  const temperature = params.temperature && params.temperature > 0 ? params.temperature : 1;
  const k = Math.min(vocab, params.topK && params.topK > 0 ? params.topK : vocab);
  const order = topIndices(row, k);
  const max = row[order[0]!]! / temperature;
  const weights = order.map((i) => Math.exp(row[i]! / temperature - max));
  const sum = weights.reduce((a, b) => a + b, 0);
  let draw = random() * sum;
  for (const [j, i] of order.entries()) {
    draw -= weights[j]!;
    if (draw <= 0) return { id: i, prob: weights[j]! / sum };
  }
  const last = order.length - 1;
  return { id: order[last]!, prob: weights[last]! / sum };
}

/** Indices of the k largest values, largest first. */
function topIndices(row: Float32Array, k: number): number[] {
  if (k >= row.length) return Array.from(row.keys()).sort((a, b) => row[b]! - row[a]!);
  const top: number[] = [];
  for (let i = 0; i < row.length; i += 1) {
    if (top.length === k && row[i]! <= row[top[k - 1]!]!) continue;
    let at = top.length === k ? k - 1 : top.length;
    while (at > 0 && row[top[at - 1]!]! < row[i]!) at -= 1;
    top.splice(at, 0, i);
    if (top.length > k) top.pop();
  }
  return top;
}
