import type { ImageId, ImageItem, ProjectId, ReviewReason, ReviewStatus } from '../../domain';
import { REVIEW_STATUSES } from '../../domain';
import type { AnnotaDb } from '../database';
import { abortWith, guardQuota, NotFoundError, writeAll } from '../errors';

export interface NewImage {
  item: ImageItem;
  original: Blob;
  thumbnail: { blob: Blob; width: number; height: number };
}

export type StatusCounts = Record<ReviewStatus, number>;

export class ImageRepository {
  constructor(private readonly db: AnnotaDb) {}

  /** Adds a batch of images with their bytes and thumbnails in ONE transaction: all or none. */
  async addMany(projectId: ProjectId, images: readonly NewImage[]): Promise<void> {
    if (images.length === 0) return;
    await guardQuota(async () => {
      const tx = this.db.transaction(
        ['images', 'imageBlobs', 'thumbnails', 'projects'],
        'readwrite',
      );
      const project = await tx.objectStore('projects').get(projectId);
      if (!project) {
        throw abortWith(tx, new NotFoundError('project'));
      }
      await writeAll(tx, (queue) => {
        for (const { item, original, thumbnail } of images) {
          if (item.projectId !== projectId)
            throw new RangeError('image belongs to another project');
          queue(tx.objectStore('images').put(item));
          queue(tx.objectStore('imageBlobs').put({ imageId: item.id, projectId, blob: original }));
          queue(tx.objectStore('thumbnails').put({ imageId: item.id, projectId, ...thumbnail }));
        }
        queue(tx.objectStore('projects').put({ ...project, updatedAt: Date.now() }));
      });
    });
  }

  /**
   * Deletes images with their bytes, thumbnails and annotations in ONE transaction, so the
   * browser's storage is freed and nothing is left half-deleted.
   */
  async deleteMany(projectId: ProjectId, ids: readonly ImageId[]): Promise<void> {
    if (ids.length === 0) return;
    const stores = ['images', 'imageBlobs', 'thumbnails', 'annotations', 'projects'] as const;
    const tx = this.db.transaction([...stores], 'readwrite');
    const project = await tx.objectStore('projects').get(projectId);
    if (!project) throw abortWith(tx, new NotFoundError('project'));
    await writeAll(tx, async (queue) => {
      for (const id of ids) {
        const item = await tx.objectStore('images').get(id);
        if (!item) continue;
        if (item.projectId !== projectId) throw new RangeError('image belongs to another project');
        queue(tx.objectStore('images').delete(id));
        queue(tx.objectStore('imageBlobs').delete(id));
        queue(tx.objectStore('thumbnails').delete(id));
        queue(tx.objectStore('annotations').delete(id));
      }
      queue(tx.objectStore('projects').put({ ...project, updatedAt: Date.now() }));
    });
  }

  get(id: ImageId): Promise<ImageItem | undefined> {
    return this.db.get('images', id);
  }

  listByProject(projectId: ProjectId): Promise<ImageItem[]> {
    return this.db.getAllFromIndex('images', 'projectId', projectId);
  }

  /** Streams a project's images page by page (a short transaction each), for exports of any size. */
  async *iterateByProject(projectId: ProjectId, pageSize = 500): AsyncGenerator<ImageItem[]> {
    let lastKey: ImageId | undefined;
    for (;;) {
      const page: ImageItem[] = [];
      const tx = this.db.transaction('images');
      let cursor = await tx.store.index('projectId').openCursor(IDBKeyRange.only(projectId));
      // Within one index key, entries are ordered by primary key: resume right after the last one.
      if (cursor && lastKey !== undefined) {
        cursor = await cursor.continuePrimaryKey(projectId, lastKey);
        if (cursor && cursor.primaryKey === lastKey) cursor = await cursor.continue();
      }
      while (cursor && page.length < pageSize) {
        page.push(cursor.value);
        cursor = await cursor.continue();
      }
      await tx.done;
      if (page.length === 0) return;
      yield page;
      lastKey = page[page.length - 1]!.id;
      if (page.length < pageSize) return;
    }
  }

  count(projectId: ProjectId): Promise<number> {
    return this.db.countFromIndex('images', 'projectId', projectId);
  }

  async countByStatus(projectId: ProjectId): Promise<StatusCounts> {
    const counts = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, 0])) as StatusCounts;
    let cursor = await this.db.transaction('images').store.index('projectId').openCursor(projectId);
    while (cursor) {
      counts[cursor.value.status] += 1;
      cursor = await cursor.continue();
    }
    return counts;
  }

  async contentHashes(projectId: ProjectId): Promise<Map<string, ImageItem>> {
    const items = await this.listByProject(projectId);
    return new Map(items.map((i) => [i.contentHash, i]));
  }

  async original(id: ImageId): Promise<Blob> {
    const record = await this.db.get('imageBlobs', id);
    if (!record) throw new NotFoundError('image file');
    return record.blob;
  }

  async thumbnail(id: ImageId): Promise<Blob | undefined> {
    return (await this.db.get('thumbnails', id))?.blob;
  }

  async setStatus(
    id: ImageId,
    status: ReviewStatus,
    reasons: ReviewReason[] = [],
  ): Promise<ImageItem> {
    return guardQuota(async () => {
      const tx = this.db.transaction('images', 'readwrite');
      const item = await tx.store.get(id);
      if (!item) {
        throw abortWith(tx, new NotFoundError('image'));
      }
      const next: ImageItem = { ...item, status, reviewReasons: reasons, updatedAt: Date.now() };
      await tx.store.put(next);
      await tx.done;
      return next;
    });
  }
}
