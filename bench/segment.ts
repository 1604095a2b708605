/**
 * Click-to-segment in the browser, through the app's own segment client and worker
 * (src/app/segment/segment-client.ts → workers/segment.worker.ts, transformers.js's EdgeTamModel on
 * onnxruntime-web): an image's encode as the page waits for it, then clicks decoded (prompt in,
 * mask grid back, post-processing included), on WebAssembly and on WebGPU (SwiftShader here unless
 * a GPU is present; the row names the adapter). The model is the synthetic SAM
 * (models-manifest/SYNTHETIC.md): its encoder is three average pools, so encoder times measure the
 * app's path (image decode, processor resize and normalisation, transfers), not EdgeTAM's network;
 * its decoder is ~450 small ops, so decoder times are the path plus a small graph.
 * The page lives in bench/segment-browser (built to bench/.segment-dist, served on :4193); model
 * files come from a fake Hub (e2e/support/model-host.ts).
 * Run: npm run bench -- segment [images, default 4] [--clicks=N, default 10] [--size=WxH]
 *      [--devices=wasm,webgpu] [--name=segment, the results file]
 */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { hostModel } from '../e2e/support/model-host';
import { ensureSyntheticSam } from '../models-manifest/synthetic-sam/ensure';
import { EDGETAM } from '../src/model/models';
import type { SegmentBenchPage, SegmentBenchResult } from './segment-browser/protocol';
import { allowTsxEvaluate, browserName, launchChromium } from './chromium';
import { report, transformersVersion } from './report';

const args = process.argv.slice(2);
const images = Number(args.find((a) => /^\d+$/.test(a)) ?? 4);
const clicks = Number(args.find((a) => a.startsWith('--clicks='))?.slice(9) ?? 10);
const [width, height] = (args.find((a) => a.startsWith('--size='))?.slice(7) ?? '1280x960')
  .split('x')
  .map(Number) as [number, number];
const devices = (args.find((a) => a.startsWith('--devices='))?.slice(10) ?? 'wasm,webgpu').split(
  ',',
) as ('wasm' | 'webgpu')[];
const name = args.find((a) => a.startsWith('--name='))?.slice(7) ?? 'segment';
/** The bench page's port; another can be given where 4193 is taken. */
const PORT = Number(process.env.ANNOTA_SEGMENT_BENCH_PORT ?? 4193);
const root = join(import.meta.dirname, '..');
const config = join('bench', 'segment-browser', 'vite.config.ts');

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

const ms = (v: number) => Number(v.toFixed(1));
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

execFileSync('npx', ['vite', 'build', '--config', config, '--logLevel', 'warn'], {
  cwd: root,
  stdio: 'inherit',
});
const folder = await ensureSyntheticSam();
const server = await servePage();
const browser = await launchChromium();
const rows: Record<string, Record<string, number | string>> = {};
const raw: Record<string, SegmentBenchResult> = {};
try {
  for (const device of devices) {
    const context = await browser.newContext();
    await hostModel(context, folder, { modelId: EDGETAM.id });
    const page = await context.newPage();
    // What the page and its worker said before a failure: the error row carries it.
    const said: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') said.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => said.push(`pageerror: ${e.message}`));
    page.on('crash', () => said.push('the page crashed (renderer process gone)'));
    page.on('worker', (w) => w.on('close', () => said.push('a worker closed')));
    await allowTsxEvaluate(page);
    await page.goto(server.url);
    await page.waitForSelector('body[data-ready="true"]');
    const request = {
      device,
      modelId: EDGETAM.id,
      revision: EDGETAM.revision,
      width,
      height,
      images,
      clicksPerImage: clicks,
    };
    try {
      const result = await page.evaluate(
        (r) => (window as unknown as { segmentBench: SegmentBenchPage }).segmentBench.run(r),
        request,
      );
      raw[device] = result;
      // The first encode includes the worker's first session run (warm-up): reported apart.
      rows[device] = {
        ranOn: result.device,
        adapter: result.adapter ?? 'none',
        loadS: ms(result.loadSeconds),
        firstEncodeMs: ms(result.encodeMs[0] ?? 0),
        encodeMedianMs: ms(median(result.encodeMs.slice(1))),
        encoderInWorkerMedianMs: ms(median(result.encoderOnlyMs.slice(1))),
        imageMedianMs: ms(median(result.encodeStages.slice(1).map((s) => s.imageMs))),
        preprocessMedianMs: ms(median(result.encodeStages.slice(1).map((s) => s.preprocessMs))),
        encoderSessionMedianMs: ms(median(result.encodeStages.slice(1).map((s) => s.encoderMs))),
        decodeMedianMs: ms(median(result.decodeMs.slice(1))),
        decoderSessionMedianMs: ms(median(result.decodeTiming.slice(1).map((t) => t.decoderMs))),
        maskMedianMs: ms(median(result.decodeTiming.slice(1).map((t) => t.maskMs))),
        decodeMaxMs: ms(Math.max(...result.decodeMs.slice(1))),
        cachedEncodeMs: ms(result.cachedEncodeMs),
        maskCells: result.maskCells,
      };
    } catch (error) {
      rows[device] = {
        error: error instanceof Error ? error.message.split('\n')[0]! : String(error),
        said: said.slice(-12).join(' | ') || 'nothing',
      };
    }
    await context.close();
  }
  report(
    name,
    {
      runtime: `transformers.js ${transformersVersion()} on onnxruntime-web in the app's segment worker (bench page, production build of the worker)`,
      browser: browserName(browser),
      model: {
        name: 'synthetic SAM (EdgeTAM-ONNX layout; colour-rule decoder)',
        dims: '1024 input, 256/128/64 embedding levels',
        dtype: 'fp32',
        device: 'wasm and webgpu',
      },
      note: `Not EdgeTAM's speed: the synthetic encoder is three average pools. ${images} images of ${width}x${height} (photo-like JPEG), ${clicks} clicks each; medians leave out the first image and first click (warm-up). A software WebGPU adapter (SwiftShader) is a CPU; the machine is shared with other work (see loadAverage1m).`,
    },
    { rows, raw },
  );
  console.table(rows);
} finally {
  await browser.close();
  server.stop();
}
