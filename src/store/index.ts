import { openAnnotaDb, type AnnotaDb, type OpenOptions } from './database';
import { AnnotationRepository } from './repositories/annotations';
import { ImageRepository } from './repositories/images';
import { JobRepository } from './repositories/jobs';
import { ProjectRepository } from './repositories/projects';
import { SettingsRepository } from './repositories/settings';

export interface Store {
  db: AnnotaDb;
  projects: ProjectRepository;
  images: ImageRepository;
  annotations: AnnotationRepository;
  jobs: JobRepository<'batch'>;
  outlineJobs: JobRepository<'outline'>;
  settings: SettingsRepository;
}

export function createStore(db: AnnotaDb): Store {
  return {
    db,
    projects: new ProjectRepository(db),
    images: new ImageRepository(db),
    annotations: new AnnotationRepository(db),
    jobs: new JobRepository(db, 'batch'),
    outlineJobs: new JobRepository(db, 'outline'),
    settings: new SettingsRepository(db),
  };
}

export async function openStore(options?: OpenOptions): Promise<Store> {
  return createStore(await openAnnotaDb(options));
}

export {
  StorageFullError,
  NotFoundError,
  DatabaseBlockedError,
  StaleWriteError,
  NewerDatabaseError,
} from './errors';
export type { NewImage, StatusCounts } from './repositories/images';
export { DB_NAME, SCHEMA_VERSION } from './schema';
