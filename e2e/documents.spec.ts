import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { ensureTaskModel, storedAnnotations } from './support/annotate';
import { hostModel } from './support/model-host';
import { createProject, storedImages } from './support/app';
import { canvasMapping, selectionPixelsNear } from './support/canvas';
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

test('an OCR line edits on the canvas: a corner dragged, undone and redone, its text corrected; reload and the PaddleOCR export keep the quad', async ({
  page,
}) => {
  // The Blob download is what runs here: the save picker needs a person to answer it.
  await page.addInitScript(() => {
    delete (window as { showSaveFilePicker?: unknown }).showSaveFilePicker;
  });
  // Room for the canvas beside the side panel.
  await page.setViewportSize({ width: 1600, height: 1000 });
  await createProject(page, 'Receipts');
  const gallery = page.url();
  await page.getByTestId('import-files').setInputFiles(join(fixtures, 'ocr-receipt.png'));
  await expect(page.getByTestId('thumb')).toHaveCount(1);
  // Two lines as Qwen3-VL gives them, boxes without corners, from a JSONL file.
  const first = { x: 25, y: 31, w: 281, h: 30 };
  const second = { x: 25, y: 80, w: 200, h: 28 };
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('annotation-import-dialog');
  await dialog.getByTestId('annotation-import-file').setInputFiles({
    name: 'lines.jsonl',
    mimeType: 'application/jsonl',
    buffer: Buffer.from(
      JSON.stringify({
        file_name: 'ocr-receipt.png',
        ocr: [
          { text: '发票号码：12345678', bbox: [first.x, first.y, first.w, first.h] },
          { text: 'second', bbox: [second.x, second.y, second.w, second.h] },
        ],
      }) + '\n',
    ),
  });
  await dialog.getByTestId('annotation-import-apply').click();
  await expect(dialog.getByTestId('annotation-import-done')).toBeVisible();
  await dialog.getByTestId('annotation-import-close').click();

  await page.getByTestId('thumb').click();
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  const imageId = decodeURIComponent(/\/i\/([^/?#]+)/.exec(page.url())![1]!);
  // Which renderer drew this run (the 2D canvas in software rendering, pixi on a real GPU).
  const canvas = page.getByTestId('editor-canvas');
  await expect(canvas).toHaveAttribute('data-renderer', /.+/);
  test.info().annotations.push({
    type: 'renderer',
    description: String(await canvas.getAttribute('data-renderer')),
  });
  const stored = async () =>
    (await storedAnnotations(page, imageId)).ocr as unknown as {
      text: string;
      box: { x: number; y: number; w: number; h: number };
      quad?: number[];
    }[];
  const m = await canvasMapping(page);
  const screen = (x: number, y: number) => m.toScreen(x, y);
  const press = async (p: { x: number; y: number }) => {
    await page.mouse.move(m.rect.x + p.x, m.rect.y + p.y);
    await page.mouse.down();
  };
  const lines = page.getByTestId('ocr-lines').locator('li');

  // A click inside the first line selects it on the canvas and in the side panel's list.
  const inside = screen(first.x + 100, first.y + 15);
  await page.mouse.click(m.rect.x + inside.x, m.rect.y + inside.y);
  await expect(lines.first()).toHaveAttribute('data-selected', 'true');
  await expect(lines.nth(1)).toHaveAttribute('data-selected', 'false');

  // Its bottom-right corner is dragged 30 screen pixels down and right; the handle goes with it.
  const corner = screen(first.x + first.w, first.y + first.h);
  const target = { x: corner.x + 30, y: corner.y + 30 };
  await expect.poll(() => selectionPixelsNear(page, corner)).toBeGreaterThan(0);
  expect(await selectionPixelsNear(page, target)).toBe(0);
  await press(corner);
  await page.mouse.move(m.rect.x + target.x, m.rect.y + target.y, { steps: 6 });
  await page.mouse.up();
  await expect.poll(() => selectionPixelsNear(page, target)).toBeGreaterThan(0);
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
  const moved = m.toImage(target.x, target.y);
  const [edited] = await stored();
  // The box line became a 4-point quad: three corners where they were, one where it was dragged.
  expect(edited!.quad).toHaveLength(8);
  expect(edited!.quad!.slice(0, 4)).toEqual([first.x, first.y, first.x + first.w, first.y]);
  expect(edited!.quad!.slice(6)).toEqual([first.x, first.y + first.h]);
  expect(Math.abs(edited!.quad![4]! - moved.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(edited!.quad![5]! - moved.y)).toBeLessThanOrEqual(1);
  // The box stays the quad's bounds.
  expect(edited!.box).toEqual({
    x: first.x,
    y: first.y,
    w: edited!.quad![4]! - first.x,
    h: edited!.quad![5]! - first.y,
  });

  // Undo puts the box back as it was (no quad); redo brings the dragged corner back.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await stored())[0]!.quad).toBeUndefined();
  expect((await stored())[0]!.box).toEqual(first);
  await expect.poll(() => selectionPixelsNear(page, target)).toBe(0);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(async () => (await stored())[0]!.quad).toEqual(edited!.quad);
  await expect.poll(() => selectionPixelsNear(page, target)).toBeGreaterThan(0);

  // The selected line's text is corrected in the side panel; focusing the other line's text
  // selects that line on the canvas instead.
  const text = lines.first().getByRole('textbox');
  await text.fill('发票号码：87654321');
  await text.press('Tab');
  await lines.nth(1).getByRole('textbox').click();
  await expect(lines.nth(1)).toHaveAttribute('data-selected', 'true');
  const secondCorner = screen(second.x + second.w, second.y + second.h);
  await expect.poll(() => selectionPixelsNear(page, secondCorner)).toBeGreaterThan(0);
  await expect.poll(async () => (await stored())[0]!.text).toBe('发票号码：87654321');
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');

  await page.reload();
  await expect(page.getByTestId('editor-loading')).toHaveCount(0);
  await expect(lines.first().getByRole('textbox')).toHaveValue('发票号码：87654321');
  const kept = await stored();
  expect(kept[0]!.quad).toEqual(edited!.quad);
  expect(kept[1]!.quad).toBeUndefined();

  // PaddleOCR's Label.txt carries the dragged quad and the corrected text.
  await page.goto(gallery);
  await page.getByTestId('open-export').click();
  const exportDialog = page.getByTestId('export-dialog');
  await exportDialog.getByTestId('export-format').selectOption('paddleocr');
  await exportDialog.getByTestId('export-with-images').uncheck();
  const download = page.waitForEvent('download');
  await exportDialog.getByTestId('export-start').click();
  const zip = join(await mkdtemp(join(tmpdir(), 'annota-ocr-')), 'export.zip');
  await (await download).saveAs(zip);
  const label = strFromU8(unzipSync(await readFile(zip))['Label.txt']!);
  const [path, json] = label.trimEnd().split('\t');
  expect(path).toBe('images/ocr-receipt.png');
  const round = (v: number) => Math.round(v * 1000) / 1000;
  expect(JSON.parse(json!)).toEqual([
    {
      transcription: '发票号码：87654321',
      points: [0, 2, 4, 6].map((i) => [round(edited!.quad![i]!), round(edited!.quad![i + 1]!)]),
      difficult: false,
    },
    {
      transcription: 'second',
      points: [
        [second.x, second.y],
        [second.x + second.w, second.y],
        [second.x + second.w, second.y + second.h],
        [second.x, second.y + second.h],
      ],
      difficult: false,
    },
  ]);
});
