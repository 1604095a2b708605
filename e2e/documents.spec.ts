import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { ensureTaskModel, storedAnnotations } from './support/annotate';
import { hostModel } from './support/model-host';
import { createProject, storedImages } from './support/app';
import { dropPaths } from './support/drop';
import { encryptedPdf, textPdf } from './support/pdf';

const fixtures = join(import.meta.dirname, 'fixtures');
const truth = (
  JSON.parse(readFileSync(join(fixtures, 'ocr-receipt.truth.json'), 'utf8')) as { text: string }[]
).map((t) => t.text);
const squeeze = (text: string) => text.replace(/\s/g, '');

/** A project with the receipt, the AI on WebAssembly, and the receipt open in the editor. */
async function openReceipt(page: Page): Promise<string> {
  await createProject(page, 'Receipts');
  await page.getByTestId('import-files').setInputFiles(join(fixtures, 'ocr-receipt.png'));
  await expect(page.getByTestId('thumb')).toHaveCount(1);
  // WebAssembly, as a machine without a GPU runs it (CI's Chromium offers only a software WebGPU).
  const gallery = page.url();
  await page.goto('/#/model');
  await page.getByTestId('device-select').selectOption('wasm');
  await page.goto(gallery);
  await page.getByTestId('thumb').click();
  await expect(page.getByTestId('ai-panel')).toBeVisible();
  return decodeURIComponent(/\/i\/([^/]+)$/.exec(page.url())![1]!);
}

test('Fast OCR reads a receipt with the real PP-OCR model in the browser; lines survive a reload', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const imageId = await openReceipt(page);

  await page.getByTestId('task-select').selectOption('ocr');
  await page.getByTestId('task-ocr-engine').selectOption('ppocr');
  await page.getByTestId('run-task').click();
  await expect(page.getByTestId('run-outcome')).toBeVisible({ timeout: 180_000 });
  await expect(page.getByTestId('ocr-timings')).toContainText('PP-OCR');

  const stored = async () =>
    (await storedAnnotations(page, imageId)).ocr as unknown as {
      text: string;
      quad: number[];
      state: string;
      provenance: { confidence: number; modelId: string };
    }[];
  const lines = await stored();
  expect(lines.map((l) => squeeze(l.text))).toEqual(truth.map(squeeze));
  for (const line of lines) {
    expect(line.quad).toHaveLength(8);
    expect(line.state).toBe('suggested');
    expect(line.provenance.modelId).toContain('PP-OCRv4');
    expect(line.provenance.confidence).toBeGreaterThan(0.8);
  }
  // Confident lines: the image is pre-annotated, not sent to review.
  expect((await storedAnnotations(page, imageId)).status).toBe('pre-annotated');
  // The model files came from the app's own origin and are kept for offline use.
  const cached = await page.evaluate(async () =>
    (await (await caches.open('annota-ppocr-v1')).keys()).map((r) => new URL(r.url).pathname),
  );
  expect(cached.sort()).toEqual([
    '/models/ppocr/ch_PP-OCRv4_det_infer.onnx',
    '/models/ppocr/ch_PP-OCRv4_rec_infer.onnx',
    '/models/ppocr/ch_ppocr_mobile_v2.0_cls_infer.onnx',
    '/models/ppocr/ppocr_keys_v1.txt',
  ]);

  // A line's text is corrected in the side panel like any OCR line; its quad stays.
  const first = page.getByTestId('ocr-lines').getByRole('textbox').first();
  await first.fill('发票号码：87654321');
  await first.press('Tab');
  await expect.poll(async () => (await stored())[0]!.text).toBe('发票号码：87654321');
  expect((await stored())[0]!.quad).toEqual(lines[0]!.quad);

  await page.reload();
  await expect(page.getByTestId('ai-panel')).toBeVisible();
  expect((await stored()).map((l) => squeeze(l.text))).toEqual(
    ['发票号码：87654321', ...truth.slice(1)].map(squeeze),
  );
});

test('a PDF imports as pages that remember their document; encrypted and broken PDFs are refused with a message', async ({
  page,
}) => {
  const dir = await mkdtemp(join(tmpdir(), 'annota-pdf-'));
  const files = {
    good: join(dir, 'contract.pdf'),
    locked: join(dir, 'locked.pdf'),
    broken: join(dir, 'broken.pdf'),
  };
  await writeFile(files.good, textPdf(['First page', 'Second page', 'Third page']));
  await writeFile(files.locked, encryptedPdf());
  await writeFile(files.broken, Buffer.from('%PDF-1.4\nthis is not really a PDF'));

  const projectId = await createProject(page, 'Contracts');
  await page.getByTestId('pdf-dpi').selectOption('100');
  await dropPaths(page, [files.good, files.locked, files.broken]);
  await expect(page.getByTestId('thumb')).toHaveCount(3);
  await expect(page.getByTestId('thumb-source').first()).toContainText('contract.pdf');
  const report = page.getByTestId('pdf-refused');
  await expect(report).toContainText('locked.pdf');
  await expect(report).toContainText('password');
  await expect(report).toContainText('broken.pdf');

  const images = (await storedImages(page, projectId)).sort((a, b) =>
    a.relativePath.localeCompare(b.relativePath),
  );
  // 420 × 595 pt at 100 dpi.
  expect(images.map((i) => [i.relativePath, i.width, i.height, i.mime])).toEqual([
    ['contract.pdf#p1.png', 584, 827, 'image/png'],
    ['contract.pdf#p2.png', 584, 827, 'image/png'],
    ['contract.pdf#p3.png', 584, 827, 'image/png'],
  ]);
  await page.reload();
  await expect(page.getByTestId('thumb-source')).toHaveCount(3);
  await expect(page.getByTestId('thumb-source').nth(1)).toContainText('2/3');

  // The document's pages are read in one batch by Fast OCR, each page's text on its page.
  await page.getByTestId('open-batch').click();
  await page.getByTestId('batch-task').selectOption('ocr');
  await page.getByTestId('batch-ocr-engine').selectOption('ppocr');
  await page.getByTestId('batch-start').click();
  await expect(page.getByTestId('batch-job').first()).toHaveAttribute('data-status', 'done', {
    timeout: 180_000,
  });
  expect(await ocrTextByPath(page, projectId)).toEqual({
    'contract.pdf#p1.png': 'Firstpage',
    'contract.pdf#p2.png': 'Secondpage',
    'contract.pdf#p3.png': 'Thirdpage',
  });
});

/** The OCR lines stored for each image of a project, squeezed, by the image's path. */
async function ocrTextByPath(page: Page, projectId: string): Promise<Record<string, string>> {
  const byPath = await page.evaluate(
    (id) =>
      new Promise<Record<string, string[]>>((resolve, reject) => {
        const open = indexedDB.open('annota');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['images', 'annotations']);
          const images = tx.objectStore('images').index('projectId').getAll(id);
          const annotations = tx.objectStore('annotations').getAll();
          tx.oncomplete = () => {
            open.result.close();
            const path = new Map(
              (images.result as { id: string; relativePath: string }[]).map((i) => [
                i.id,
                i.relativePath,
              ]),
            );
            const out: Record<string, string[]> = {};
            for (const a of annotations.result as {
              imageId: string;
              ocr: { text: string }[];
            }[]) {
              const p = path.get(a.imageId);
              if (p) out[p] = a.ocr.map((l) => l.text);
            }
            resolve(out);
          };
        };
      }),
    projectId,
  );
  return Object.fromEntries(
    Object.entries(byPath).map(([p, lines]) => [p, squeeze(lines.join(''))]),
  );
}

test('hybrid OCR: PP-OCR lines, then the synthetic Qwen3-VL fills the report', async ({ page }) => {
  test.setTimeout(300_000);
  await hostModel(page, await ensureTaskModel());
  const imageId = await openReceipt(page);
  await page.getByTestId('task-select').selectOption('ocr');
  await page.getByTestId('task-ocr-engine').selectOption('hybrid');
  await page.getByTestId('run-task').click();
  await expect(page.getByTestId('run-outcome')).toBeVisible({ timeout: 240_000 });
  // The report streams from Qwen3-VL (scripted for a report prompt: a defect and a verdict).
  await expect(page.getByTestId('stream')).toContainText('compliance');
  const stored = await storedAnnotations(page, imageId);
  expect(stored.ocr.map((l) => squeeze(l.text))).toEqual(truth.map(squeeze));
  expect(stored.fields?.values).toMatchObject({ compliance: 'fail' });
  expect(stored.fields?.state).toBe('suggested');
});
