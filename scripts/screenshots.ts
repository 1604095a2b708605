/**
 * Regenerates the README's screenshots (docs/screens/) from the production build: the gallery, the
 * image editor and the shortcut help, in English and Chinese, at 1366×768 and 1920×1080.
 *
 *   npm run build && npx tsx scripts/screenshots.ts
 *
 * Uses Debian's Chromium (/usr/bin/chromium) and synthetic photos drawn here; nothing is downloaded.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import sharp from 'sharp';
import { setClasses } from '../e2e/support/schema';

const PORT = Number(process.env.SCREENSHOT_PORT ?? 4390);
const ORIGIN = `http://localhost:${PORT}`;
const OUT = join(import.meta.dirname, '..', 'docs', 'screens');
const SIZES = [
  [1366, 768],
  [1920, 1080],
] as const;
const CLASSES = [
  { id: '00000000-0000-4000-8000-00000000c001', name: 'cup', color: '#e6194b', hotkey: '1' },
  { id: '00000000-0000-4000-8000-00000000c002', name: 'plate', color: '#3cb44b', hotkey: '2' },
  { id: '00000000-0000-4000-8000-00000000c003', name: 'bottle', color: '#4363d8', hotkey: '3' },
];

/** A table-top scene: a wooden background with plates, cups and bottles. */
function scene(seed: number): Promise<Buffer> {
  const w = 1600;
  const h = 1067;
  const r = (n: number) => ((seed * 9301 + n * 49297) % 233280) / 233280;
  let shapes = '';
  for (let i = 0; i < 4; i++) {
    const x = 150 + r(i) * 1200;
    const y = 150 + r(i + 10) * 700;
    shapes += `<ellipse cx="${x}" cy="${y}" rx="150" ry="110" fill="#f2f2ee" stroke="#bbb" stroke-width="6"/>`;
    shapes += `<rect x="${x + 160}" y="${y - 60}" width="90" height="110" rx="14" fill="hsl(${r(i + 20) * 360},55%,55%)"/>`;
  }
  shapes += `<rect x="${200 + r(40) * 1100}" y="${120 + r(41) * 500}" width="70" height="260" rx="20" fill="#2f7d4a" opacity="0.85"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#b98a5e"/><stop offset="1" stop-color="#8a5f3c"/></linearGradient></defs>
    <rect width="${w}" height="${h}" fill="url(#g)"/>${shapes}</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
}

async function serve(): Promise<() => void> {
  const server = spawn('npx', ['vite', 'preview', '--port', String(PORT), '--strictPort'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 120; i++) {
    try {
      if ((await fetch(ORIGIN)).ok) return () => server.kill();
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  server.kill();
  throw new Error(`vite preview did not start on ${ORIGIN}`);
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(OUT, `${name}-${width}x${height}.png`) });
  }
}

async function drawBox(page: Page, x: number, y: number, w: number, h: number): Promise<void> {
  const c = (await page.getByTestId('editor-canvas').boundingBox())!;
  await page.mouse.move(c.x + c.width * x, c.y + c.height * y);
  await page.mouse.down();
  await page.mouse.move(c.x + c.width * (x + w), c.y + c.height * (y + h), { steps: 5 });
  await page.mouse.up();
}

async function main(): Promise<void> {
  await mkdir(OUT, { recursive: true });
  const dir = await mkdtemp(join(tmpdir(), 'annota-shots-'));
  const files: string[] = [];
  for (let i = 0; i < 12; i++) {
    const file = join(dir, `table-${String(i + 1).padStart(2, '0')}.jpg`);
    await writeFile(file, await scene(i + 1));
    files.push(file);
  }
  const stop = await serve();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    for (const lang of ['en', 'zh-CN'] as const) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      await page.goto(ORIGIN);
      await page.getByTestId('language').selectOption(lang);
      await page.getByTestId('project-name').fill(lang === 'en' ? 'Kitchen photos' : '厨房照片');
      await page.getByTestId('new-project').click();
      await page.getByTestId('project-title').waitFor();
      const projectId = decodeURIComponent(/#\/p\/([^/]+)/.exec(page.url())![1]!);
      await setClasses(page, projectId, CLASSES);
      await page.reload();
      const chooser = page.waitForEvent('filechooser');
      await page.getByTestId('import-files-button').click();
      await (await chooser).setFiles(files);
      await page
        .getByTestId('thumb')
        .nth(files.length - 1)
        .waitFor();

      await page.getByTestId('thumb').first().click();
      await page.getByTestId('editor-loading').waitFor({ state: 'detached' });
      await page.keyboard.press('w');
      await page.keyboard.press('1');
      await drawBox(page, 0.3, 0.3, 0.12, 0.15);
      await page.keyboard.press('2');
      await drawBox(page, 0.5, 0.45, 0.18, 0.2);
      await page.keyboard.press('q');
      await page.getByTestId('save-state').and(page.locator('[data-state="saved"]')).waitFor();
      await page.keyboard.press('Enter'); // Done & next
      await page.getByTestId('image-name').getByText('table-02.jpg').waitFor();
      await page.getByTestId('editor-canvas').and(page.locator('[data-renderer]')).waitFor();
      await page.getByTestId('editor-loading').waitFor({ state: 'detached' });
      await page.keyboard.press('w');
      await drawBox(page, 0.4, 0.35, 0.15, 0.2);
      await page.keyboard.press('q');
      await page.getByTestId('region-item').first().click();
      await page.getByTestId('save-state').and(page.locator('[data-state="saved"]')).waitFor();
      await shoot(page, `${lang}-editor`);
      await page.keyboard.press('?');
      await shoot(page, `${lang}-help`);
      await page.keyboard.press('Escape');

      await page.getByTestId('back-to-gallery').click();
      await page.getByTestId('thumb').first().waitFor();
      await shoot(page, `${lang}-gallery`);
      await page.close();
    }
  } finally {
    await browser.close();
    stop();
  }
  console.log(`screenshots written to ${OUT}`);
}

await main();
