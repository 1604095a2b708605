import { proxy, transfer, wrap, type Remote } from 'comlink';
import type {
  OcrApi,
  OcrBackend,
  OcrLoaded,
  OcrLoadEvent,
  OcrRequest,
  OcrResult,
} from '../../workers/ocr.protocol';

/**
 * The page's handle on the OCR worker (PP-OCR). Created on first use, so neither the worker nor the
 * model files are part of the app's first load.
 */
export class OcrClient {
  private worker: Worker | null = null;
  private api: Remote<OcrApi> | null = null;

  private remote(): Remote<OcrApi> {
    if (!this.api) {
      this.worker = new Worker(new URL('../../workers/ocr.worker.ts', import.meta.url), {
        type: 'module',
        name: 'ocr',
      });
      this.api = wrap<OcrApi>(this.worker);
    }
    return this.api;
  }

  load(backend: OcrBackend | 'auto', onEvent: (event: OcrLoadEvent) => void): Promise<OcrLoaded> {
    return this.remote().load(backend, proxy(onEvent));
  }

  /** The bitmap is transferred: the caller must not use it afterwards. */
  recognize(request: OcrRequest): Promise<OcrResult> {
    return this.remote().recognize(transfer(request, [request.image]));
  }
}

/** One OCR worker for the whole page: the single-image panel and the batch share its sessions. */
export const ocrClient = new OcrClient();
