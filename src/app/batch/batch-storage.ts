import type { ImageAnnotations, ImageId, ImageItem, ProjectId } from '../../domain';
import type { JobBase, JobChunk } from '../../domain/batch/types';
import type { AnnotationRepository } from '../../store/repositories/annotations';
import type { ImageRepository } from '../../store/repositories/images';
import type { JobRepository } from '../../store/repositories/jobs';
import type { JobKind, JobKinds } from '../../store/schema';

/**
 * What a job's runner needs from storage: its chunks, and per image its record, annotations and
 * file. An image's write and the job's progress go in ONE transaction (`saveOutcome`); `W` is what
 * the job kind writes with them.
 */
export interface JobStorage<J extends JobBase, W> {
  chunks(job: J): Promise<JobChunk[]>;
  saveJob(job: J): Promise<void>;
  saveOutcome(write: { job: J; chunk: JobChunk } & W): Promise<void>;
  image(id: ImageId): Promise<ImageItem | undefined>;
  annotations(id: ImageId, projectId: ProjectId): Promise<ImageAnnotations>;
  original(id: ImageId): Promise<Blob>;
}

/** The store as a job of one kind sees it: its own job records, the images and their annotations. */
export function jobStorage<K extends JobKind>(
  jobs: JobRepository<K>,
  store: { images: ImageRepository; annotations: AnnotationRepository },
): JobStorage<
  JobKinds[K],
  { annotations?: ImageAnnotations; basedOn?: number; image?: ImageItem }
> {
  return {
    chunks: (job) => jobs.chunks(job),
    saveJob: (job) => jobs.saveJob(job),
    saveOutcome: (write) => jobs.saveOutcome(write),
    image: (id) => store.images.get(id),
    annotations: (id, projectId) => store.annotations.get(id, projectId),
    original: (id) => store.images.original(id),
  };
}

/** The store as a Qwen3-VL batch runner sees it. */
export function batchStorage(store: {
  jobs: JobRepository;
  images: ImageRepository;
  annotations: AnnotationRepository;
}) {
  return jobStorage(store.jobs, store);
}
