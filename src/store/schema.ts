import type { DBSchema } from 'idb';
import type { ImageAnnotations, ImageId, ImageItem, JobId, Project, ProjectId } from '../domain';
import type { BatchJob, JobChunk, OutlineJob } from '../domain/batch/types';

export const DB_NAME = 'annota';
/** Bump together with a new entry in migrations.ts. */
export const SCHEMA_VERSION = 1;

/** Original bytes are kept apart from records so listing images never loads pixels. */
export interface ImageBlobRecord {
  imageId: ImageId;
  projectId: ProjectId;
  blob: Blob;
}

export interface ThumbnailRecord {
  imageId: ImageId;
  projectId: ProjectId;
  blob: Blob;
  width: number;
  height: number;
}

/** The kinds of job over a project's images, by the `kind` of their header record. */
export interface JobKinds {
  /** A Qwen3-VL batch. */
  batch: BatchJob;
  /** "Outline boxes" with the segmentation model. */
  outline: OutlineJob;
}
export type JobKind = keyof JobKinds;

/**
 * The `jobs` store holds a job's header and, apart, its images in chunks (keyed
 * `<job id>#<chunk>`), so finishing an image rewrites one small chunk, never a 50,000-id list.
 * A new kind of job is a new kind of header in the same store: no new store, no migration.
 */
export type JobRecord =
  | { [K in JobKind]: { kind: K } & JobKinds[K] }[JobKind]
  | ({ kind: 'chunk'; id: JobId } & JobChunk);

export interface SettingRecord {
  key: string;
  value: unknown;
}

export interface AnnotaSchema extends DBSchema {
  projects: { key: ProjectId; value: Project };
  images: {
    key: ImageId;
    value: ImageItem;
    indexes: { projectId: ProjectId; projectHash: [ProjectId, string] };
  };
  imageBlobs: { key: ImageId; value: ImageBlobRecord; indexes: { projectId: ProjectId } };
  thumbnails: { key: ImageId; value: ThumbnailRecord; indexes: { projectId: ProjectId } };
  annotations: { key: ImageId; value: ImageAnnotations; indexes: { projectId: ProjectId } };
  jobs: { key: JobId; value: JobRecord; indexes: { projectId: ProjectId } };
  settings: { key: string; value: SettingRecord };
}

export const PROJECT_STORES = [
  'images',
  'imageBlobs',
  'thumbnails',
  'annotations',
  'jobs',
] as const;
