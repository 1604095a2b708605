/**
 * Where the time of one pre-annotation goes, through the runtime core the app's worker runs
 * (transformers.js in Node): image decode, preprocessing (resize to the token budget, normalise,
 * patchify), tokenization, the vision encoder, prefill, decode (tokens/s), the generation loop's
 * own JavaScript and answer parsing — and the share that is not model compute.
 *
 *   npm run bench -- model-path                       tiny synthetic model, CPU (part of `all`)
 *   npx tsx bench/model-path.ts --dims 2b [--dtype q4|q4f16] [--device cpu|webgpu] [--images N]
 *
 * The 2B-shaped model (real Qwen3-VL-2B shapes, 4-bit MatMulNBits weights) is generated on first
 * use under .models/ (≈ 1.5 GB per dtype). With it the benchmark also times the pure weight stream
 * (weight-stream.ts) and a memory copy, the references decode is compared with.
 */
import { parseArgs } from 'node:util';
import { RawImage } from '@huggingface/transformers';
import sharp from 'sharp';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import { buildTaskPrompt, defaultTaskOptions, parseTaskAnswer, taskFor } from '../src/ai/tasks';
import { emptySchema } from '../src/domain';
import { generate } from '../workers/qwen3vl/generate';
import { report } from './report';
import { SessionClock } from './session-clock';
import { MODEL_FLAGS, ModelChoice } from './synthetic-model';
import { memoryCopyGBs, weightStream } from './weight-stream';

const { values: args } = parseArgs({
  options: {
    ...MODEL_FLAGS,
    images: { type: 'string' },
    'max-new-tokens': { type: 'string', default: '256' },
  },
});
const choice = new ModelChoice(args);
const { dims, dtype, device } = choice;
const perSize = Number(args.images ?? (dims === 'tiny' ? 3 : 1));

/** The image budgets of issue #9; token caps as the app sets them. */
const SIZES = [
  { name: '448x448', width: 448, height: 448, tokens: 196 },
  { name: '1024x768', width: 1024, height: 768, tokens: 768 },
  { name: '1920x1080', width: 1920, height: 1080, tokens: 1024 },
];
const ANSWER =
  '```json\n[\n\t{"bbox_2d": [50, 100, 450, 900], "label": "cat"},\n\t{"bbox_2d": [500, 0, 1000, 1000], "label": "person"}\n]\n```';

const { handle, generatorSeconds, loadSeconds } = await choice.load(
  parseSpec({ scripts: [{ text: ANSWER }] }),
);
const clock = new SessionClock(handle);

const rows: Record<string, number | string>[] = [];
for (const size of SIZES) {
  clock.reset();
  let decodeImage = 0;
  let total = 0;
  let parse = 0;
  let tokens = 0;
  let imageTokens = 0;
  const schema = emptySchema();
  const options = { ...defaultTaskOptions('detect', schema), labels: ['cat', 'person'] };
  const prompt = buildTaskPrompt('detect', { image: size, schema, options }, 'en');
  for (let i = 0; i < perSize; i++) {
    const jpeg = await sharp({
      create: {
        width: size.width,
        height: size.height,
        channels: 3,
        background: { r: 30 + i, g: 120, b: 200 },
      },
    })
      .jpeg()
      .toBuffer();
    let started = performance.now();
    const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
    const image = new RawImage(
      new Uint8ClampedArray(data),
      info.width,
      info.height,
      info.channels as 3,
    );
    decodeImage += performance.now() - started;

    clock.startGeneration();
    started = performance.now();
    const result = await generate(handle, {
      image,
      messages: prompt.messages,
      params: {
        maxNewTokens: Number(args['max-new-tokens']),
        doSample: false,
        maxImageTokens: size.tokens,
      },
    });
    total += performance.now() - started;
    // Timings of a model that went wrong mean nothing: the scripted answer must come back whole.
    if (result.text !== ANSWER)
      throw new Error(`unexpected answer: ${JSON.stringify(result.text)}`);
    tokens += result.tokens.length;
    imageTokens = result.imageTokens;

    started = performance.now();
    parseTaskAnswer('detect', result.text, result.tokens, {
      image: size,
      schema,
      options,
      model: { id: 'synthetic', revision: dims },
      params: taskFor('detect').defaultParams,
      now: Date.now(),
      finish: 'eos',
    });
    parse += performance.now() - started;
  }
  const t = clock.totals;
  const model = t.vision + t.embed + t.prefill + t.decode;
  const loop = total - model - t.preprocess - t.tokenize;
  const nonModel = decodeImage + t.preprocess + t.tokenize + loop + parse;
  const perImage = (ms: number) => Number((ms / perSize).toFixed(1));
  rows.push({
    image: size.name,
    imageTokens,
    imageDecodeMs: perImage(decodeImage),
    preprocessMs: perImage(t.preprocess),
    tokenizeMs: perImage(t.tokenize),
    visionEncoderMs: perImage(t.vision),
    embedMs: perImage(t.embed),
    prefillMs: perImage(t.prefill),
    decodeMs: perImage(t.decode),
    decodeMsPerToken: Number((t.decode / Math.max(1, t.decodeSteps)).toFixed(2)),
    decodeTokensPerSecond: Number(((t.decodeSteps * 1000) / Math.max(1, t.decode)).toFixed(1)),
    loopMs: perImage(loop),
    parseMs: perImage(parse),
    newTokensPerImage: Math.round(tokens / perSize),
    nonModelShare: `${((100 * nonModel) / (nonModel + model)).toFixed(1)} %`,
  });
}
console.table(rows);

const references: Record<string, unknown> = {};
if (dims === '2b') {
  const stream = await weightStream(dtype, device);
  const copy = memoryCopyGBs();
  const decodeMs = Math.min(...rows.map((r) => r.decodeMsPerToken as number));
  Object.assign(references, {
    weightStream: stream,
    memoryCopyGBs: copy,
    decodeVsWeightStream: Number((stream.msPerPass / decodeMs).toFixed(2)),
    decodeWeightGBs: Number((stream.bytes / 1e9 / (decodeMs / 1000)).toFixed(1)),
    decodeVsMemoryCopy: Number((stream.bytes / 1e9 / (decodeMs / 1000) / copy).toFixed(2)),
  });
  console.table(references);
}

report(choice.resultName('model-path'), choice.setup, {
  imagesPerSize: perSize,
  generatorSeconds,
  loadSeconds,
  rows,
  ...references,
});
