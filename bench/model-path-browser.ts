/**
 * Where the time of one pre-annotation goes in the browser, on the synthetic Qwen3-VL (tiny dims):
 * the app's path — decode + bounded resize on the page, bitmap → RawImage in the worker, image
 * preprocessing and tokenization, the vision encoder, embed, prefill, decode (tokens/s), the
 * generation loop's own JS, answer parsing, merge and the IndexedDB write through the store — in
 * headless Chromium, on the WASM backend (q4 files) and on WebGPU (SwiftShader here; fp32 files).
 * The page and worker live in bench/browser (built to bench/.browser-dist, served on :4191 — 4190
 * is on the fetch spec's bad-port list); model files come from a fake Hugging Face Hub
 * (e2e/support/model-host.ts).
 * Run: npm run bench -- model-path-browser
 *   or: npx tsx bench/model-path-browser.ts [images per size, default 3] [--webgpu=all|none|448x448,…]
 *       [--cache-readback]
 * On a software WebGPU adapter (SwiftShader: 25–130 s per image here) WebGPU runs 448x448 only, one
 * image after the warm-up, unless --webgpu asks for more; on a real GPU it runs like WASM.
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { hostModel } from '../e2e/support/model-host';
import { QWEN3_VL_2B } from '../src/model/models';
import { ensureSyntheticModel } from '../models-manifest/synthetic/ensure-model';
import { parseSpec } from '../models-manifest/synthetic/script-spec';
import type { Device, Dtype } from '../workers/qwen3vl/types';
import type { ImageTimings, PageEnvironment } from './browser/protocol';
import { allowTsxEvaluate, browserName, launchChromium } from './chromium';
import { report, transformersVersion } from './report';

const args = process.argv.slice(2);
const perSize = Number(args.find((a) => /^\d+$/.test(a)) ?? 3);
const webgpuSizes = args.find((a) => a.startsWith('--webgpu='))?.slice('--webgpu='.length);
const PORT = 4191;
const SIZES = [
  { name: '448x448', width: 448, height: 448, tokens: 196 },
  { name: '1024x768', width: 1024, height: 768, tokens: 768 },
  { name: '1920x1080', width: 1920, height: 1080, tokens: 1024 },
];
type Size = (typeof SIZES)[number];
// SwiftShader's WebGPU has no shader-f16, so fp32 graphs there (as e2e/synthetic-model.spec.ts).
// --cache-readback adds a WebGPU run whose KV cache is read back to the CPU every step: its decode
// time against the plain WebGPU run's is what keeping the cache on the GPU buys.
const cacheReadback = args.includes('--cache-readback');
const RUNS: { device: Device; dtype: Dtype; cacheReadback?: boolean }[] = [
  { device: 'wasm', dtype: 'q4' },
  { device: 'webgpu', dtype: 'fp32' },
  ...(cacheReadback ? [{ device: 'webgpu' as const, dtype: 'fp32' as const, cacheReadback }] : []),
];
const ANSWER =
  '```json\n[\n\t{"bbox_2d": [50, 100, 450, 900], "label": "cat"},\n\t{"bbox_2d": [500, 0, 1000, 1000], "label": "person"}\n]\n```';

const root = join(import.meta.dirname, '..');
const config = join('bench', 'browser', 'vite.config.ts');

/** Serves the built bench page with vite preview; returns its URL and a stop(). */
async function servePage(): Promise<{ url: string; stop: () => void }> {
  const child = spawn('npx', ['vite', 'preview', '--config', config, '--port', String(PORT)], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://localhost:${PORT}/`;
  const stop = () => {
    if (child.pid) process.kill(-child.pid);
  };
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return { url, stop };
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  stop();
  throw new Error(`bench page did not come up on ${url}`);
}

const ms = (value: number) => Number(value.toFixed(1));
const mean = (all: ImageTimings[], pick: (t: ImageTimings) => number) =>
  all.reduce((sum, t) => sum + pick(t), 0) / all.length;

function row(device: string, dtype: string, size: Size, all: ImageTimings[]) {
  const model = (t: ImageTimings) => t.visionMs + t.embedMs + t.prefillMs + t.decodeMs;
  const decodeMs = mean(all, (t) => t.decodeMs);
  const steps = mean(all, (t) => t.decodeSteps);
  // Everything the app does around the four session kinds (generate's own loop JS included).
  const loopJs = (t: ImageTimings) => t.generateMs - t.tokenizeMs - t.imagePreprocessMs - model(t);
  const totalModel = all.reduce((sum, t) => sum + model(t), 0);
  const total = all.reduce((sum, t) => sum + t.totalMs, 0);
  return {
    device,
    dtype,
    image: size.name,
    images: all.length,
    imageTokens: all[0]!.imageTokens,
    newTokens: Math.round(mean(all, (t) => t.newTokens)),
    decodeResizeMs: ms(mean(all, (t) => t.decodeResizeMs)),
    preprocessMs: ms(mean(all, (t) => t.imagePreprocessMs)),
    tokenizeMs: ms(mean(all, (t) => t.tokenizeMs + t.promptMs)),
    visionEncoderMs: ms(mean(all, (t) => t.visionMs)),
    embedMs: ms(mean(all, (t) => t.embedMs)),
    prefillMs: ms(mean(all, (t) => t.prefillMs)),
    decodeMs: ms(decodeMs),
    decodeTokensPerSecond: Math.round((steps * 1000) / Math.max(1e-6, decodeMs)),
    loopJsMs: ms(mean(all, loopJs)),
    messagingMs: ms(mean(all, (t) => t.messagingMs)),
    parseMs: ms(mean(all, (t) => t.parseMs)),
    applyMs: ms(mean(all, (t) => t.applyMs)),
    idbWriteMs: ms(mean(all, (t) => t.idbWriteMs)),
    totalMs: ms(total / all.length),
    nonModelShare: `${((100 * (total - totalModel)) / total).toFixed(1)} %`,
  };
}

type Row = ReturnType<typeof row>;

/** Which sizes and how many images a device runs (software WebGPU: the smallest, once). */
function planFor(device: Device, software: boolean): { sizes: Size[]; images: number } {
  if (device !== 'webgpu') return { sizes: SIZES, images: perSize };
  if (webgpuSizes === 'all') return { sizes: SIZES, images: perSize };
  if (webgpuSizes === 'none') return { sizes: [], images: 0 };
  if (webgpuSizes) {
    const names = webgpuSizes.split(',');
    return { sizes: SIZES.filter((s) => names.includes(s.name)), images: perSize };
  }
  return software ? { sizes: SIZES.slice(0, 1), images: 1 } : { sizes: SIZES, images: perSize };
}

async function runDevice(
  browser: Browser,
  url: string,
  folder: string,
  run: (typeof RUNS)[number],
): Promise<{
  rows: Row[];
  environment: PageEnvironment;
  loadSeconds: number;
}> {
  const context = await browser.newContext();
  try {
    await hostModel(context, folder);
    const page = await context.newPage();
    await allowTsxEvaluate(page);
    await page.goto(url);
    await page.waitForFunction(() => 'annotaBench' in window);
    const environment = await page.evaluate(() => window.annotaBench.environment());
    if (run.device === 'webgpu' && !environment.webgpuAdapter)
      throw new Error('navigator.gpu.requestAdapter() gave no adapter');
    const software = /swiftshader/i.test(environment.webgpuAdapter ?? '');
    const plan = planFor(run.device, software);
    const loaded = await page.evaluate((options) => window.annotaBench.load(options), {
      ...run,
      modelId: QWEN3_VL_2B.id,
      revision: QWEN3_VL_2B.revision,
    });
    const label =
      (run.device === 'webgpu' && software ? 'webgpu (SwiftShader)' : run.device) +
      (run.cacheReadback ? ', cache read back every step' : '');
    const rows: Row[] = [];
    for (const size of plan.sizes) {
      const request = { width: size.width, height: size.height, maxImageTokens: size.tokens };
      // One untimed image per size first: shapes change with the size (kernels, buffers, pipelines).
      await page.evaluate((r) => window.annotaBench.annotate(r), { ...request, seed: 1000 });
      const all: ImageTimings[] = [];
      for (let i = 0; i < plan.images; i++)
        all.push(
          await page.evaluate((r) => window.annotaBench.annotate(r), { ...request, seed: i }),
        );
      const bad = all.find((t) => t.regions !== 2);
      if (bad) throw new Error(`expected 2 saved regions, got ${bad.regions} (${bad.finish})`);
      rows.push(row(label, run.dtype, size, all));
      console.log(`${label} ${size.name}: ${rows.at(-1)!.totalMs} ms per image`);
    }
    await page.evaluate(() => window.annotaBench.unload());
    return { rows, environment, loadSeconds: loaded.seconds };
  } finally {
    await context.close();
  }
}

execFileSync('npx', ['vite', 'build', '--config', config, '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
const folder = await ensureSyntheticModel({
  dims: 'tiny',
  spec: parseSpec({ scripts: [{ text: ANSWER }] }),
});
const server = await servePage();
const browser = await launchChromium();
const rows: Row[] = [];
const devices: Record<string, unknown>[] = [];
const failed: { device: string; reason: string }[] = [];
try {
  for (const run of RUNS) {
    try {
      const result = await runDevice(browser, server.url, folder, run);
      rows.push(...result.rows);
      devices.push({ ...run, loadSeconds: ms(result.loadSeconds), ...result.environment });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      failed.push({ device: run.device, reason });
      console.error(`${run.device}: ${reason}`);
    }
  }
  console.table(rows);
  const notes: string[] = [];
  if (devices.some((d) => d.crossOriginIsolated === false))
    notes.push(
      'WASM runs one thread: no COOP/COEP headers (as the app is served), so not cross-origin isolated.',
    );
  if (devices.some((d) => d.device === 'webgpu' && /swiftshader/i.test(String(d.webgpuAdapter))))
    notes.push("WebGPU is SwiftShader (CPU emulation): its model times are not a GPU's.");
  const ran = devices.map((d) => `${String(d.device)} ${String(d.dtype)}`);
  report(
    cacheReadback ? 'model-path-browser-cache-readback' : 'model-path-browser',
    {
      runtime: `transformers.js ${transformersVersion()} on onnxruntime-web (${ran.join(', ') || 'none'})`,
      browser: browserName(browser),
      model: {
        name: 'synthetic Qwen3-VL',
        dims: 'tiny',
        dtype: devices.map((d) => String(d.dtype)).join(' / '),
        device: devices.map((d) => String(d.device)).join(' / '),
      },
    },
    { imagesPerSize: perSize, warmupPerSize: 1, devices, failed, notes, rows },
  );
} finally {
  await browser.close();
  server.stop();
}
if (rows.length === 0) process.exit(1);
