import { releaseProxy, transfer, wrap } from 'comlink';
import type { PdfApi } from '../../workers/pdf.protocol';
import type { PickedFile } from './file-walk';

export const DEFAULT_PDF_DPI = 150;

export function isPdf(file: PickedFile): boolean {
  return file.file.type === 'application/pdf' || /\.pdf$/i.test(file.file.name);
}

export interface PdfProgress {
  file: string;
  page: number;
  pages: number;
}

export interface PdfRefusal {
  path: string;
  reason: 'encrypted' | 'broken';
  detail: string;
}

export interface PdfExpansion {
  /** Every picked file that is not a PDF, then each PDF's pages as PNG files with their source. */
  files: PickedFile[];
  refused: PdfRefusal[];
}

/** `invoice.pdf` page 3 → `invoice.pdf#p3.png`: unique per page, sorted with its document. */
export function pageFileName(pdfName: string, page: number): string {
  return `${pdfName}#p${page}.png`;
}

/**
 * Renders the pages of every PDF among the picked files in the PDF worker, one page at a time, and
 * hands them on as images that remember their document and page. Encrypted or broken PDFs are
 * refused with a reason; the rest of the import goes on.
 */
export async function expandPdfs(
  picked: readonly PickedFile[],
  options: { dpi: number; onProgress?: (p: PdfProgress) => void; signal?: AbortSignal },
): Promise<PdfExpansion> {
  const pdfs = picked.filter(isPdf);
  const files = picked.filter((f) => !isPdf(f));
  const refused: PdfRefusal[] = [];
  if (pdfs.length === 0) return { files, refused };
  const worker = new Worker(new URL('../../workers/pdf.worker.ts', import.meta.url), {
    type: 'module',
    name: 'pdf',
  });
  const api = wrap<PdfApi>(worker);
  try {
    for (const pdf of pdfs) {
      if (options.signal?.aborted) break;
      const bytes = await pdf.file.arrayBuffer();
      const opened = await api.open(transfer(bytes, [bytes]));
      if (!opened.ok) {
        refused.push({ path: pdf.relativePath, reason: opened.reason, detail: opened.detail });
        continue;
      }
      for (let page = 1; page <= opened.pages; page++) {
        if (options.signal?.aborted) break;
        options.onProgress?.({ file: pdf.relativePath, page, pages: opened.pages });
        const image = await api.render(page, options.dpi);
        const name = pageFileName(pdf.file.name, page);
        files.push({
          file: new File([image.png], name, { type: 'image/png' }),
          relativePath: pageFileName(pdf.relativePath, page),
          source: { file: pdf.relativePath, page, pages: opened.pages },
        });
      }
    }
  } finally {
    api[releaseProxy]();
    worker.terminate();
  }
  return { files, refused };
}
