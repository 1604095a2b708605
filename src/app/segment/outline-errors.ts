import type { ItemErrorKind } from '../../domain/batch/types';
import { NotFoundError } from '../../store/errors';
import { segmentErrorKind, type SegmentErrorKind } from './segment-client';

/**
 * What an error on one image means for an "Outline boxes" job: a fault of this image is recorded
 * and the run goes on; a model that is gone (not loaded, its files missing, offline) would fail
 * every image alike, so the job pauses with the reason instead, to resume once fixed.
 */
export type OutlineErrorClass =
  { action: 'record'; kind: ItemErrorKind; message: string } | { action: 'stop'; message: string };

const STOPS: ReadonlySet<SegmentErrorKind> = new Set([
  'not-loaded',
  'model-missing',
  'offline',
  'unreachable',
  'quota',
  'corrupt-file',
  'folder-needed',
]);

const IMAGE_KINDS: Partial<Record<SegmentErrorKind, ItemErrorKind>> = {
  'bad-image': 'decode',
  'device-lost': 'device-lost',
  'gpu-memory': 'device-lost',
  'worker-crashed': 'device-lost',
};

export function classifyOutlineError(error: unknown): OutlineErrorClass {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof NotFoundError) return { action: 'record', kind: 'missing', message };
  const kind = segmentErrorKind(error);
  if (kind && STOPS.has(kind)) return { action: 'stop', message };
  return { action: 'record', kind: (kind && IMAGE_KINDS[kind]) ?? 'model', message };
}
