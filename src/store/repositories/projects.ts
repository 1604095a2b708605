import {
  checkImageItem,
  checkProject,
  createProject,
  InvalidRecordError,
  relabelRegions,
  type ClassMerges,
  newId,
  validateProjectName,
  type ImageAnnotations,
  type ImageId,
  type LabelSchema,
  type Project,
  type ProjectId,
} from '../../domain';
import type { AnnotaDb } from '../database';
import { abortWith, guardQuota, NotFoundError, writeAll } from '../errors';
import { PROJECT_STORES } from '../schema';
import { putNextRevision } from './annotations';
import type { NewImage } from './images';

/** The read path's check: a damaged project is named, not drawn half-broken. */
function validProject(project: Project): Project {
  const problems = checkProject(project);
  if (problems.length > 0) throw new InvalidRecordError(`project ${project.name}`, problems);
  return project;
}

/** A whole project as read back from a backup, thumbnails made, ready to store. */
export interface RestoredProject {
  project: Project;
  images: readonly NewImage[];
  annotations: readonly ImageAnnotations[];
}

export class ProjectRepository {
  constructor(private readonly db: AnnotaDb) {}

  async list(): Promise<Project[]> {
    const all = await this.db.getAll('projects');
    return all.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: ProjectId): Promise<Project | undefined> {
    const project = await this.db.get('projects', id);
    return project && validProject(project);
  }

  async require(id: ProjectId): Promise<Project> {
    const project = await this.get(id);
    if (!project) throw new NotFoundError('project');
    return project;
  }

  async create(name: string): Promise<Project> {
    const project = createProject(name);
    await guardQuota(() => this.db.put('projects', project));
    return project;
  }

  async rename(id: ProjectId, name: string): Promise<Project> {
    const problem = validateProjectName(name);
    if (problem) throw new RangeError(`invalid project name (${problem})`);
    return this.update(id, (p) => ({ ...p, name: name.trim() }));
  }

  /**
   * Saves the schema and, in the same transaction, renames and moves the project's regions to
   * follow their classes by id (renames, merges), so nothing shows or exports an old name.
   */
  async saveSchema(
    id: ProjectId,
    schema: LabelSchema,
    merges: ClassMerges = new Map(),
  ): Promise<Project> {
    return guardQuota(async () => {
      const tx = this.db.transaction(['projects', 'annotations'], 'readwrite');
      const current = await tx.objectStore('projects').get(id);
      if (!current) throw abortWith(tx, new NotFoundError('project'));
      const next = { ...current, schema, updatedAt: Date.now() };
      await writeAll(tx, async (queue) => {
        queue(tx.objectStore('projects').put(next));
        const index = tx.objectStore('annotations').index('projectId');
        let cursor = await index.openCursor(IDBKeyRange.only(id));
        while (cursor) {
          const relabeled = relabelRegions(cursor.value, schema, merges);
          if (relabeled !== cursor.value) queue(cursor.update(relabeled));
          cursor = await cursor.continue();
        }
      });
      return next;
    });
  }

  async setReviewThreshold(id: ProjectId, threshold: number): Promise<Project> {
    if (!(threshold >= 0 && threshold <= 1)) throw new RangeError('threshold must be in [0, 1]');
    return this.update(id, (p) => ({ ...p, reviewThreshold: threshold }));
  }

  /** Read-modify-write in one transaction so two quick edits cannot lose each other. */
  private async update(id: ProjectId, change: (p: Project) => Project): Promise<Project> {
    return guardQuota(async () => {
      const tx = this.db.transaction('projects', 'readwrite');
      const current = await tx.store.get(id);
      if (!current) {
        throw abortWith(tx, new NotFoundError('project'));
      }
      const next = { ...change(current), updatedAt: Date.now() };
      await tx.store.put(next);
      await tx.done;
      return next;
    });
  }

  /** Deletes the project and everything in it, all or nothing. */
  async delete(id: ProjectId): Promise<void> {
    const tx = this.db.transaction(['projects', ...PROJECT_STORES], 'readwrite');
    await writeAll(tx, async (queue) => {
      queue(tx.objectStore('projects').delete(id));
      for (const name of PROJECT_STORES) {
        const index = tx.objectStore(name).index('projectId');
        let cursor = await index.openKeyCursor(IDBKeyRange.only(id));
        while (cursor) {
          queue(tx.objectStore(name).delete(cursor.primaryKey));
          cursor = await cursor.continue();
        }
      }
    });
  }

  /**
   * Stores a backup as a project, all or nothing. Ids are kept exactly when they are free (the
   * original was deleted, or this is another browser); when the project still exists here, the copy
   * gets fresh project and image ids so both can live side by side. Returns the stored project.
   */
  async restore(restored: RestoredProject): Promise<Project> {
    return guardQuota(async () => {
      const tx = this.db.transaction(
        ['projects', 'images', 'imageBlobs', 'thumbnails', 'annotations'],
        'readwrite',
      );
      const taken =
        (await tx.objectStore('projects').getKey(restored.project.id)) !== undefined ||
        (
          await Promise.all(restored.images.map((i) => tx.objectStore('images').getKey(i.item.id)))
        ).some((key) => key !== undefined);
      const projectId = taken ? newId<'project'>() : restored.project.id;
      const imageIds = new Map<ImageId, ImageId>(
        restored.images.map((i) => [i.item.id, taken ? newId<'image'>() : i.item.id]),
      );
      const project: Project = validProject({ ...restored.project, id: projectId });
      await writeAll(tx, (queue) => {
        queue(tx.objectStore('projects').put(project));
        for (const { item, original, thumbnail } of restored.images) {
          const imageId = imageIds.get(item.id)!;
          const problems = checkImageItem(item);
          if (problems.length > 0) throw new InvalidRecordError(`image ${item.id}`, problems);
          queue(tx.objectStore('images').put({ ...item, id: imageId, projectId }));
          queue(tx.objectStore('imageBlobs').put({ imageId, projectId, blob: original }));
          queue(tx.objectStore('thumbnails').put({ imageId, projectId, ...thumbnail }));
        }
        for (const record of restored.annotations) {
          const imageId = imageIds.get(record.imageId);
          if (!imageId) throw new RangeError('annotations of an image the backup lacks');
          queue(putNextRevision(tx.objectStore('annotations'), { ...record, imageId, projectId }));
        }
      });
      return project;
    });
  }
}
