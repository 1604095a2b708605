import type { ImageAnnotations, ImageItem, JobId, ProjectId } from '../../domain';
import type { BatchJob, JobChunk } from '../../domain/batch/types';
import type { AnnotaDb } from '../database';
import { guardQuota, writeAll } from '../errors';
import type { JobRecord } from '../schema';
import { putNextRevision } from './annotations';

function chunkKey(jobId: JobId, index: number): JobId {
  return `${jobId}#${index}` as JobId;
}

function toJob(record: JobRecord | undefined): BatchJob | undefined {
  if (!record || record.kind !== 'batch') return undefined;
  const { kind: _kind, ...job } = record;
  return job;
}

function toChunk(record: JobRecord | undefined): JobChunk | undefined {
  if (!record || record.kind !== 'chunk') return undefined;
  const { kind: _kind, id: _id, ...chunk } = record;
  return chunk;
}

const jobRecord = (job: BatchJob): JobRecord => ({ kind: 'batch', ...job });
const chunkRecord = (chunk: JobChunk): JobRecord => ({
  kind: 'chunk',
  id: chunkKey(chunk.jobId, chunk.index),
  ...chunk,
});

/** Batch jobs: a header per job and its images in chunks, both in the `jobs` store. */
export class JobRepository {
  constructor(private readonly db: AnnotaDb) {}

  /** Stores a new job with all its chunks in one transaction. */
  async create(job: BatchJob, chunks: readonly JobChunk[]): Promise<void> {
    await guardQuota(async () => {
      const tx = this.db.transaction('jobs', 'readwrite');
      await writeAll(tx, (queue) => {
        queue(tx.store.put(jobRecord(job)));
        for (const c of chunks) queue(tx.store.put(chunkRecord(c)));
      });
    });
  }

  async get(id: JobId): Promise<BatchJob | undefined> {
    return toJob(await this.db.get('jobs', id));
  }

  /** A project's jobs, newest first (headers only; chunks are skipped on the cursor). */
  async listByProject(projectId: ProjectId): Promise<BatchJob[]> {
    const out: BatchJob[] = [];
    const tx = this.db.transaction('jobs');
    let cursor = await tx.store.index('projectId').openCursor(IDBKeyRange.only(projectId));
    while (cursor) {
      const job = toJob(cursor.value);
      if (job) out.push(job);
      cursor = await cursor.continue();
    }
    await tx.done;
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }

  async chunks(job: BatchJob): Promise<JobChunk[]> {
    const tx = this.db.transaction('jobs');
    const records = await Promise.all(
      Array.from({ length: job.chunkCount }, (_, i) => tx.store.get(chunkKey(job.id, i))),
    );
    await tx.done;
    return records.map((r, i) => {
      const chunk = toChunk(r);
      if (!chunk) throw new Error(`job ${job.id} has lost its chunk ${i}`);
      return chunk;
    });
  }

  async saveJob(job: BatchJob): Promise<void> {
    await guardQuota(() => this.db.put('jobs', jobRecord(job)));
  }

  /**
   * One image's outcome: its annotations and review state, its chunk and the job's counters, in ONE
   * transaction — after a crash either all of it is there or none, so a resumed job neither redoes
   * nor skips the image.
   */
  async saveOutcome(write: {
    job: BatchJob;
    chunk: JobChunk;
    annotations?: ImageAnnotations;
    image?: ImageItem;
  }): Promise<void> {
    await guardQuota(async () => {
      const tx = this.db.transaction(['jobs', 'annotations', 'images'], 'readwrite');
      await writeAll(tx, (queue) => {
        queue(tx.objectStore('jobs').put(jobRecord(write.job)));
        queue(tx.objectStore('jobs').put(chunkRecord(write.chunk)));
        if (write.annotations)
          queue(putNextRevision(tx.objectStore('annotations'), write.annotations));
        if (write.image) queue(tx.objectStore('images').put(write.image));
      });
    });
  }

  async delete(job: BatchJob): Promise<void> {
    const tx = this.db.transaction('jobs', 'readwrite');
    await writeAll(tx, (queue) => {
      queue(tx.store.delete(job.id));
      for (let i = 0; i < job.chunkCount; i++) queue(tx.store.delete(chunkKey(job.id, i)));
    });
  }
}
