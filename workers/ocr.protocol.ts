/**
 * The one typed API of the OCR worker (comlink): PP-OCRv4 on onnxruntime-web. Pages travel as
 * transferred ImageBitmaps; lines come back in image pixels of the bitmap.
 */
import type { OcrLineResult, OcrTimings } from './ocr/engine';

export type { OcrLineResult, OcrTimings } from './ocr/engine';

export type OcrBackend = 'webgpu' | 'wasm';

export interface OcrLoadEvent {
  file: string;
  loaded: number;
  total: number;
}

export interface OcrLoaded {
  backend: OcrBackend;
  modelId: string;
  revision: string;
  /** Seconds from load() to ready. */
  seconds: number;
}

export interface OcrRequest {
  image: ImageBitmap;
  /** 'auto' = WebGPU when the browser offers it, else WebAssembly. */
  backend: OcrBackend | 'auto';
}

export interface OcrResult {
  lines: OcrLineResult[];
  timings: OcrTimings;
  backend: OcrBackend;
}

export interface OcrApi {
  load(backend: OcrBackend | 'auto', onEvent: (event: OcrLoadEvent) => void): Promise<OcrLoaded>;
  recognize(request: OcrRequest): Promise<OcrResult>;
}
