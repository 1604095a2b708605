import {
  emptyAnnotations,
  type ImageAnnotations,
  type ImageId,
  type LabelSchema,
  type ProjectId,
  type ReviewReason,
  type ReviewStatus,
} from '../../domain';
import type { ImageItem } from '../../domain';
import type { AnnotaDb } from '../database';
import { abortWith, guardQuota, NotFoundError, writeAll } from '../errors';

/** What an annotation import writes: the (possibly extended) schema, records and review statuses. */
export interface ImportWrite {
  schema: LabelSchema;
  records: readonly ImageAnnotations[];
  statuses: readonly { imageId: ImageId; status: ReviewStatus; reasons?: ReviewReason[] }[];
}

export class AnnotationRepository {
  constructor(private readonly db: AnnotaDb) {}

  async get(imageId: ImageId, projectId: ProjectId): Promise<ImageAnnotations> {
    return (await this.db.get('annotations', imageId)) ?? emptyAnnotations(imageId, projectId);
  }

  async put(annotations: ImageAnnotations): Promise<void> {
    await guardQuota(() => this.db.put('annotations', annotations));
  }

  /** Saves annotations and the image's review state together, so they never disagree. */
  async putWithImage(annotations: ImageAnnotations, image: ImageItem): Promise<void> {
    await guardQuota(async () => {
      const tx = this.db.transaction(['annotations', 'images'], 'readwrite');
      await writeAll(tx, (queue) => {
        queue(tx.objectStore('annotations').put(annotations));
        queue(tx.objectStore('images').put(image));
      });
    });
  }

  /** Writes many in ONE transaction (imports, bulk accept): nothing partial on failure. */
  async putMany(all: readonly ImageAnnotations[]): Promise<void> {
    if (all.length === 0) return;
    await guardQuota(async () => {
      const tx = this.db.transaction('annotations', 'readwrite');
      await writeAll(tx, (queue) => all.forEach((a) => queue(tx.store.put(a))));
    });
  }

  /** The stored records of several images in one read; null where an image has none yet. */
  async findMany(imageIds: readonly ImageId[]): Promise<(ImageAnnotations | null)[]> {
    const tx = this.db.transaction('annotations');
    const found = await Promise.all(imageIds.map((id) => tx.store.get(id)));
    await tx.done;
    return found.map((a) => a ?? null);
  }

  listByProject(projectId: ProjectId): Promise<ImageAnnotations[]> {
    return this.db.getAllFromIndex('annotations', 'projectId', projectId);
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
          queue(tx.objectStore('annotations').put(record));
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
