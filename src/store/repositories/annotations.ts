import {
  checkImageAnnotations,
  emptyAnnotations,
  InvalidRecordError,
  type ImageAnnotations,
  type ImageId,
  type LabelSchema,
  type ProjectId,
  type ReviewReason,
  type ReviewStatus,
} from '../../domain';
import type { ImageItem } from '../../domain';
import type { AnnotaDb } from '../database';
import { abortWith, guardQuota, NotFoundError, StaleWriteError, writeAll } from '../errors';

/** Refuses a record the rest of the app could not use, on the way in and on the way out. */
export function validAnnotations(record: ImageAnnotations): ImageAnnotations {
  const problems = checkImageAnnotations(record);
  if (problems.length > 0)
    throw new InvalidRecordError(`annotations of image ${String(record.imageId)}`, problems);
  return record;
}

interface AnnotationStore {
  get(key: ImageId): Promise<ImageAnnotations | undefined>;
  put(value: ImageAnnotations): Promise<unknown>;
}

/**
 * Every write bumps the record's revision inside its transaction, so a tab editing the image
 * learns on its next save that someone else wrote (see `save`).
 */
export function putNextRevision(
  store: AnnotationStore,
  record: ImageAnnotations,
): Promise<unknown> {
  validAnnotations(record);
  return store
    .get(record.imageId)
    .then((prev) => store.put({ ...record, revision: (prev?.revision ?? 0) + 1 }));
}

/** What an annotation import writes: the (possibly extended) schema, records and review statuses. */
export interface ImportWrite {
  schema: LabelSchema;
  records: readonly ImageAnnotations[];
  statuses: readonly { imageId: ImageId; status: ReviewStatus; reasons?: ReviewReason[] }[];
}

export class AnnotationRepository {
  constructor(private readonly db: AnnotaDb) {}

  async get(imageId: ImageId, projectId: ProjectId): Promise<ImageAnnotations> {
    const stored = await this.db.get('annotations', imageId);
    return stored ? validAnnotations(stored) : emptyAnnotations(imageId, projectId);
  }

  /** A blind write (the record's revision is bumped, not compared). */
  async put(annotations: ImageAnnotations): Promise<void> {
    await this.putMany([annotations]);
  }

  /**
   * The editor's save: writes only when the stored revision is still the one the edit started
   * from (compared inside the transaction), else StaleWriteError and nothing is written.
   * Returns the new revision.
   */
  async save(annotations: ImageAnnotations, basedOn: number, image?: ImageItem): Promise<number> {
    validAnnotations(annotations);
    return guardQuota(async () => {
      const stores = image ? (['annotations', 'images'] as const) : (['annotations'] as const);
      const tx = this.db.transaction(stores, 'readwrite');
      const stored = (await tx.objectStore('annotations').get(annotations.imageId))?.revision ?? 0;
      if (stored !== basedOn) throw abortWith(tx, new StaleWriteError(basedOn, stored));
      const revision = stored + 1;
      await writeAll(tx, (queue) => {
        queue(tx.objectStore('annotations').put({ ...annotations, revision }));
        if (image) queue(tx.objectStore('images').put(image));
      });
      return revision;
    });
  }

  /** Saves annotations and the image's review state together, so they never disagree. */
  async putWithImage(annotations: ImageAnnotations, image: ImageItem): Promise<void> {
    await guardQuota(async () => {
      const tx = this.db.transaction(['annotations', 'images'], 'readwrite');
      await writeAll(tx, (queue) => {
        queue(putNextRevision(tx.objectStore('annotations'), annotations));
        queue(tx.objectStore('images').put(image));
      });
    });
  }

  /** Writes many in ONE transaction (imports, bulk accept): nothing partial on failure. */
  async putMany(all: readonly ImageAnnotations[]): Promise<void> {
    if (all.length === 0) return;
    await guardQuota(async () => {
      const tx = this.db.transaction('annotations', 'readwrite');
      await writeAll(tx, (queue) => all.forEach((a) => queue(putNextRevision(tx.store, a))));
    });
  }

  /** The stored records of several images in one read; null where an image has none yet. */
  async findMany(imageIds: readonly ImageId[]): Promise<(ImageAnnotations | null)[]> {
    const tx = this.db.transaction('annotations');
    const found = await Promise.all(imageIds.map((id) => tx.store.get(id)));
    await tx.done;
    return found.map((a) => (a ? validAnnotations(a) : null));
  }

  async listByProject(projectId: ProjectId): Promise<ImageAnnotations[]> {
    return (await this.db.getAllFromIndex('annotations', 'projectId', projectId)).map(
      validAnnotations,
    );
  }

  /**
   * Writes a planned import — schema, records and image statuses — in ONE transaction, so a failure
   * (a full disk, an image deleted meanwhile) leaves the project exactly as it was.
   */
  async applyImport(projectId: ProjectId, write: ImportWrite): Promise<void> {
    await guardQuota(async () => {
      const tx = this.db.transaction(['projects', 'annotations', 'images'], 'readwrite');
      const project = await tx.objectStore('projects').get(projectId);
      if (!project) throw abortWith(tx, new NotFoundError('project'));
      const now = Date.now();
      await writeAll(tx, async (queue) => {
        queue(tx.objectStore('projects').put({ ...project, schema: write.schema, updatedAt: now }));
        for (const record of write.records) {
          if (record.projectId !== projectId)
            throw new RangeError('annotations belong to another project');
          queue(putNextRevision(tx.objectStore('annotations'), record));
        }
        for (const { imageId, status, reasons } of write.statuses) {
          const image = await tx.objectStore('images').get(imageId);
          if (!image || image.projectId !== projectId) throw new NotFoundError('image');
          if (image.status === status && !reasons) continue;
          // Reasons explain the old status only, unless the file says why (our batch results).
          queue(
            tx
              .objectStore('images')
              .put({ ...image, status, reviewReasons: reasons ?? [], updatedAt: now }),
          );
        }
      });
    });
  }
}
