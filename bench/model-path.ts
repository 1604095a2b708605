/**
 * Where the time of one pre-annotation goes, on the synthetic Qwen3-VL (tiny dims, Node, CPU):
 * image decode + resize, preprocessing/tokenization and the generation loop's own JS, the vision
 * encoder, prefill, decode (tokens/s) and answer parsing — and the share that is not model compute.
 * Run: npm run bench -- model-path   [images per size, default 10]
 * The same script runs the 2B-shaped model on a GPU machine once that generator exists (issue #9).
 */
import { RawImage } from '@huggingface/transformers';
import sharp from 'sharp';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import { parseTaskAnswer, buildTaskPrompt, defaultTaskOptions, taskFor } from '../src/ai/tasks';
import { emptySchema } from '../src/domain';
import { generate } from '../workers/qwen3vl/generate';
import { loadQwen3VL } from '../workers/qwen3vl/load';
import { report } from './support';

const perSize = Number(process.argv[2] ?? 10);
const SIZES = [
  { name: '448x448', width: 448, height: 448, tokens: 196 },
  { name: '1024x768', width: 1024, height: 768, tokens: 768 },
  { name: '1920x1080', width: 1920, height: 1080, tokens: 1024 },
];
const ANSWER =
  '```json\n[\n\t{"bbox_2d": [50, 100, 450, 900], "label": "cat"},\n\t{"bbox_2d": [500, 0, 1000, 1000], "label": "person"}\n]\n```';

const folder = await ensureSyntheticModel({
  dims: 'tiny',
  spec: parseSpec({ scripts: [{ text: ANSWER }] }),
});
const handle = await loadQwen3VL({
  source: { kind: 'folder', location: folder },
  device: 'cpu',
  maxImageTokens: 4096,
});

/** Times every run of each ONNX session; the first decoder run of a generation is the prefill. */
const spent = { vision_encoder: 0, embed_tokens: 0, prefill: 0, decode: 0, decodeSteps: 0 };
let firstDecoderRun = true;
const sessions = (
  handle.model as unknown as { sessions: Record<string, { run: (f: unknown) => Promise<unknown> }> }
).sessions;
for (const [name, session] of Object.entries(sessions)) {
  const run = session.run.bind(session);
  session.run = async (feeds) => {
    const started = performance.now();
    const out = await run(feeds);
    const ms = performance.now() - started;
    if (name === 'decoder_model_merged') {
      if (firstDecoderRun) spent.prefill += ms;
      else {
        spent.decode += ms;
        spent.decodeSteps += 1;
      }
      firstDecoderRun = false;
    } else if (name === 'vision_encoder' || name === 'embed_tokens') spent[name] += ms;
    return out;
  };
}

const rows: Record<string, number | string>[] = [];
for (const size of SIZES) {
  Object.assign(spent, {
    vision_encoder: 0,
    embed_tokens: 0,
    prefill: 0,
    decode: 0,
    decodeSteps: 0,
  });
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

    firstDecoderRun = true;
    started = performance.now();
    const result = await generate(handle, {
      image,
      messages: prompt.messages,
      params: { maxNewTokens: 256, doSample: false, maxImageTokens: size.tokens },
    });
    total += performance.now() - started;
    tokens += result.tokens.length;
    imageTokens = result.imageTokens;

    started = performance.now();
    parseTaskAnswer('detect', result.text, result.tokens, {
      image: size,
      schema,
      options,
      model: { id: 'synthetic', revision: 'tiny' },
      params: taskFor('detect').defaultParams,
      now: Date.now(),
      finish: 'eos',
    });
    parse += performance.now() - started;
  }
  const model = spent.vision_encoder + spent.embed_tokens + spent.prefill + spent.decode;
  const perImage = (ms: number) => Number((ms / perSize).toFixed(1));
  const nonModel = decodeImage + (total - model) + parse;
  rows.push({
    image: size.name,
    imageTokens,
    decodeResizeMs: perImage(decodeImage),
    preprocessAndLoopMs: perImage(total - model),
    visionEncoderMs: perImage(spent.vision_encoder),
    embedMs: perImage(spent.embed_tokens),
    prefillMs: perImage(spent.prefill),
    decodeMs: perImage(spent.decode),
    decodeTokensPerSecond: Number(
      ((spent.decodeSteps * 1000) / Math.max(1, spent.decode)).toFixed(0),
    ),
    parseMs: perImage(parse),
    newTokensPerImage: Math.round(tokens / perSize),
    nonModelShare: `${((100 * nonModel) / (nonModel + model)).toFixed(1)} %`,
  });
}
console.table(rows);
report('model-path', {
  model: 'synthetic tiny',
  runtime: 'transformers.js 4.3.1 on onnxruntime-node (CPU)',
  imagesPerSize: perSize,
  rows,
});
