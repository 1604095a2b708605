/**
 * Images per minute over N images (default 50) for the caption and the detection task, on the
 * synthetic model (tiny on the CPU by default; `--dims 2b --dtype q4f16 --device webgpu` on a GPU):
 *  (a) the naive loop of a seed's batch script — the processor called on the full-size image, then
 *      model.generate with its defaults and a fixed token limit, decoded at the end;
 *  (b) our pipeline — the image bounded to the token budget before preprocessing, greedy decoding that
 *      stops as soon as the JSON answer closes, per-token probabilities recorded.
 * The answers must be identical.
 * Run: npm run bench -- throughput [images] [--size WxH] [--dims 2b --dtype q4f16 --device webgpu]
 */
import { parseArgs } from 'node:util';
import { RawImage, type Tensor } from '@huggingface/transformers';
import sharp from 'sharp';
import { qwen3Encoder } from '../models-manifest/synthetic/generate';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import { createStopCheck, extractJson } from '../src/ai/answer';
import { modelInputSize } from '../src/ai/model-input';
import { buildTaskPrompt, defaultTaskOptions, taskFor } from '../src/ai/tasks';
import { SYNTHETIC_SCRIPTS, syntheticSpec } from '../models-manifest/synthetic/task-scripts';
import type { TaskId } from '../src/ai/tasks/types';
import { emptySchema } from '../src/domain';
import { generate } from '../workers/qwen3vl/generate';
import { report } from './report';
import { MODEL_FLAGS, ModelChoice } from './synthetic-model';

const DEFAULT_SIZE = '800x600';
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    ...MODEL_FLAGS,
    // 800x600 keeps `bench all` inside its 15 minutes on 2 cores; 1600x1200 also shows the cost of
    // the naive loop resizing the full picture inside the processor (ours shrinks it first).
    size: { type: 'string', default: DEFAULT_SIZE },
  },
});
const choice = new ModelChoice(args);
const count = Number(positionals[0] ?? 50);
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

/** The JSON value of an answer: what both pipelines must agree on. */
const jsonOf = (text: string) => {
  const found = extractJson(text);
  return found.ok ? JSON.stringify(found.json.value) : `unparseable: ${text}`;
};

const rows: Record<string, string | number>[] = [];
for (const [task, options] of [
  ['caption-tags', caption.options],
  ['detect', detect.options],
] as const) {
  const opts = { ...defaultTaskOptions(task, schema), ...options } as never;
  const images = await Promise.all(Array.from({ length: count }, (_, i) => image(i)));
  const results: Record<string, { ms: number; answers: string[] }> = {};
  for (const [name, run] of [
    ['naive', naive],
    ['ours', ours],
  ] as const) {
    const answers: string[] = [];
    const started = performance.now();
    for (const img of images) answers.push(await run(task, opts, img));
    results[name] = { ms: performance.now() - started, answers };
  }
  const same = results.naive!.answers.every(
    (a, i) => jsonOf(a) === jsonOf(results.ours!.answers[i]!),
  );
  const perMinute = (ms: number) => Number(((count * 60_000) / ms).toFixed(1));
  rows.push({
    task,
    images: count,
    naiveImagesPerMinute: perMinute(results.naive!.ms),
    oursImagesPerMinute: perMinute(results.ours!.ms),
    speedup: Number((results.naive!.ms / results.ours!.ms).toFixed(2)),
    identicalAnswers: same ? 'yes' : 'NO',
  });
}
console.table(rows);
report(
  choice.resultName('throughput', { value: args.size ?? DEFAULT_SIZE, default: DEFAULT_SIZE }),
  choice.setup,
  {
    image: `${SIZE.width}x${SIZE.height}`,
    rows,
  },
);
