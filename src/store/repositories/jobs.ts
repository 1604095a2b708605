import type { ImageAnnotations, ImageItem, JobId, ProjectId } from '../../domain';
import type { JobChunk } from '../../domain/batch/types';
import type { AnnotaDb } from '../database';
import { abortWith, guardQuota, StaleWriteError, writeAll } from '../errors';
import type { JobKind, JobKinds, JobRecord } from '../schema';
import { putNextRevision } from './annotations';

function chunkKey(jobId: JobId, index: number): JobId {
  return `${jobId}#${index}` as JobId;
}

function toChunk(record: JobRecord | undefined): JobChunk | undefined {
  if (!record || record.kind !== 'chunk') return undefined;
  const { kind: _kind, id: _id, ...chunk } = record;
  return chunk;
}

const chunkRecord = (chunk: JobChunk): JobRecord => ({
  kind: 'chunk',
  id: chunkKey(chunk.jobId, chunk.index),
  ...chunk,
});

/**
 * Jobs of one kind (Qwen3-VL batches, "Outline boxes"): a header per job and its images in chunks,
 * all in the `jobs` store; a listing of one kind never shows the other's.
 */
export class JobRepository<K extends JobKind = 'batch'> {
  constructor(
    private readonly db: AnnotaDb,
    private readonly kind: K,
  ) {}

  private toJob(record: JobRecord | undefined): JobKinds[K] | undefined {
    if (!record || record.kind === 'chunk' || record.kind !== this.kind) return undefined;
    const { kind: _kind, ...job } = record;
    // The kind was checked just above: the rest of the record is this kind's header.
    return job as JobKinds[K];
  }

  private jobRecord(job: JobKinds[K]): JobRecord {
    return { kind: this.kind, ...job } as JobRecord;
  }

  /** Stores a new job with all its chunks in one transaction. */
  async create(job: JobKinds[K], chunks: readonly JobChunk[]): Promise<void> {
    await guardQuota(async () => {
      const tx = this.db.transaction('jobs', 'readwrite');
      await writeAll(tx, (queue) => {
        queue(tx.store.put(this.jobRecord(job)));
        for (const c of chunks) queue(tx.store.put(chunkRecord(c)));
      });
    });
  }

  async get(id: JobId): Promise<JobKinds[K] | undefined> {
    return this.toJob(await this.db.get('jobs', id));
  }

  /** A project's jobs, newest first (headers only; chunks are skipped on the cursor). */
  async listByProject(projectId: ProjectId): Promise<JobKinds[K][]> {
    const out: JobKinds[K][] = [];
    const tx = this.db.transaction('jobs');
    let cursor = await tx.store.index('projectId').openCursor(IDBKeyRange.only(projectId));
    while (cursor) {
      const job = this.toJob(cursor.value);
      if (job) out.push(job);
      cursor = await cursor.continue();
    }
    await tx.done;
    return out.sort((a, b) => b.createdAt - a.createdAt);
  }

  async chunks(job: JobKinds[K]): Promise<JobChunk[]> {
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

  async saveJob(job: JobKinds[K]): Promise<void> {
    await guardQuota(() => this.db.put('jobs', this.jobRecord(job)));
  }

  /**
   * One image's outcome: its annotations and review state, its chunk and the job's counters, in ONE
   * transaction — after a crash either all of it is there or none, so a resumed job neither redoes
   * nor skips the image. With `basedOn`, the annotations are written only if their stored revision
   * is still that one (else StaleWriteError and nothing is written): a job does not overwrite what
   * a person saved meanwhile.
   */
  async saveOutcome(write: {
    job: JobKinds[K];
    chunk: JobChunk;
    annotations?: ImageAnnotations;
    basedOn?: number;
    image?: ImageItem;
  }): Promise<void> {
    await guardQuota(async () => {
      const tx = this.db.transaction(['jobs', 'annotations', 'images'], 'readwrite');
      if (write.annotations && write.basedOn !== undefined) {
        const stored =
          (await tx.objectStore('annotations').get(write.annotations.imageId))?.revision ?? 0;
        if (stored !== write.basedOn)
          throw abortWith(tx, new StaleWriteError(write.basedOn, stored));
      }
      await writeAll(tx, (queue) => {
        queue(tx.objectStore('jobs').put(this.jobRecord(write.job)));
        queue(tx.objectStore('jobs').put(chunkRecord(write.chunk)));
        if (write.annotations)
          queue(putNextRevision(tx.objectStore('annotations'), write.annotations));
        if (write.image) queue(tx.objectStore('images').put(write.image));
      });
    });
  }

  async delete(job: JobKinds[K]): Promise<void> {
    const tx = this.db.transaction('jobs', 'readwrite');
    await writeAll(tx, (queue) => {
      queue(tx.store.delete(job.id));
      for (let i = 0; i < job.chunkCount; i++) queue(tx.store.delete(chunkKey(job.id, i)));
    });
  }
}
