import { Tensor } from '@huggingface/transformers';
import { capImagePixels, conversation, END_TOKENS, IMAGE_PAD, toRawImage } from './generate.ts';
import type { Qwen3VLHandle } from './load.ts';
import { IncrementalText, type TokenDecoder } from './incremental-text.ts';
import { pickToken } from './token-choice.ts';
import type {
  GenerateCallbacks,
  GenerateRequest,
  GenerateResult,
  GeneratedToken,
  StopReason,
} from './types.ts';

/** One image of a batch: its request and its own stream, stop hook and token reports. */
export interface BatchItem {
  request: GenerateRequest;
  callbacks?: Omit<GenerateCallbacks, 'signal'>;
}

export interface BatchOptions {
  /** Aborting stops every sequence after the current forward pass. */
  signal?: AbortSignal;
  /** Called as each sequence finishes, which may be long before the slowest one. */
  onFinished?: (index: number, result: GenerateResult) => void;
  /**
   * Largest prefill logits tensor, in elements: prefill returns logits for every prompt position
   * (qwen3vl.md §2), so a batch whose prompts would exceed it is prefilled in groups.
   */
  maxPrefillLogits?: number;
}

/** ≈ 0.5 GB of float32 logits: stays inside a browser's 4 GB wasm heap next to the weights. */
const DEFAULT_MAX_PREFILL_LOGITS = 128 * 2 ** 20;

type OrtTensor = Tensor['ort_tensor'];
type Feeds = Record<string, OrtTensor>;

interface Session {
  inputNames: readonly string[];
  outputNames: readonly string[];
  inputMetadata: readonly { name: string; type: string; shape?: readonly (number | string)[] }[];
  run(feeds: Feeds): Promise<Record<string, OrtTensor>>;
}

interface RopeModel {
  get_rope_index(
    inputIds: Tensor,
    imageGridThw: Tensor | null,
    videoGridThw: Tensor | null,
    attentionMask: Tensor | null,
  ): [Tensor, Tensor];
  encode_image(inputs: { pixel_values: Tensor; image_grid_thw: Tensor }): Promise<Tensor>;
  encode_text(inputs: { input_ids: Tensor }): Promise<Tensor>;
  sessions: Record<string, Session>;
}

interface Tokenizer extends TokenDecoder {
  decode(ids: number[], options?: { skip_special_tokens?: boolean }): string;
}

/** A prompt made ready for the decoder: its embeddings and M-RoPE positions, unpadded. */
interface Prepared {
  length: number;
  embeds: ArrayLike<number>;
  /** [3, length] M-RoPE positions, t then h then w. */
  positions: BigInt64Array;
  /** Position of the first generated token; each further token adds one. */
  nextPosition: bigint;
  promptTokens: number;
  imageTokens: number;
}

/** One sequence still decoding. */
class Sequence {
  readonly tokens: GeneratedToken[] = [];
  readonly text: IncrementalText;
  stoppedByCaller = false;
  finished = false;

  constructor(
    readonly index: number,
    readonly item: BatchItem,
    readonly prepared: Prepared,
    tokenizer: Tokenizer,
  ) {
    this.text = new IncrementalText(tokenizer);
  }
}

/** Element type of a tensor type, as ORT holds its data in JS. */
function arrayFor(type: string, length: number): Float32Array | Uint16Array {
  if (type === 'float32') return new Float32Array(length);
  if (type === 'float16') return new Uint16Array(length);
  throw new Error(`unsupported activation type ${type}`);
}

function tensor(type: string, data: ArrayLike<number | bigint>, dims: number[]): OrtTensor {
  return new Tensor(type as never, data as never, dims).ort_tensor;
}

function typedData(t: OrtTensor): Float32Array | Uint16Array {
  const data = (t as unknown as { data: unknown }).data;
  // Node's newest typed array reads float16 as Float16Array; the model feeds take its raw bits.
  if (data instanceof Float32Array || data instanceof Uint16Array) return data;
  const view = data as { buffer: ArrayBuffer; byteOffset: number; length: number };
  return new Uint16Array(view.buffer, view.byteOffset, view.length);
}

/** The typed arrays ORT holds tensor data in, for the types a decoder takes and returns. */
type Rows = Float32Array | Uint16Array | BigInt64Array;

interface RowTensor {
  dims: readonly number[];
  type: string;
  data: Rows;
  /** 'gpu-buffer' for a WebGPU output kept on the GPU (transformers.js asks that for the KV cache). */
  location?: string;
  getData(releaseData?: boolean): Promise<unknown>;
  dispose(): void;
}

const asRows = (t: OrtTensor) => t as unknown as RowTensor;

/** A zeroed array of the same kind as `like`. */
function sameKind(like: Rows, length: number): Rows {
  if (like instanceof BigInt64Array) return new BigInt64Array(length);
  if (like instanceof Float32Array) return new Float32Array(length);
  return new Uint16Array(length);
}

/** A GPU-resident tensor read back (and its buffer released); CPU tensors as they are. */
async function onCpu(t: OrtTensor): Promise<OrtTensor> {
  const { location, dims, type } = asRows(t);
  if (location !== 'gpu-buffer') return t;
  const data = (await asRows(t).getData(true)) as Rows;
  return tensor(type, data, [...dims]);
}

/** Frees a GPU buffer the loop no longer reads; CPU tensors are left to the garbage collector. */
function release(t: OrtTensor): void {
  if (asRows(t).location === 'gpu-buffer') asRows(t).dispose();
}

/**
 * Rows `keep` of a tensor whose first dimension is the batch. A GPU cache is read back for it:
 * a one-off copy when sequences leave, against every later step running fewer rows.
 */
async function takeRows(t: OrtTensor, keep: readonly number[]): Promise<OrtTensor> {
  const cpu = await onCpu(t);
  const { dims, type } = asRows(cpu);
  const data = typedRows(cpu);
  const width = data.length / dims[0]!;
  const out = sameKind(data, keep.length * width);
  keep.forEach((row, i) =>
    out.set(data.subarray(row * width, (row + 1) * width) as never, i * width),
  );
  return tensor(type, out, [keep.length, ...dims.slice(1)]);
}

/** Joins tensors along their first (batch) dimension. */
async function joinRows(parts: OrtTensor[]): Promise<OrtTensor> {
  if (parts.length === 1) return parts[0]!;
  const cpu = await Promise.all(parts.map(onCpu));
  const datas = cpu.map(typedRows);
  const out = sameKind(
    datas[0]!,
    datas.reduce((sum, d) => sum + d.length, 0),
  );
  let at = 0;
  for (const d of datas) {
    out.set(d as never, at);
    at += d.length;
  }
  const { dims, type } = asRows(cpu[0]!);
  const rows = cpu.reduce((sum, p) => sum + asRows(p).dims[0]!, 0);
  return tensor(type, out, [rows, ...dims.slice(1)]);
}

function typedRows(t: OrtTensor): Rows {
  const { data } = asRows(t);
  return data instanceof BigInt64Array ? data : typedData(t);
}

/**
 * Several answers from one model pass per step: each image's prompt is prefilled (together, right-
 * padded to the longest, with its own attention mask and M-RoPE positions), then one decode loop
 * generates a token for every sequence still running. Each sequence stops on its own (end token,
 * token limit, its caller's `shouldStop`), and a finished one is dropped from the batch and its KV
 * cache, so it costs nothing after. Greedy answers are those of `generate` one image at a time.
 *
 * Right padding keeps every sequence's tokens at the start of its cache rows: the causal mask and
 * the padding mask then agree, and ONNX Runtime's GroupQueryAttention (the real export's attention)
 * takes each row's length from its mask.
 */
export async function generateBatch(
  handle: Qwen3VLHandle,
  items: readonly BatchItem[],
  options: BatchOptions = {},
): Promise<GenerateResult[]> {
  const model = handle.model as unknown as RopeModel;
  const tokenizer = (handle.processor as unknown as { tokenizer: Tokenizer }).tokenizer;
  const decoder = model.sessions.decoder_model_merged;
  if (!decoder) throw new Error('the model has no decoder_model_merged session');
  const sequences: Sequence[] = [];
  for (const [index, item] of items.entries())
    sequences.push(new Sequence(index, item, await prepare(handle, item.request), tokenizer));
  const results: GenerateResult[] = new Array(items.length);
  if (sequences.length === 0) return results;

  const cacheInputs = decoder.inputMetadata.filter((m) => m.name.startsWith('past_key_values.'));
  const cacheType = cacheInputs[0]?.type ?? 'float32';
  const embedType = decoder.inputMetadata.find((m) => m.name === 'inputs_embeds')?.type;
  const hidden = sequences[0]!.prepared.embeds.length / sequences[0]!.prepared.length;
  const cacheShape = cacheInputs[0]?.shape ?? [];
  const kvHeads = Number(cacheShape[1]);
  const headDim = Number(cacheShape[3]);
  if (!Number.isInteger(kvHeads) || !Number.isInteger(headDim))
    throw new Error('the decoder’s cache shape is not [batch, heads, length, dim]');

  const finish = (seq: Sequence, reason: StopReason) => {
    seq.finished = true;
    const result: GenerateResult = {
      text: tokenizer.decode(
        seq.tokens.map((t) => t.id),
        { skip_special_tokens: true },
      ),
      tokens: seq.tokens,
      stopReason: reason,
      promptTokens: seq.prepared.promptTokens,
      imageTokens: seq.prepared.imageTokens,
    };
    results[seq.index] = result;
    options.onFinished?.(seq.index, result);
  };

  /** Takes the token each running row chose and decides whether its sequence goes on. */
  const step = (
    rows: Sequence[],
    logits: Float32Array | Uint16Array,
    vocab: number,
    rowOffset: (row: number) => number,
  ) => {
    for (const [row, seq] of rows.entries()) {
      const { params } = seq.item.request;
      const { id, prob } = pickToken(logits, rowOffset(row), vocab, params);
      const token: GeneratedToken = { id, text: tokenizer.decode([id]), prob };
      seq.tokens.push(token);
      const before = seq.text.text;
      const text = seq.text.push(id);
      if (text.length > before.length) seq.item.callbacks?.onText?.(text.slice(before.length));
      seq.item.callbacks?.onToken?.(token);
      if (END_TOKENS.has(id)) finish(seq, 'end');
      else if (seq.item.callbacks?.shouldStop?.({ text, tokens: seq.tokens })) {
        seq.stoppedByCaller = true;
        finish(seq, 'stopped');
      } else if (options.signal?.aborted) finish(seq, 'interrupted');
      else if (seq.tokens.length >= params.maxNewTokens) finish(seq, 'max_tokens');
    }
  };

  const width = Math.max(...sequences.map((s) => s.prepared.length));
  // Prefill, in as few groups as the logits budget allows; every group pads to the same width so
  // their caches join row by row.
  const vocabGuess = 151_936;
  const perGroup = Math.max(
    1,
    Math.floor((options.maxPrefillLogits ?? DEFAULT_MAX_PREFILL_LOGITS) / (width * vocabGuess)),
  );
  const caches: Record<string, OrtTensor[]> = {};
  for (let start = 0; start < sequences.length; start += perGroup) {
    const group = sequences.slice(start, start + perGroup);
    const rows = group.length;
    const embeds = arrayFor(embedType ?? 'float32', rows * width * hidden);
    const mask = new BigInt64Array(rows * width);
    const positions = new BigInt64Array(3 * rows * width).fill(1n);
    group.forEach((seq, row) => {
      const p = seq.prepared;
      embeds.set(p.embeds as ArrayLike<number>, row * width * hidden);
      mask.fill(1n, row * width, row * width + p.length);
      for (let axis = 0; axis < 3; axis += 1)
        positions.set(
          p.positions.subarray(axis * p.length, (axis + 1) * p.length),
          (axis * rows + row) * width,
        );
    });
    const feeds: Feeds = {
      inputs_embeds: tensor(embedType ?? 'float32', embeds, [rows, width, hidden]),
      attention_mask: tensor('int64', mask, [rows, width]),
      position_ids: tensor('int64', positions, [3, rows, width]),
    };
    for (const meta of cacheInputs)
      feeds[meta.name] = tensor(cacheType, arrayFor(cacheType, 0), [rows, kvHeads, 0, headDim]);
    const out = await decoder.run(feeds);
    const logits = out.logits!;
    const vocab = (logits as unknown as { dims: number[] }).dims[2]!;
    step(
      group,
      typedData(logits),
      vocab,
      (row) => (row * width + group[row]!.prepared.length - 1) * vocab,
    );
    for (const meta of cacheInputs) {
      const present = meta.name.replace('past_key_values.', 'present.');
      (caches[meta.name] ??= []).push(out[present]!);
    }
  }

  let running = sequences;
  let past: Feeds = {};
  for (const [name, parts] of Object.entries(caches)) past[name] = await joinRows(parts);
  let mask = new BigInt64Array(running.length * width);
  running.forEach((seq, row) => mask.fill(1n, row * width, row * width + seq.prepared.length));
  let maskWidth = width;

  for (;;) {
    const keep = running.flatMap((seq, row) => (seq.finished ? [] : [row]));
    if (keep.length === 0) break;
    if (keep.length < running.length) {
      // Finished sequences leave the batch: their cache rows are not read again.
      const kept: Feeds = {};
      for (const [name, t] of Object.entries(past)) kept[name] = await takeRows(t, keep);
      past = kept;
      const keptMask = new BigInt64Array(keep.length * maskWidth);
      keep.forEach((row, i) =>
        keptMask.set(mask.subarray(row * maskWidth, (row + 1) * maskWidth), i * maskWidth),
      );
      mask = keptMask;
      running = keep.map((row) => running[row]!);
    }
    const rows = running.length;
    const ids = BigInt64Array.from(running, (seq) => BigInt(seq.tokens.at(-1)!.id));
    const embedded = await model.encode_text({
      input_ids: new Tensor('int64', ids, [rows, 1]),
    });
    const grown = new BigInt64Array(rows * (maskWidth + 1));
    for (let row = 0; row < rows; row += 1) {
      grown.set(mask.subarray(row * maskWidth, (row + 1) * maskWidth), row * (maskWidth + 1));
      grown[row * (maskWidth + 1) + maskWidth] = 1n;
    }
    mask = grown;
    maskWidth += 1;
    const positions = new BigInt64Array(3 * rows);
    running.forEach((seq, row) => {
      const at = seq.prepared.nextPosition + BigInt(seq.tokens.length - 1);
      for (let axis = 0; axis < 3; axis += 1) positions[axis * rows + row] = at;
    });
    const out = await decoder.run({
      ...past,
      inputs_embeds: embedded.ort_tensor,
      attention_mask: tensor('int64', mask, [rows, maskWidth]),
      position_ids: tensor('int64', positions, [3, rows, 1]),
    });
    const logits = out.logits!;
    const vocab = (logits as unknown as { dims: number[] }).dims[2]!;
    step(running, typedData(logits), vocab, (row) => row * vocab);
    // The cache stays where the session put it (on the GPU under WebGPU); the last one is freed.
    Object.values(past).forEach(release);
    past = Object.fromEntries(
      cacheInputs.map((meta) => [
        meta.name,
        out[meta.name.replace('past_key_values.', 'present.')]!,
      ]),
    );
  }
  Object.values(past).forEach(release);
  return results;
}

/** Chat template, image budget, preprocessing, vision encoder, embeddings and M-RoPE for one image. */
async function prepare(handle: Qwen3VLHandle, request: GenerateRequest): Promise<Prepared> {
  const { processor } = handle;
  const model = handle.model as unknown as RopeModel;
  const prompt = processor.apply_chat_template(
    conversation(request) as unknown as Parameters<typeof processor.apply_chat_template>[0],
    { add_generation_prompt: true, chat_template: handle.chatTemplate },
  ) as string;
  capImagePixels(handle, request.params.maxImageTokens);
  const image = request.image ? await toRawImage(request.image) : null;
  const inputs = (await processor(prompt, image)) as Record<string, Tensor>;
  const inputIds = inputs.input_ids!;
  const ids = inputIds.data as BigInt64Array;
  const length = ids.length;
  const embedded = await model.encode_text({ input_ids: inputIds });
  const embeds = typedData(embedded.ort_tensor).slice();
  const hidden = embeds.length / length;
  let imageTokens = 0;
  if (inputs.pixel_values && inputs.image_grid_thw) {
    const features = typedData(
      (
        await model.encode_image({
          pixel_values: inputs.pixel_values,
          image_grid_thw: inputs.image_grid_thw,
        })
      ).ort_tensor,
    );
    for (let i = 0; i < length; i += 1) {
      if (ids[i] !== BigInt(IMAGE_PAD)) continue;
      embeds.set(features.subarray(imageTokens * hidden, (imageTokens + 1) * hidden), i * hidden);
      imageTokens += 1;
    }
    if (imageTokens * hidden !== features.length)
      throw new Error(
        `image features for ${features.length / hidden} tokens, prompt has ${imageTokens}`,
      );
  }
  const [positions, deltas] = model.get_rope_index(
    inputIds,
    inputs.image_grid_thw ?? null,
    null,
    inputs.attention_mask ?? null,
  );
  const delta = BigInt((deltas.data as ArrayLike<bigint | number>)[0] ?? 0);
  return {
    length,
    embeds,
    positions: positions.data as BigInt64Array,
    nextPosition: BigInt(length) + delta,
    promptTokens: length,
    imageTokens,
  };
}
