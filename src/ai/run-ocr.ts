import type { ImageItem, LabelSchema, OcrEngine } from '../domain';
import type { OcrBackend, OcrLoaded, OcrResult } from '../../workers/ocr.protocol';
import type { OcrClient } from './ocr-client';
import { runTask, type RunTaskRequest } from './run-task';
import { fastOcrResult, hybridReportOptions, hybridResult } from './tasks/fast-ocr';
import type { PromptLanguage, TaskResult } from './tasks/types';

export interface RunOcrRequest {
  ocr: OcrClient;
  engine: Exclude<OcrEngine, 'qwen'>;
  /** The device the user chose for the AI (model settings); 'auto' prefers WebGPU. */
  backend: OcrBackend | 'auto';
  image: ImageItem;
  original: Blob;
  schema: LabelSchema;
  lang: PromptLanguage;
  onLoaded?: (loaded: OcrLoaded) => void;
  /** For the hybrid only: runs the report on Qwen3-VL (the rest of runTask's request). */
  report?: () => Promise<Omit<RunTaskRequest<'report'>, 'task' | 'options'> | null>;
}

export interface RunOcrOutcome {
  result: TaskResult;
  ocr: OcrResult;
}

/**
 * Fast OCR (PP-OCR on the device), and for the hybrid a structured report by Qwen3-VL that gets
 * PP-OCR's lines as context. Null when the hybrid's model could not be loaded.
 */
export async function runOcr(request: RunOcrRequest): Promise<RunOcrOutcome | null> {
  const loaded = await request.ocr.load(request.backend, () => {});
  request.onLoaded?.(loaded);
  const bitmap = await createImageBitmap(request.original);
  const ocr = await request.ocr.recognize({ image: bitmap, backend: request.backend });
  const fast = fastOcrResult(ocr.lines, {
    image: { width: request.image.width, height: request.image.height },
    model: { id: loaded.modelId, revision: loaded.revision },
    backend: ocr.backend,
    now: Date.now(),
  });
  if (request.engine === 'ppocr') return { result: fast, ocr };
  const rest = await request.report?.();
  if (!rest) return null;
  const report = await runTask({
    ...rest,
    task: 'report',
    options: hybridReportOptions(request.schema.fields, ocr.lines, request.lang),
  });
  return { result: hybridResult(fast, report.result), ocr };
}
