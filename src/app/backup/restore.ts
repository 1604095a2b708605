import type { Project } from '../../domain';
import { THUMBNAIL_SIZE } from '../import/import-images';
import type { ProbePool } from '../../media/probe-pool';
import type { NewImage, Store } from '../../store';

/** An image in the backup that the browser cannot decode (the archive was damaged or edited). */
export class UnreadableBackupImage extends Error {
  override readonly name = 'UnreadableBackupImage';
  constructor(readonly path: string) {
    super(`${path}: the image in the backup cannot be read`);
  }
}

export interface RestoreHooks {
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * Reads a backup zip and stores it as a project, all or nothing. Records come back exactly as
 * they were backed up (sizes stay the EXIF-corrected ones of the backup); only thumbnails are made
 * anew, in the probe workers.
 */
export async function restoreProjectBackup(
  store: Store,
  archive: File,
  pool: Pick<ProbePool, 'size' | 'probe'>,
  hooks: RestoreHooks = {},
): Promise<Project> {
  // The zip and format code loads only when someone restores: the projects page ships with the shell.
  const { restoreBackup } = await import('../../formats');
  const backup = await restoreBackup(archive, archive.name, { signal: hooks.signal });
  const total = backup.images.length;
  const images: NewImage[] = new Array<NewImage>(total);
  let next = 0;
  let done = 0;
  hooks.onProgress?.(0, total);
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      hooks.signal?.throwIfAborted();
      const { item, blob } = backup.images[i]!;
      const probed = await pool.probe(blob, THUMBNAIL_SIZE);
      if (!probed.ok) throw new UnreadableBackupImage(item.relativePath);
      images[i] = { item, original: blob, thumbnail: probed.thumbnail };
      hooks.onProgress?.(++done, total);
    }
  };
  await Promise.all(Array.from({ length: pool.size * 2 }, worker));
  hooks.signal?.throwIfAborted();
  return store.projects.restore({
    project: backup.project,
    images,
    annotations: backup.annotations,
  });
}
