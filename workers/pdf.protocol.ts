/** The one typed API of the PDF worker (comlink): pdfjs-dist opens a PDF and renders its pages. */

export type PdfOpenResult =
  { ok: true; pages: number } | { ok: false; reason: 'encrypted' | 'broken'; detail: string };

export interface PdfPageImage {
  /** PNG of the page. */
  png: Blob;
  width: number;
  height: number;
}

export interface PdfApi {
  /** Opens a document (replacing any open one); the bytes are transferred. */
  open(bytes: ArrayBuffer): Promise<PdfOpenResult>;
  /** Renders page `page` (1-based) at `dpi` dots per inch. */
  render(page: number, dpi: number): Promise<PdfPageImage>;
  close(): Promise<void>;
}
