/**
 * Opens a project of N images (default 20,000, seeded straight into IndexedDB with real thumbnails)
 * in the production build, then scrolls the gallery and reports open time and frame times.
 * Run: npm run bench -- gallery-scale   (or: npx tsx bench/gallery-scale.ts 20000)
 */
import { allowTsxEvaluate, launchChromium, servePreview, browserName } from './chromium';
import { report } from './report';

const count = Number(process.argv[2] ?? 20000);
const server = await servePreview(4182);
const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await allowTsxEvaluate(page);
  await page.goto(server.url);
  await page.getByTestId('project-name').fill(`Gallery ${count}`);
  await page.getByTestId('new-project').click();
  await page.getByTestId('project-title').waitFor();
  const projectId = decodeURIComponent(/#\/p\/([^/]+)/.exec(page.url())![1]!);

  const seedMs = await page.evaluate(
    async ({ projectId, count }) => {
      const started = performance.now();
      const canvas = new OffscreenCanvas(96, 72);
      const ctx = canvas.getContext('2d')!;
      const thumbs: Blob[] = [];
      for (let i = 0; i < 16; i++) {
        ctx.fillStyle = `hsl(${i * 22}, 70%, 55%)`;
        ctx.fillRect(0, 0, 96, 72);
        thumbs.push(await canvas.convertToBlob({ type: 'image/webp' }));
      }
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const statuses = ['new', 'pre-annotated', 'needs-review', 'accepted', 'rejected'];
      for (let start = 0; start < count; start += 1000) {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction(['images', 'thumbnails', 'imageBlobs'], 'readwrite');
          for (let i = start; i < Math.min(count, start + 1000); i++) {
            const id = crypto.randomUUID();
            const now = Date.now() + i;
            tx.objectStore('images').put({
              id,
              projectId,
              fileName: `IMG_${String(i).padStart(5, '0')}.jpg`,
              relativePath: `shoot-${Math.floor(i / 500)}/IMG_${String(i).padStart(5, '0')}.jpg`,
              mime: 'image/jpeg',
              byteSize: 1000,
              width: 4000,
              height: 3000,
              contentHash: id,
              status: statuses[i % statuses.length],
              reviewReasons: [],
              createdAt: now,
              updatedAt: now,
            });
            tx.objectStore('thumbnails').put({
              imageId: id,
              projectId,
              blob: thumbs[i % 16],
              width: 96,
              height: 72,
            });
            tx.objectStore('imageBlobs').put({ imageId: id, projectId, blob: thumbs[i % 16] });
          }
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      }
      db.close();
      return performance.now() - started;
    },
    { projectId, count },
  );

  const openedAt = Date.now();
  await page.reload();
  await page.getByTestId('thumb').first().waitFor();
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="thumb"] img').length > 0,
  );
  const openMs = Date.now() - openedAt;
  const domThumbs = await page.getByTestId('thumb').count();

  const frames = await page.evaluate(async () => {
    const list = document.querySelector('[data-testid="gallery-grid"] > div') as HTMLElement;
    const times: number[] = [];
    let last = performance.now();
    const end = last + 4000;
    await new Promise<void>((resolve) => {
      const step = (now: number) => {
        times.push(now - last);
        last = now;
        list.scrollTop += 600;
        if (now < end) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    return times.slice(1);
  });
  frames.sort((a, b) => a - b);
  const pct = (p: number) =>
    Number(frames[Math.min(frames.length - 1, Math.floor(frames.length * p))]!.toFixed(1));
  report(
    'gallery-scale',
    { runtime: 'production build', browser: browserName(browser) },
    {
      images: count,
      seedSeconds: Number((seedMs / 1000).toFixed(1)),
      galleryOpenMs: openMs,
      thumbnailsInDom: domThumbs,
      scrollFrames: frames.length,
      frameP50Ms: pct(0.5),
      frameP95Ms: pct(0.95),
      frameMaxMs: Number(frames[frames.length - 1]!.toFixed(1)),
    },
  );
} finally {
  await browser.close();
  server.stop();
}
