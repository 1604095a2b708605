import {
  emptyAnnotations,
  type ImageAnnotations,
  type ImageId,
  type ProjectId,
} from '../../domain';
import type { ImageItem } from '../../domain';
import type { AnnotaDb } from '../database';
import { guardQuota, writeAll } from '../errors';

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

  listByProject(projectId: ProjectId): Promise<ImageAnnotations[]> {
    return this.db.getAllFromIndex('annotations', 'projectId', projectId);
  }
}
