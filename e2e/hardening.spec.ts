import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, expect, test, type Page } from '@playwright/test';
import { createProject, storedImages } from './support/app';
import { dropPaths } from './support/drop';
import {
  animatedGif,
  cmykJpeg,
  deepPng,
  distinctPngs,
  hugeJpeg,
  solidPng,
  solidWebp,
  truncatedJpeg,
} from './support/images';

interface Audit {
  images: number;
  blobs: number;
  thumbnails: number;
  /** Image records whose original or thumbnail is missing, and orphans of either. */
  broken: string[];
  thumbnailSizes: Record<string, [number, number]>;
}

/** Checks the database the way a reload would find it: every image whole, nothing orphaned. */
async function audit(page: Page, projectId: string): Promise<Audit> {
  return page.evaluate(
    (id) =>
      new Promise<Audit>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['images', 'imageBlobs', 'thumbnails']);
          const all = (store: string) =>
            new Promise<Record<string, unknown>[]>((ok, fail) => {
              const request = tx.objectStore(store).index('projectId').getAll(id);
              request.onsuccess = () => ok(request.result as Record<string, unknown>[]);
              request.onerror = () => fail(request.error);
            });
          void Promise.all([all('images'), all('imageBlobs'), all('thumbnails')]).then(
            ([images, blobs, thumbs]) => {
              db.close();
              const ids = new Set(images.map((i) => String(i.id)));
              const blobIds = new Set(blobs.map((b) => String(b.imageId)));
              const thumbIds = new Set(thumbs.map((t) => String(t.imageId)));
              const broken = [
                ...[...ids].filter((i) => !blobIds.has(i) || !thumbIds.has(i)),
                ...[...blobIds, ...thumbIds].filter((i) => !ids.has(i)),
              ];
              const byId = new Map(images.map((i) => [String(i.id), String(i.relativePath)]));
              resolve({
                images: images.length,
                blobs: blobs.length,
                thumbnails: thumbs.length,
                broken,
                thumbnailSizes: Object.fromEntries(
                  thumbs.map((t) => [
                    byId.get(String(t.imageId)) ?? '?',
                    [Number(t.width), Number(t.height)],
                  ]),
                ),
              });
            },
            reject,
          );
        };
      }),
    projectId,
  );
}

async function pick(page: Page, paths: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-files-button').click();
  await (await chooser).setFiles(paths);
}

async function writeAll(dir: string, files: Record<string, Buffer>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
  return Object.keys(files).map((n) => join(dir, n));
}

test('unusual and broken files: each imported or reported, nothing decoded at full size', async ({
  page,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'annota-hard-'));
  const paths = await writeAll(dir, {
    'empty.jpg': Buffer.alloc(0),
    'notes.jpg': Buffer.from('shopping list, not a photo\n'),
    'cut.jpg': await truncatedJpeg(400, 300),
    'print cmyk.jpg': await cmykJpeg(80, 40),
    'scan-16bit.png': await deepPng(60, 30),
    'spinner.gif': await animatedGif(30, 20),
    // 108 megapixels, stored landscape, displayed portrait (EXIF orientation 6).
    'huge panorama.jpg': await hugeJpeg(12000, 9000, 6),
    '猫 photo (1).png': await solidPng(20, 10, [9, 9, 9]),
    '..  odd ..name...webp': await solidWebp(12, 34, [1, 200, 3]),
  });
  await createProject(page, 'Edge cases');
  await pick(page, paths);
  const report = page.getByTestId('import-report');
  await expect(report.getByTestId('report-added')).toHaveText('6 images added', {
    timeout: 60_000,
  });
  await expect(report.getByTestId('report-not-images')).toContainText('notes.jpg');
  await expect(report.getByTestId('report-unreadable')).toContainText('2 files unreadable');
  await expect(report.getByTestId('report-unreadable')).toContainText('empty.jpg');
  await expect(report.getByTestId('report-unreadable')).toContainText('cut.jpg');
  await expect(page.getByTestId('thumb')).toHaveCount(6);

  const projectId = /#\/p\/([^/]+)/.exec(page.url())![1]!;
  const stored = Object.fromEntries(
    (await storedImages(page, projectId)).map((s) => [s.relativePath, [s.width, s.height]]),
  );
  expect(stored).toEqual({
    'print cmyk.jpg': [80, 40],
    'scan-16bit.png': [60, 30],
    'spinner.gif': [30, 20],
    'huge panorama.jpg': [9000, 12000],
    '猫 photo (1).png': [20, 10],
    '..  odd ..name...webp': [12, 34],
  });
  const db = await audit(page, projectId);
  expect(db.broken).toEqual([]);
  expect(db.thumbnailSizes['huge panorama.jpg']).toEqual([192, 256]);

  // The animated GIF's thumbnail is its first (red) frame.
  const red = await page.evaluate(async (id) => {
    const db = await new Promise<IDBDatabase>((ok) => {
      const open = indexedDB.open('annota');
      open.onsuccess = () => ok(open.result);
    });
    const images = await new Promise<{ id: string; relativePath: string }[]>((ok) => {
      const r = db.transaction('images').objectStore('images').index('projectId').getAll(id);
      r.onsuccess = () => ok(r.result as { id: string; relativePath: string }[]);
    });
    const gif = images.find((i) => i.relativePath === 'spinner.gif')!;
    const thumb = await new Promise<{ blob: Blob }>((ok) => {
      const r = db.transaction('thumbnails').objectStore('thumbnails').get(gif.id);
      r.onsuccess = () => ok(r.result as { blob: Blob });
    });
    db.close();
    const bitmap = await createImageBitmap(thumb.blob);
    const ctx = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
    ctx.drawImage(bitmap, 0, 0);
    return Array.from(ctx.getImageData(5, 5, 1, 1).data.slice(0, 3));
  }, projectId);
  expect(red[0]).toBeGreaterThan(200);
  expect(red[2]).toBeLessThan(50);

  // The huge image opens in the viewer at its displayed size.
  await page.getByTestId('thumb').filter({ hasText: 'huge panorama.jpg' }).click();
  await expect(page.getByTestId('image-size')).toHaveText('9000 × 12000 px');
});

test('storage running out mid-import stops cleanly, keeps what was stored, and the rest imports later', async ({
  page,
}) => {
  // Simulated quota: after 30 original-image writes the browser refuses, like a full disk.
  await page.addInitScript(() => {
    const limit = Number(localStorage.getItem('test.quotaAfterWrites') ?? 'NaN');
    if (!Number.isFinite(limit)) return;
    let writes = 0;
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args) {
      if (this.name === 'imageBlobs' && ++writes > limit)
        throw new DOMException('Quota exceeded (test)', 'QuotaExceededError');
      return put.apply(this, args);
    } as typeof put;
  });
  const dir = await mkdtemp(join(tmpdir(), 'annota-quota-'));
  const images = await distinctPngs(60);
  const paths = await writeAll(
    dir,
    Object.fromEntries(images.map((b, i) => [`img-${String(i).padStart(3, '0')}.png`, b])),
  );
  const projectId = await createProject(page, 'Tight disk');
  await page.evaluate(() => localStorage.setItem('test.quotaAfterWrites', '30'));
  await page.reload();
  await pick(page, paths);
  await expect(page.getByTestId('report-storage-full')).toBeVisible();
  const first = await audit(page, projectId);
  expect(first.broken).toEqual([]);
  // Whole batches only: the batch that hit the limit was rolled back entirely.
  expect(first.images).toBeGreaterThan(0);
  expect(first.images).toBeLessThanOrEqual(30);
  await expect(page.getByTestId('report-added')).toHaveText(`${first.images} images added`);

  // Space freed: importing the same files again adds exactly the missing ones.
  await page.evaluate(() => localStorage.removeItem('test.quotaAfterWrites'));
  await page.reload();
  await expect(page.getByTestId('thumb').first()).toBeVisible();
  await pick(page, paths);
  await expect(page.getByTestId('report-added')).toHaveText(`${60 - first.images} images added`);
  await expect(page.getByTestId('report-duplicates')).toContainText(
    `${first.images} duplicates skipped`,
  );
  const second = await audit(page, projectId);
  expect(second).toMatchObject({ images: 60, blobs: 60, thumbnails: 60, broken: [] });
});

test('a browser closed mid-import leaves a consistent database, and importing again finishes the job', async ({
  baseURL,
}) => {
  const profile = await mkdtemp(join(tmpdir(), 'annota-profile-'));
  const dir = await mkdtemp(join(tmpdir(), 'annota-crash-'));
  const images = await distinctPngs(400, 64);
  const folder = join(dir, 'batch');
  await writeAll(
    folder,
    Object.fromEntries(images.map((b, i) => [`frame-${String(i).padStart(4, '0')}.png`, b])),
  );
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
      baseURL,
    });

  let context = await launch();
  let page = context.pages()[0] ?? (await context.newPage());
  const projectId = await createProject(page, 'Interrupted');
  await dropPaths(page, [folder]);
  // Close while batches are still being written.
  await expect(page.getByTestId('thumb').first()).toBeVisible();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await context.close();

  context = await launch();
  page = context.pages()[0] ?? (await context.newPage());
  await page.goto(`/#/p/${projectId}`);
  await expect(page.getByTestId('project-title')).toHaveText('Interrupted');
  const after = await audit(page, projectId);
  expect(after.broken).toEqual([]);
  expect(after.images).toBeGreaterThan(0);
  expect(after.images).toBeLessThan(400);
  expect(after).toMatchObject({ blobs: after.images, thumbnails: after.images });
  await expect(page.getByTestId('thumb').first()).toBeVisible();

  await dropPaths(page, [folder]);
  await expect(page.getByTestId('report-added')).toHaveText(`${400 - after.images} images added`, {
    timeout: 90_000,
  });
  expect(await audit(page, projectId)).toMatchObject({
    images: 400,
    blobs: 400,
    thumbnails: 400,
    broken: [],
  });
  await context.close();
});

test('two tabs on one project: an import in one shows in the other, and a shared image is flagged', async ({
  context,
  page,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'annota-tabs-'));
  const images = await distinctPngs(30, 16);
  const paths = await writeAll(
    dir,
    Object.fromEntries(images.map((b, i) => [`tab-${String(i).padStart(2, '0')}.png`, b])),
  );
  const projectId = await createProject(page, 'Shared');
  const other = await context.newPage();
  await other.goto(`/#/p/${projectId}`);
  await expect(other.getByTestId('gallery-empty')).toBeVisible();

  await pick(page, paths);
  await expect(page.getByTestId('report-added')).toHaveText('30 images added');
  // The gallery is virtualized: count what it holds, not what it draws.
  await expect(other.getByTestId('labeled-progress')).toHaveText('0 of 30 labeled');
  await expect(other.getByTestId('count-new')).toContainText('30');

  // The same image opened in both tabs: the second is warned, and the warning clears when the
  // first tab leaves it.
  await page.getByTestId('thumb').first().click();
  await expect(page.getByTestId('editor-canvas')).toHaveAttribute(
    'data-renderer',
    /webgl|webgpu|canvas/,
  );
  await other.goto(page.url());
  await expect(other.getByTestId('image-open-elsewhere')).toBeVisible();
  await expect(page.getByTestId('image-open-elsewhere')).toBeHidden();
  await page.getByTestId('back-to-gallery').click();
  await expect(other.getByTestId('image-open-elsewhere')).toBeHidden();
  await page.getByTestId('thumb').nth(1).click();
  await expect(page.getByTestId('image-open-elsewhere')).toBeHidden();
  expect((await audit(page, projectId)).broken).toEqual([]);
});

test('a dropped folder of 20,000 files is walked without freezing the page', async ({ page }) => {
  const dir = await mkdtemp(join(tmpdir(), 'annota-many-'));
  const folder = join(dir, 'export');
  await mkdir(join(folder, 'notes'), { recursive: true });
  const note = Buffer.from('not an image\n');
  for (let i = 0; i < 19_995; i++) writeFileSync(join(folder, 'notes', `note ${i}.txt`), note);
  const pngs = await distinctPngs(5, 12);
  await writeAll(folder, Object.fromEntries(pngs.map((b, i) => [`photo-${i}.png`, b])));
  await createProject(page, 'Big folder');
  // Longest gap between timer ticks while the walk and import run: a frozen page shows a long one.
  await page.evaluate(() => {
    const w = window as unknown as { longestGap: number };
    w.longestGap = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.longestGap = Math.max(w.longestGap, now - last);
      last = now;
    }, 20);
  });
  await dropPaths(page, [folder]);
  await expect(page.getByTestId('report-added')).toHaveText('5 images added', { timeout: 90_000 });
  await expect(page.getByTestId('report-not-images')).toContainText('19,995 files skipped');
  const longestGap = await page.evaluate(
    () => (window as unknown as { longestGap: number }).longestGap,
  );
  expect(longestGap).toBeLessThan(1_000);
});
