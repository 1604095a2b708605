import type { BatchStorage } from './runner';
import type { AnnotationRepository } from '../../store/repositories/annotations';
import type { ImageRepository } from '../../store/repositories/images';
import type { JobRepository } from '../../store/repositories/jobs';
import type { JobKind, JobKinds } from '../../store/schema';

/** The store as a job of one kind sees it: its own job records, the images and their annotations. */
export function jobStorage<K extends JobKind>(
  jobs: JobRepository<K>,
  store: { images: ImageRepository; annotations: AnnotationRepository },
) {
  return {
    chunks: (job: JobKinds[K]) => jobs.chunks(job),
    saveJob: (job: JobKinds[K]) => jobs.saveJob(job),
    saveOutcome: (write: Parameters<JobRepository<K>['saveOutcome']>[0]) =>
      jobs.saveOutcome(write),
    image: (id: Parameters<ImageRepository['get']>[0]) => store.images.get(id),
    annotations: (...args: Parameters<AnnotationRepository['get']>) =>
      store.annotations.get(...args),
    original: (id: Parameters<ImageRepository['original']>[0]) => store.images.original(id),
  };
}

/** The store as a batch runner sees it. */
export function batchStorage(store: {
  jobs: JobRepository;
  images: ImageRepository;
  annotations: AnnotationRepository;
}): BatchStorage {
  return jobStorage(store.jobs, store);
}
