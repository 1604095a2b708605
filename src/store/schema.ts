import type { DBSchema } from 'idb';
import type { ImageAnnotations, ImageId, ImageItem, JobId, Project, ProjectId } from '../domain';

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

/** Batch jobs are defined by a later issue; the store is ready for them from v1. */
export interface JobRecord {
  id: JobId;
  projectId: ProjectId;
  createdAt: number;
  updatedAt: number;
  [key: string]: unknown;
}

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
