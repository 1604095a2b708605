import type { BatchStorage } from './runner';
import type { AnnotationRepository } from '../../store/repositories/annotations';
import type { ImageRepository } from '../../store/repositories/images';
import type { JobRepository } from '../../store/repositories/jobs';

/** The store as a batch runner sees it. */
export function batchStorage(store: {
  jobs: JobRepository;
  images: ImageRepository;
  annotations: AnnotationRepository;
}): BatchStorage {
  return {
    chunks: (job) => store.jobs.chunks(job),
    saveJob: (job) => store.jobs.saveJob(job),
    saveOutcome: (write) => store.jobs.saveOutcome(write),
    image: (id) => store.images.get(id),
    annotations: (id, projectId) => store.annotations.get(id, projectId),
    original: (id) => store.images.original(id),
  };
}
