/**
 * Imports N generated images (default 2,000) through the real file picker of the production build
 * and measures how long it takes and how long the main thread is ever blocked (Long Tasks API).
 * Run: npm run build && npx tsx bench/import-scale.ts [count]
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { launchChromium, servePreview, browserName } from './chromium';
import { report } from './report';

const count = Number(process.argv[2] ?? 2000);

async function makeImages(dir: string): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    // Each image differs in content so none is dropped as a duplicate.
    const pixels = Buffer.alloc(64 * 48 * 3, i % 251);
    pixels.writeUInt32LE(i, 0);
    const path = join(dir, `photo-${String(i).padStart(5, '0')}.png`);
    await writeFile(
      path,
      await sharp(pixels, { raw: { width: 64, height: 48, channels: 3 } })
        .png()
        .toBuffer(),
    );
    paths.push(path);
  }
  return paths;
}

const dir = await mkdtemp(join(tmpdir(), 'annota-import-'));
const paths = await makeImages(dir);
const server = await servePreview();
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.getByTestId('project-name').fill(`Scale ${count}`);
  await page.getByTestId('new-project').click();
  await page.getByTestId('project-title').waitFor();
  // Only the app's work counts: Chromium itself blocks while the test harness fills the file input
  // with thousands of files (as the OS file dialog would), before the page's change event fires.
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[]; pickedAt: number };
    w.longTasks = [];
    w.pickedAt = Infinity;
    document.addEventListener('change', () => (w.pickedAt = performance.now()), { capture: true });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.startTime >= w.pickedAt) w.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.getByTestId('import-files').setInputFiles(paths);
  await page.getByTestId('import-report').waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - started) / 1000;
  const added = await page.getByTestId('report-added').textContent();
  const longTasks = await page.evaluate(
    () => (window as unknown as { longTasks: number[] }).longTasks,
  );
  const opened = Date.now();
  await page.reload();
  await page.getByTestId('thumb').first().waitFor();
  const reopenMs = Date.now() - opened;
  report(
    'import-scale',
    { runtime: 'production build', browser: browserName(browser) },
    {
      images: count,
      added,
      importSeconds: Number(seconds.toFixed(1)),
      imagesPerSecond: Number((count / seconds).toFixed(1)),
      longTasks: longTasks.length,
      longestTaskMs: Math.round(Math.max(0, ...longTasks)),
      longTasksOver200ms: longTasks.filter((d) => d > 200).length,
      galleryReopenMs: reopenMs,
    },
  );
} finally {
  await browser.close();
  server.stop();
}
