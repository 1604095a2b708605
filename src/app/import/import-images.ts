import {
  DuplicateIndex,
  emptyImportReport,
  looksLikeImage,
  newId,
  type ImageItem,
  type ImportReport,
  type ProjectId,
} from '../../domain';
import { StorageFullError, type NewImage, type Store } from '../../store';
import { announceImagesChanged } from '../../sync';
import type { PickedFile } from '../../media/file-walk';
import type { ProbePool } from '../../media/probe-pool';

export const THUMBNAIL_SIZE = 256;
/** Images per write transaction: small enough to stream into the gallery, big enough to be cheap. */
const WRITE_BATCH = 24;

export interface ImportProgress {
  total: number;
  processed: number;
  added: number;
}

export interface ImportOptions {
  pool: ProbePool;
  onProgress?: (progress: ImportProgress) => void;
  /** Called after each batch is safely stored, so the gallery can show it at once. */
  onStored?: (items: ImageItem[]) => void;
  signal?: AbortSignal;
}

/**
 * Imports picked files into a project: decoding, hashing and thumbnails happen in workers, the main
 * thread only queues work and writes batches. Stops cleanly on cancel or a full disk, keeping what
 * was already stored.
 */
export async function importImages(
  store: Store,
  projectId: ProjectId,
  files: readonly PickedFile[],
  options: ImportOptions,
): Promise<ImportReport> {
  const report = emptyImportReport();
  const duplicates = new DuplicateIndex(await store.images.listByProject(projectId));
  const candidates = files.filter((f) => {
    if (looksLikeImage(f.file.name, f.file.type)) return true;
    report.notImages.push(f.relativePath);
    return false;
  });
  const progress: ImportProgress = {
    total: files.length,
    processed: report.notImages.length,
    added: 0,
  };
  options.onProgress?.({ ...progress });

  let batch: NewImage[] = [];
  let cursor = 0;
  let stop = false;
  let fatal: unknown;
  /** Writes the pending batch; any failure stops every loop so nothing is written after a gap. */
  const flush = async () => {
    if (batch.length === 0 || fatal !== undefined || report.stoppedByStorage) return;
    const toWrite = batch;
    batch = [];
    try {
      await store.images.addMany(projectId, toWrite);
    } catch (error) {
      stop = true;
      if (error instanceof StorageFullError) report.stoppedByStorage = true;
      else fatal = error;
      return;
    }
    report.added += toWrite.length;
    progress.added = report.added;
    options.onStored?.(toWrite.map((n) => n.item));
    announceImagesChanged(projectId);
  };

  const inFlight = options.pool.size * 2;
  const worker = async () => {
    while (!stop) {
      if (options.signal?.aborted) {
        report.cancelled = true;
        stop = true;
        return;
      }
      const picked = candidates[cursor++];
      if (!picked) return;
      const result = await options.pool
        .probe(picked.file, THUMBNAIL_SIZE)
        .catch((error: unknown) => ({
          ok: false as const,
          reason: 'unreadable' as const,
          detail: String(error),
        }));
      progress.processed += 1;
      if (!result.ok) {
        if (result.reason === 'not-image') report.notImages.push(picked.relativePath);
        else
          report.unreadable.push({
            path: picked.relativePath,
            detail: result.reason === 'empty' ? 'empty file' : result.detail,
          });
      } else {
        const earlier = duplicates.claim(result.contentHash, picked.relativePath);
        if (earlier !== undefined)
          report.duplicates.push({ path: picked.relativePath, duplicateOf: earlier });
        else {
          const now = Date.now();
          batch.push({
            item: {
              id: newId<'image'>(),
              projectId,
              fileName: picked.file.name,
              relativePath: picked.relativePath,
              mime: result.mime,
              byteSize: picked.file.size,
              width: result.width,
              height: result.height,
              contentHash: result.contentHash,
              ...(picked.source ? { source: picked.source } : {}),
              ...(result.channels ? { channels: result.channels } : {}),
              status: 'new',
              reviewReasons: [],
              createdAt: now,
              updatedAt: now,
            },
            original: picked.file,
            thumbnail: result.thumbnail,
          });
          if (batch.length >= WRITE_BATCH) await flush();
        }
      }
      options.onProgress?.({ ...progress });
    }
  };

  await Promise.all(Array.from({ length: inFlight }, worker));
  await flush();
  if (fatal !== undefined) throw fatal;
  options.onProgress?.({ ...progress });
  return report;
}
