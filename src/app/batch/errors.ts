import { classifyInferenceError } from '../../model/errors';
import type { ItemErrorKind } from '../../domain/batch/types';
import { ServerError } from '../../ai/server/server-error';

/**
 * What an error while running one image means for the job:
 * - an image-level error ('decode', 'model') is recorded on that image and the job goes on;
 * - 'device-lost' reloads the model once and retries the image;
 * - 'stop' (offline, storage full, model files missing or broken, out of GPU memory) would fail
 *   every image alike, so the job pauses with the message instead, to resume once it is fixed.
 */
export type BatchErrorClass =
  | { action: 'record'; kind: Exclude<ItemErrorKind, 'device-lost'>; message: string }
  | { action: 'reload'; message: string }
  | { action: 'stop'; message: string };

function isDecodeError(error: unknown): boolean {
  if (typeof DOMException !== 'undefined' && error instanceof DOMException)
    return error.name === 'InvalidStateError' || error.name === 'EncodingError';
  return (
    error instanceof Error && /decode|could not be decoded|unsupported image/i.test(error.message)
  );
}

export function classifyBatchError(error: unknown): BatchErrorClass {
  const message = error instanceof Error ? error.message : String(error);
  // A model server's refusal of the key or the model, or no way to reach it, pauses the job;
  // a busy server was already retried with backoff, so what is left is this image's failure.
  if (error instanceof ServerError)
    return error.stopsBatch
      ? { action: 'stop', message: `${error.kind}: ${message}` }
      : { action: 'record', kind: 'model', message: `${error.kind}: ${message}` };
  if (isDecodeError(error)) return { action: 'record', kind: 'decode', message };
  const { kind } = classifyInferenceError(error);
  switch (kind) {
    case 'device-lost':
      return { action: 'reload', message };
    case 'worker-crashed':
      // A fresh worker is started on the next call; the model loads again from the cache.
      return { action: 'reload', message };
    case 'offline':
    case 'quota':
    case 'gpu-memory':
    case 'corrupt-file':
    case 'missing-files':
    case 'folder-needed':
    case 'unreachable':
    case 'not-loaded':
      return { action: 'stop', message };
    case 'unknown':
      return { action: 'record', kind: 'model', message };
  }
}
