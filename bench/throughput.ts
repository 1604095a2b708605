/**
 * Images per minute over N images (default 50) for the caption and the detection task, on the
 * synthetic model (tiny on the CPU by default; `--dims 2b --dtype q4f16 --device webgpu` on a GPU):
 *  (a) the naive loop of a seed's batch script — the processor called on the full-size image, then
 *      model.generate with its defaults and a fixed token limit, decoded at the end;
 *  (b) our pipeline one image at a time — the image bounded to the token budget before
 *      preprocessing, greedy decoding that stops as soon as the JSON answer closes, per-token
 *      probabilities recorded;
 *  (c) the same pipeline batched (generateBatch), B images per call for each B of `--batch`, with the
 *      decode step time per B (2b: against the weight-stream reference, one pass over the weights).
 * Every answer must be identical to the naive loop's.
 * Run: npm run bench -- throughput [images] [--size WxH] [--batch 1,2,4,8]
 *        [--dims 2b --dtype q4f16 --device webgpu]
 */
import { parseArgs } from 'node:util';
import { RawImage, type Tensor } from '@huggingface/transformers';
import sharp from 'sharp';
import { qwen3Encoder } from '../models-manifest/synthetic/generate';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import { createStopCheck, extractJson } from '../src/ai/answer';
import { modelInputSize } from '../src/media/model-input';
import { buildTaskPrompt, defaultTaskOptions, taskFor } from '../src/ai/tasks';
import { SYNTHETIC_SCRIPTS, syntheticSpec } from '../models-manifest/synthetic/task-scripts';
import type { TaskId } from '../src/ai/tasks/types';
import { emptySchema } from '../src/domain';
import { generate } from '../workers/qwen3vl/generate';
import { generateBatch } from '../workers/qwen3vl/generate-batch';
import { report } from './report';
import { MODEL_FLAGS, ModelChoice } from './synthetic-model';
import { weightStream } from './weight-stream';

const DEFAULT_SIZE = '800x600';
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ...MODEL_FLAGS,
    // 800x600 keeps `bench all` inside its 15 minutes on 2 cores; 1600x1200 also shows the cost of
    // the naive loop resizing the full picture inside the processor (ours shrinks it first).
    size: { type: 'string', default: DEFAULT_SIZE },
    batch: { type: 'string', default: '1,4' },
    /** Only these tasks (comma-separated: detect, caption-tags); both by default. */
    tasks: { type: 'string', default: 'detect,caption-tags' },
    /** Leave the naive loop and the one-at-a-time pipeline out (a GPU run's time is short). */
    'batched-only': { type: 'boolean', default: false },
    /**
     * WebGPU: read the KV cache back to the CPU after every decoder run (and so upload it again on
     * the next), as a runtime without GPU-resident outputs would; against a run without it, this
     * is what keeping the cache on the GPU buys.
     */
    'cache-readback': { type: 'boolean', default: false },
    /** Which one-image-at-a-time runs to set against the batches (naive and/or ours). */
    'one-by-one': { type: 'string', default: 'naive,ours' },
    /**
     * Rounds of every run, interleaved (naive, ours, B1, B4, naive, …), each run's figure the
     * median: a shared machine's speed drifts over minutes, and one round would credit the drift
     * to whichever run had the quiet minutes.
     */
    rounds: { type: 'string', default: '1' },
  },
});
const BATCHES = (args.batch ?? '1,4').split(',').map(Number);
const ROUNDS = Number(args.rounds ?? 1);
if (!Number.isInteger(ROUNDS) || ROUNDS < 1)
  throw new Error(`--rounds must be ≥ 1, not ${args.rounds}`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
if (BATCHES.some((b) => !Number.isInteger(b) || b < 1))
  throw new Error(`--batch must list whole numbers, not ${args.batch}`);
const choice = new ModelChoice(args);
// 24 keeps `bench all` inside its 15 minutes with the batched runs added.
const count = Number(positionals[0] ?? Math.max(24, ...BATCHES));
const [width, height] = (args.size ?? DEFAULT_SIZE).split('x').map(Number);
if (!width || !height) throw new Error(`--size must be WxH, not ${args.size}`);
const SIZE = { width, height };
const BUDGET = 1024;
const caption = SYNTHETIC_SCRIPTS.find((s) => s.name === 'caption')!;
const detect = SYNTHETIC_SCRIPTS.find((s) => s.name === 'detect')!;
// The scripts keep talking after the JSON, like a chatty model; only the JSON is the answer.
const TAIL = '\nI hope this helps. Let me know if you need anything else about this image.';
const { handle } = await choice.load(
  parseSpec({
    // Triggered by words of the app's own prompts (models-manifest/synthetic/task-scripts.ts).
    scripts: syntheticSpec(await qwen3Encoder())
      .scripts.filter((entry) => entry.text === caption.script || entry.text === detect.script)
      .map((entry) => ({ ...entry, text: entry.text + TAIL })),
  }),
);
const schema = emptySchema();

async function image(i: number): Promise<RawImage> {
  const { data, info } = await sharp({
    create: { ...SIZE, channels: 3, background: { r: 120 + (i % 100), g: 140, b: 160 } },
  })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new RawImage(new Uint8ClampedArray(data), info.width, info.height, 3);
}

async function naive(task: TaskId, options: never, img: RawImage): Promise<string> {
  const { processor, model } = handle;
  const prompt = buildTaskPrompt(task, { image: SIZE, schema, options }, 'en');
  const text = processor.apply_chat_template(prompt.messages as never, {
    add_generation_prompt: true,
    chat_template: handle.chatTemplate,
  }) as string;
  const knobs = (processor as unknown as { image_processor: { max_pixels: number } })
    .image_processor;
  knobs.max_pixels = BUDGET * 32 * 32;
  const inputs = (await processor(text, img)) as Record<string, Tensor>;
  const out = (await model.generate({
    ...inputs,
    do_sample: false,
    max_new_tokens: 256,
  } as never)) as Tensor;
  const promptLength = (inputs.input_ids as Tensor).dims[1]!;
  const ids = Array.from(out.data as BigInt64Array, Number).slice(promptLength);
  const tokenizer = (
    processor as unknown as { tokenizer: { decode(ids: number[], o: object): string } }
  ).tokenizer;
  return tokenizer.decode(ids, { skip_special_tokens: true });
}

async function ours(task: TaskId, options: never, img: RawImage): Promise<string> {
  const prompt = buildTaskPrompt(task, { image: SIZE, schema, options }, 'en');
  const size = modelInputSize(SIZE, BUDGET);
  const small = size.width === img.width ? img : await img.resize(size.width, size.height);
  const stop = createStopCheck(taskFor(task).stop);
  const result = await generate(
    handle,
    {
      image: small,
      messages: prompt.messages,
      params: { maxNewTokens: 256, doSample: false, maxImageTokens: BUDGET },
    },
    { shouldStop: ({ text }) => stop(text) !== null },
  );
  return result.text;
}

/** A decoder output as ONNX Runtime returns it: on the CPU or, under WebGPU, maybe on the GPU. */
interface ResidentTensor {
  type: string;
  dims: readonly number[];
  location: string;
  getData(release?: boolean): Promise<unknown>;
}

type ResidentTensorClass = new (type: string, data: unknown, dims: number[]) => ResidentTensor;

/** Decoder runs: prefill or decode, how many rows, how long. */
interface DecoderRun {
  prefill: boolean;
  rows: number;
  ms: number;
}
const decoderRuns: DecoderRun[] = [];
{
  type Feeds = Record<string, { dims: readonly number[] }>;
  const session = (
    handle.model as unknown as {
      sessions: Record<string, { run: (feeds: Feeds) => Promise<unknown> }>;
    }
  ).sessions.decoder_model_merged!;
  const run = session.run.bind(session);
  session.run = async (feeds) => {
    const started = performance.now();
    const out = (await run(feeds)) as Record<string, ResidentTensor>;
    if (args['cache-readback'])
      for (const [name, t] of Object.entries(out))
        if (name.startsWith('present.') && t.location === 'gpu-buffer')
          // The runtime's own tensor class: the generation loop accepts only that kind.
          out[name] = new (t.constructor as ResidentTensorClass)(t.type, await t.getData(true), [
            ...t.dims,
          ]);
    decoderRuns.push({
      prefill: feeds['past_key_values.0.key']?.dims[2] === 0,
      rows: feeds.inputs_embeds?.dims[0] ?? 1,
      ms: performance.now() - started,
    });
    return out;
  };
}

async function batched(
  task: TaskId,
  options: never,
  images: RawImage[],
  size: number,
): Promise<string[]> {
  const prompt = buildTaskPrompt(task, { image: SIZE, schema, options }, 'en');
  const input = modelInputSize(SIZE, BUDGET);
  const answers: string[] = [];
  for (let start = 0; start < images.length; start += size) {
    const group = await Promise.all(
      images
        .slice(start, start + size)
        .map((img) => (input.width === img.width ? img : img.resize(input.width, input.height))),
    );
    const results = await generateBatch(
      handle,
      group.map((image) => {
        const stop = createStopCheck(taskFor(task).stop);
        return {
          request: {
            image,
            messages: prompt.messages,
            params: { maxNewTokens: 256, doSample: false, maxImageTokens: BUDGET },
          },
          callbacks: { shouldStop: ({ text }) => stop(text) !== null },
        };
      }),
    );
    answers.push(...results.map((r) => r.text));
  }
  return answers;
}

/** The JSON value of an answer: what both pipelines must agree on. */
const jsonOf = (text: string) => {
  const found = extractJson(text);
  return found.ok ? JSON.stringify(found.json.value) : `unparseable: ${text}`;
};

// First, so a run cut short (a GPU lease) still has the reference.
const stream =
  choice.dims === '2b' ? await weightStream(choice.dtype, choice.device, BATCHES) : null;
const rows: Record<string, string | number>[] = [];
const decodeSteps: Record<string, string | number>[] = [];
const perMinute = (ms: number) => Number(((count * 60_000) / ms).toFixed(1));
// Detection first: its longer answers are where batching pays, and a run cut short keeps it.
const TASKS = new Set((args.tasks ?? '').split(','));
for (const [task, options] of (
  [
    ['detect', detect.options],
    ['caption-tags', caption.options],
  ] as const
).filter(([task]) => TASKS.has(task))) {
  const opts = { ...defaultTaskOptions(task, schema), ...options } as never;
  const images = await Promise.all(Array.from({ length: count }, (_, i) => image(i)));
  const results: Record<string, { ms: number[]; answers: string[] }> = {};
  const runs: [string, () => Promise<string[]>][] = [];
  const oneByOne = (run: typeof naive) => async () => {
    const answers: string[] = [];
    for (const img of images) answers.push(await run(task, opts, img));
    return answers;
  };
  const single = new Set(args['batched-only'] ? [] : (args['one-by-one'] ?? '').split(','));
  if (single.has('naive')) runs.push(['naive', oneByOne(naive)]);
  if (single.has('ours')) runs.push(['ours', oneByOne(ours)]);
  for (const size of BATCHES) runs.push([`B${size}`, () => batched(task, opts, images, size)]);
  // Untimed, once per pipeline: the first run of each in this process pays for its first large
  // allocations (the prefill's logits for every prompt position) and was 30 % slower than later ones.
  for (const [name] of runs)
    if (name === 'naive') await naive(task, opts, images[0]!);
    else if (name === 'ours') await ours(task, opts, images[0]!);
    else await batched(task, opts, images.slice(0, Number(name.slice(1))), Number(name.slice(1)));
  for (let round = 0; round < ROUNDS; round += 1)
    for (const [name, run] of runs) {
      decoderRuns.length = 0;
      const started = performance.now();
      const answers = await run();
      const ms = performance.now() - started;
      const seen = (results[name] ??= { ms: [], answers });
      seen.ms.push(ms);
      if (answers.some((a, i) => jsonOf(a) !== jsonOf(seen.answers[i]!)))
        seen.answers = answers.map(() => 'differs between rounds');
      console.log(`${task} ${name} round ${round + 1}: ${perMinute(ms)} images/min`);
      const size = Number(name.slice(1));
      if (!name.startsWith('B')) continue;
      // Steps with the whole batch still running: the cost of one token for B images.
      const full = decoderRuns.filter((r) => !r.prefill && r.rows === size);
      const prefill = decoderRuns.filter((r) => r.prefill);
      const mean = (list: DecoderRun[]) => list.reduce((sum, r) => sum + r.ms, 0) / list.length;
      decodeSteps.push({
        task,
        round: round + 1,
        batch: size,
        decodeStepMs: Number(mean(full).toFixed(2)),
        fullBatchSteps: full.length,
        prefillMsPerImage: Number(
          (prefill.reduce((sum, r) => sum + r.ms, 0) / Math.max(1, count)).toFixed(1),
        ),
      });
    }
  const reference = results.naive ?? results[`B${BATCHES[0]}`]!;
  const sameAll = Object.values(results).every((r) =>
    r.answers.every((a, i) => jsonOf(a) === jsonOf(reference.answers[i]!)),
  );
  const row: Record<string, string | number> = { task, images: count };
  for (const [name, result] of Object.entries(results)) {
    row[`${name}ImagesPerMinute`] = perMinute(median(result.ms));
    if (ROUNDS > 1) row[`${name}ImagesPerMinuteRounds`] = result.ms.map(perMinute).join(' / ');
  }
  if (results.naive) {
    const naiveMs = median(results.naive.ms);
    const best = Math.min(...BATCHES.map((b) => median(results[`B${b}`]!.ms)));
    if (results.ours) row.oursSpeedup = Number((naiveMs / median(results.ours.ms)).toFixed(2));
    row.bestBatchSpeedup = Number((naiveMs / best).toFixed(2));
  }
  row.identicalAnswers = sameAll ? 'yes' : 'NO';
  rows.push(row);
  writeReport();
}

/** Written after each task, so a run cut short keeps what it measured. */
function writeReport(): void {
  console.table(rows);
  // Decode at B against B = 1 of the same task, and (2b) against one pass over the weights.
  for (const step of decodeSteps) {
    const one = decodeSteps.find(
      (s) => s.task === step.task && s.batch === 1 && s.round === step.round,
    );
    if (one)
      step.vsBatch1 = Number(
        ((step.decodeStepMs as number) / (one.decodeStepMs as number)).toFixed(2),
      );
    if (stream) {
      step.vsWeightStream = Number(((step.decodeStepMs as number) / stream.msPerPass).toFixed(2));
      // Against one pass over the weights with B rows: what the kernel itself costs for B tokens.
      const rowsPass = stream.msPerPassByRows[String(step.batch)];
      if (rowsPass)
        step.vsWeightStreamAtB = Number(((step.decodeStepMs as number) / rowsPass).toFixed(2));
    }
  }
  console.table(decodeSteps);
  report(
    choice.resultName('throughput', { value: args.size ?? DEFAULT_SIZE, default: DEFAULT_SIZE }) +
      (args['cache-readback'] ? '-cache-readback' : ''),
    choice.setup,
    {
      image: `${SIZE.width}x${SIZE.height}`,
      batches: BATCHES,
      rows,
      decodeSteps,
      ...(stream ? { weightStream: stream } : {}),
      cache: args['cache-readback']
        ? 'read back to the CPU after every decoder run (--cache-readback)'
        : choice.device === 'webgpu'
          ? 'kept on the GPU between steps (gpu-buffer outputs)'
          : 'CPU',
      ...(process.env.ANNOTA_BENCH_NOTE ? { note: process.env.ANNOTA_BENCH_NOTE } : {}),
    },
  );
}
