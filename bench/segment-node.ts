/**
 * Click-to-segment through the segment worker's runtime core in Node (workers/segment/segment.ts:
 * transformers.js's EdgeTamModel on onnxruntime-node), for machines without a browser — the lent
 * GPU machine runs it on onnxruntime-node's WebGPU provider (bench/gpu/run-segment.sh). Per image:
 * decode and resize to the model's input (sharp here; the browser worker draws on a canvas), the
 * processor, the vision encoder; per click: the decoder session and the mask scaled to its grid.
 * The model is the synthetic SAM (models-manifest/SYNTHETIC.md), generated into a temporary folder:
 * its encoder is three average pools and its decoder ~450 small ops, so on a GPU these times are
 * the pipeline's overhead (transfers, kernel launches, post-processing), not EdgeTAM's.
 *
 *   npx tsx bench/segment-node.ts [--device cpu|webgpu] [--images 4] [--clicks 10] [--size 1920x1080]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { env, RawImage } from '@huggingface/transformers';
import sharp from 'sharp';
import { writeSyntheticSam } from '../models-manifest/synthetic-sam/generate';
import { loadSegmentModel } from '../workers/segment/load';
import { modelInputSize } from '../workers/segment/model-input';
import { decodePrompt, embedImage } from '../workers/segment/segment';
import { report } from './report';

const { values: args } = parseArgs({
  options: {
    device: { type: 'string', default: 'cpu' },
    images: { type: 'string', default: '4' },
    clicks: { type: 'string', default: '10' },
    size: { type: 'string', default: '1920x1080' },
  },
});
const device = args.device === 'webgpu' ? 'webgpu' : 'cpu';
/** WebGPU through Chromium's SwiftShader (bench/run.ts sets it where no Vulkan driver is): a CPU. */
const swiftShader = device === 'webgpu' && /swiftshader/i.test(process.env.VK_DRIVER_FILES ?? '');
const images = Number(args.images);
const clicks = Number(args.clicks);
const [width, height] = args.size!.split('x').map(Number) as [number, number];

/** A photo-like JPEG: a gradient, a few ellipses, grain; the same for a seed every run. */
async function photo(seed: number): Promise<Buffer> {
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const ellipses = Array.from({ length: 12 }, () => {
    const hue = Math.round(next() * 360);
    const light = Math.round(30 + next() * 40);
    const [cx, cy] = [next() * width, next() * height];
    const [rx, ry] = [40 + next() * 160, 40 + next() * 120];
    return `<ellipse cx="${cx}" cy="${cy}" rx="${rx}" ry="${ry}" fill="hsl(${hue},60%,${light}%)"/>`;
  }).join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="g" x2="1" y2="1"><stop offset="0" stop-color="hsl(200,40%,70%)"/>
    <stop offset="1" stop-color="hsl(120,30%,40%)"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>${ellipses}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

const ms = (v: number) => Number(v.toFixed(1));
function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const folder = await mkdtemp(join(tmpdir(), 'annota-synthetic-sam-'));
try {
  await writeSyntheticSam(folder);
  const loadStarted = performance.now();
  const handle = await loadSegmentModel({ source: { kind: 'folder', location: folder }, device });
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  const stages = {
    imageMs: [] as number[],
    preprocessMs: [] as number[],
    encoderMs: [] as number[],
  };
  const decode = { totalMs: [] as number[], decoderMs: [] as number[], maskMs: [] as number[] };
  let maskCells = 0;
  for (let i = 0; i < images; i += 1) {
    const jpeg = await photo(i + 1);
    const started = performance.now();
    const { data, info } = await sharp(jpeg)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    const original = { width: info.width, height: info.height };
    const input = modelInputSize(handle.processor, original);
    const raw = await new RawImage(new Uint8ClampedArray(data), info.width, info.height, 3).resize(
      input.width,
      input.height,
    );
    stages.imageMs.push(performance.now() - started);
    const { embedding, stages: encoded } = await embedImage(handle, raw, original);
    stages.preprocessMs.push(encoded.preprocessMs);
    stages.encoderMs.push(encoded.encoderMs);
    for (let c = 0; c < clicks; c += 1) {
      const x = (((c * 37) % 90) / 100 + 0.05) * width;
      const y = (((c * 53) % 90) / 100 + 0.05) * height;
      const t = performance.now();
      const mask = await decodePrompt(handle, embedding, { points: [{ x, y, positive: true }] });
      decode.totalMs.push(performance.now() - t);
      decode.decoderMs.push(mask.timing?.decoderMs ?? Number.NaN);
      decode.maskMs.push(mask.timing?.maskMs ?? Number.NaN);
      maskCells = mask.width * mask.height;
    }
  }
  // The first image and the first click include each session's first run: left out of medians.
  const rest = (values: number[]) => median(values.slice(1));
  const row = {
    device,
    loadS: ms(loadSeconds),
    firstEncodeMs: ms(stages.imageMs[0]! + stages.preprocessMs[0]! + stages.encoderMs[0]!),
    imageMedianMs: ms(rest(stages.imageMs)),
    preprocessMedianMs: ms(rest(stages.preprocessMs)),
    encoderSessionMedianMs: ms(rest(stages.encoderMs)),
    firstDecodeMs: ms(decode.totalMs[0]!),
    decodeMedianMs: ms(rest(decode.totalMs)),
    decodeMaxMs: ms(Math.max(...decode.totalMs.slice(1))),
    decoderSessionMedianMs: ms(rest(decode.decoderMs)),
    maskMedianMs: ms(rest(decode.maskMs)),
    maskCells,
  };
  console.table({ [device]: row });
  await (handle.model as { dispose?: () => Promise<unknown> }).dispose?.();
  report(
    `segment-node-${device}${swiftShader ? '-swiftshader' : ''}`,
    {
      runtime: `transformers.js ${env.version} on onnxruntime-node (${device}), the segment worker's runtime core (workers/segment/segment.ts)`,
      model: {
        name: 'synthetic SAM (EdgeTAM-ONNX layout; colour-rule decoder)',
        dims: '1024 input, 256/128/64 embedding levels',
        dtype: 'fp32',
        device,
      },
      note: `Not EdgeTAM's speed: the synthetic encoder is three average pools and its decoder ~450 small ops (a colour rule, not SAM's transformer), so on a GPU these are the pipeline's costs — the 16 MB embedding handed to the decoder each click, kernel launches, post-processing on the CPU — not the real model's. ${images} images of ${width}x${height} (photo-like JPEG), ${clicks} clicks each; medians leave out the first image and click.${swiftShader ? " WebGPU here is Chromium's SwiftShader, a Vulkan on the CPU, not a GPU." : ''}`,
    },
    { rows: { [device]: row }, raw: { stages, decode } },
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
