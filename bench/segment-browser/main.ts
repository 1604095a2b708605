/**
 * The bench page for `npm run bench -- segment`: the app's segment client and worker, timed from
 * the page as the canvas tool would wait for them — an image's encode, then clicks decoded.
 */
import { SegmentClient } from '../../src/app/segment/segment-client';
import type { SegmentBenchPage, SegmentBenchRequest, SegmentBenchResult } from './protocol';

/** A photo-like JPEG: a gradient, a few shapes and grain, drawn the same way every run. */
async function photo(width: number, height: number, seed: number): Promise<Blob> {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d')!;
  const sky = ctx.createLinearGradient(0, 0, width, height);
  sky.addColorStop(0, 'hsl(200, 40%, 70%)');
  sky.addColorStop(1, 'hsl(120, 30%, 40%)');
  ctx.fillStyle = sky;
  ctx.fillRect(0, 0, width, height);
  for (let i = 0; i < 12; i++) {
    ctx.fillStyle = `hsl(${Math.round(next() * 360)}, 60%, ${Math.round(30 + next() * 40)}%)`;
    ctx.beginPath();
    ctx.ellipse(next() * width, next() * height, 40 + next() * 160, 40 + next() * 120, 0, 0, 7);
    ctx.fill();
  }
  const grain = ctx.getImageData(0, 0, width, height);
  const pixels = grain.data;
  for (let i = 0; i < pixels.length; i += 4) {
    const n = (next() - 0.5) * 12;
    for (let c = 0; c < 3; c++) pixels[i + c] = pixels[i + c]! + n;
  }
  ctx.putImageData(grain, 0, 0);
  return canvas.convertToBlob({ type: 'image/jpeg', quality: 0.9 });
}

async function adapterName(): Promise<string | null> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<{ info?: object } | null> } }).gpu;
  const adapter = await gpu?.requestAdapter().catch(() => null);
  if (!adapter?.info) return null;
  const info = adapter.info as Record<string, string>;
  return ['vendor', 'architecture', 'description'].map((k) => info[k] || '-').join(' / ');
}

async function run(request: SegmentBenchRequest): Promise<SegmentBenchResult> {
  const client = new SegmentClient();
  const started = performance.now();
  const loaded = await client.load(() => undefined, {
    source: { kind: 'hub', modelId: request.modelId, revision: request.revision },
    device: request.device,
  });
  const loadSeconds = (performance.now() - started) / 1000;
  const encodeMs: number[] = [];
  const encoderOnlyMs: number[] = [];
  const decodeMs: number[] = [];
  const encodeStages: SegmentBenchResult['encodeStages'] = [];
  const decodeTiming: SegmentBenchResult['decodeTiming'] = [];
  let maskCells = 0;
  const first = await photo(request.width, request.height, 1);
  for (let i = 0; i < request.images; i++) {
    const image = i === 0 ? first : await photo(request.width, request.height, i + 1);
    const t0 = performance.now();
    const encoded = await client.encode(`image-${i}`, image);
    encodeMs.push(performance.now() - t0);
    encoderOnlyMs.push(encoded.ms);
    if (encoded.stages) encodeStages.push(encoded.stages);
    for (let c = 0; c < request.clicksPerImage; c++) {
      const x = ((c * 37) % 90) / 100 + 0.05;
      const y = ((c * 53) % 90) / 100 + 0.05;
      const t1 = performance.now();
      const mask = await client.decode(`image-${i}`, {
        points: [{ x: x * request.width, y: y * request.height, positive: true }],
      });
      decodeMs.push(performance.now() - t1);
      if (mask.timing) decodeTiming.push(mask.timing);
      maskCells = mask.width * mask.height;
    }
  }
  const t2 = performance.now();
  await client.encode('image-0', first);
  const cachedEncodeMs = performance.now() - t2;
  await client.dispose();
  return {
    device: loaded.runtime.device,
    adapter: await adapterName(),
    loadSeconds,
    encodeMs,
    encoderOnlyMs,
    encodeStages,
    decodeMs,
    decodeTiming,
    cachedEncodeMs,
    maskCells,
  };
}

const page: SegmentBenchPage = { run };
(window as unknown as { segmentBench: SegmentBenchPage }).segmentBench = page;
document.body.dataset.ready = 'true';
