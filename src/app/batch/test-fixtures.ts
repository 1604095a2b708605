import type { ImageAnnotations, ImageId, ImageItem, JobId, ProjectId } from '../../domain';
import { emptyAnnotations } from '../../domain';
import { parseTaskAnswer } from '../../ai/tasks';
import {
  scriptAnswer,
  scriptTokens,
  SYNTHETIC_SCRIPTS,
} from '../../../models-manifest/synthetic/task-scripts';
import { testContext } from '../../ai/tasks/test-context';
import type { TaskResult } from '../../ai/tasks/types';
import type { BatchStorage } from './runner';
import type { BatchJob, BatchSpec, JobChunk } from '../../domain/batch/types';

export const PROJECT = 'project-1' as ProjectId;
export const JOB = 'job-1' as JobId;
export const NOW = 1_700_000_000_000;

export function image(n: number, extra: Partial<ImageItem> = {}): ImageItem {
  const name = `img-${String(n).padStart(3, '0')}.png`;
  return {
    id: `image-${n}` as ImageId,
    projectId: PROJECT,
    fileName: name,
    relativePath: name,
    mime: 'image/png',
    byteSize: 100,
    width: 640,
    height: 480,
    contentHash: `hash-${n}`,
    status: 'new',
    reviewReasons: [],
    createdAt: NOW + n,
    updatedAt: NOW + n,
    ...extra,
  };
}

export const DETECT_SPEC: BatchSpec = {
  task: 'detect',
  options: { labels: ['cat', 'person'] },
  params: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 256 },
  lang: 'en',
  overwrite: false,
  selection: { kind: 'all' },
};

/** The parsed answer of one of the synthetic model's scripts, as the model would give it. */
export function scripted(
  name: 'detect' | 'detect-low-confidence' | 'detect-unparseable',
): TaskResult {
  const s = SYNTHETIC_SCRIPTS.find((x) => x.name === name)!;
  return parseTaskAnswer(
    'detect',
    scriptAnswer(s.script),
    scriptTokens(s.script),
    testContext(s.options as { labels: string[] }, { image: { width: 640, height: 480 } }),
  );
}

/** IndexedDB in miniature: every saveOutcome is applied whole or not at all, like a transaction. */
export class MemoryStorage implements BatchStorage {
  jobs = new Map<JobId, BatchJob>();
  chunkStore = new Map<string, JobChunk>();
  images = new Map<ImageId, ImageItem>();
  annotationStore = new Map<ImageId, ImageAnnotations>();
  blobs = new Map<ImageId, Blob>();
  writes = 0;
  failNextWrite = false;

  constructor(images: ImageItem[]) {
    for (const i of images) {
      this.images.set(i.id, i);
      this.blobs.set(i.id, new Blob([i.id]));
    }
  }

  addJob(job: BatchJob, chunks: JobChunk[]): void {
    this.jobs.set(job.id, structuredClone(job));
    for (const c of chunks) this.chunkStore.set(`${c.jobId}/${c.index}`, structuredClone(c));
  }

  async chunks(job: BatchJob): Promise<JobChunk[]> {
    return Array.from({ length: job.chunkCount }, (_, i) =>
      structuredClone(this.chunkStore.get(`${job.id}/${i}`)!),
    );
  }

  async saveJob(job: BatchJob): Promise<void> {
    this.jobs.set(job.id, structuredClone(job));
  }

  async saveOutcome(write: {
    job: BatchJob;
    chunk: JobChunk;
    annotations?: ImageAnnotations;
    image?: ImageItem;
  }): Promise<void> {
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('The browser refused to store more data (storage quota exceeded).');
    }
    this.writes += 1;
    this.jobs.set(write.job.id, structuredClone(write.job));
    this.chunkStore.set(`${write.chunk.jobId}/${write.chunk.index}`, structuredClone(write.chunk));
    if (write.annotations) this.annotationStore.set(write.annotations.imageId, write.annotations);
    if (write.image) this.images.set(write.image.id, write.image);
  }

  async image(id: ImageId): Promise<ImageItem | undefined> {
    return this.images.get(id);
  }

  async annotations(id: ImageId, projectId: ProjectId): Promise<ImageAnnotations> {
    return this.annotationStore.get(id) ?? emptyAnnotations(id, projectId, NOW);
  }

  async original(id: ImageId): Promise<Blob> {
    const blob = this.blobs.get(id);
    if (!blob) throw new Error('image file not found');
    return blob;
  }
}
