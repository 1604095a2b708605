/// <reference lib="webworker" />
/**
 * The PDF worker: pdfjs-dist parses and draws pages onto an OffscreenCanvas, off the main thread.
 * pdfjs runs its own parser in this same worker (no nested worker): its worker module is loaded
 * here and found through globalThis.pdfjsWorker.
 */
import { expose } from 'comlink';
import * as pdfjsWorker from 'pdfjs-dist/build/pdf.worker.mjs';
import { getDocument, type PDFDocumentLoadingTask, type PDFDocumentProxy } from 'pdfjs-dist';
import type { PdfApi, PdfOpenResult, PdfPageImage } from './pdf.protocol';

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = pdfjsWorker;

/** PDF user space is 72 units per inch. */
const POINTS_PER_INCH = 72;
/** Pages larger than this many pixels on a side are drawn smaller, so memory stays bounded. */
const MAX_SIDE = 8192;

let task: PDFDocumentLoadingTask | null = null;
let doc: PDFDocumentProxy | null = null;

async function closeDocument(): Promise<void> {
  const open = task;
  task = null;
  doc = null;
  await open?.destroy();
}

function describe(error: unknown): PdfOpenResult {
  const name = (error as { name?: string } | null)?.name ?? '';
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, reason: name === 'PasswordException' ? 'encrypted' : 'broken', detail };
}

const api: PdfApi = {
  async open(bytes) {
    await closeDocument();
    try {
      task = getDocument({
        data: new Uint8Array(bytes),
        // No DOM here: glyphs are drawn as paths instead of loaded as web fonts.
        disableFontFace: true,
        useSystemFonts: false,
        stopAtErrors: true,
      });
      doc = await task.promise;
      return { ok: true, pages: doc.numPages };
    } catch (error) {
      await closeDocument();
      return describe(error);
    }
  },
  async render(pageNumber, dpi): Promise<PdfPageImage> {
    if (!doc) throw new Error('no PDF is open');
    const page = await doc.getPage(pageNumber);
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(dpi / POINTS_PER_INCH, MAX_SIDE / Math.max(base.width, base.height));
    const viewport = page.getViewport({ scale });
    const canvas = new OffscreenCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d')!;
    context.fillStyle = '#fff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      canvasContext: context as unknown as CanvasRenderingContext2D,
      viewport,
    }).promise;
    page.cleanup();
    const png = await canvas.convertToBlob({ type: 'image/png' });
    return { png, width: canvas.width, height: canvas.height };
  },
  close: closeDocument,
};

expose(api);
