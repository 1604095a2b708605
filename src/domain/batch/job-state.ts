import type { ImageId, JobId, ProjectId } from '../ids';
import type {
  BatchJob,
  BatchSpec,
  ItemError,
  JobBase,
  ItemRef,
  ItemState,
  JobChunk,
  JobCounts,
  JobStatus,
} from './types';

export const DEFAULT_CHUNK_SIZE = 250;

export type JobEvent = 'pause' | 'resume' | 'cancel' | 'finish';

const TRANSITIONS: Record<JobStatus, Partial<Record<JobEvent, JobStatus>>> = {
  running: { pause: 'paused', cancel: 'cancelled', finish: 'done', resume: 'running' },
  paused: { resume: 'running', cancel: 'cancelled' },
  cancelled: {},
  done: {},
};

export class JobStateError extends Error {
  override readonly name = 'JobStateError';
}

export function canApply(status: JobStatus, event: JobEvent): boolean {
  return TRANSITIONS[status][event] !== undefined;
}

/** The job after an event; an event the state does not allow is a bug in the caller. */
export function applyEvent<J extends JobBase>(job: J, event: JobEvent, now: number): J {
  const next = TRANSITIONS[job.status][event];
  if (!next) throw new JobStateError(`cannot ${event} a ${job.status} job`);
  const ended = next === 'done' || next === 'cancelled';
  return { ...job, status: next, updatedAt: now, finishedAt: ended ? now : job.finishedAt };
}

export interface NewJob<J extends JobBase = BatchJob> {
  job: J;
  chunks: JobChunk[];
}

/** The settings shared by every job kind's creation. */
export interface JobInput {
  id: JobId;
  projectId: ProjectId;
  imageIds: readonly ImageId[];
  /** Images handled already (nothing to do on them): marked skipped from the start. */
  skip: ReadonlySet<ImageId>;
  author: string;
  now: number;
  chunkSize?: number;
}

/**
 * A running job over the images in the given order, de-duplicated and cut into chunks; those in
 * `skip` count as handled, never as remaining. Each job kind adds its own settings to the header.
 */
export function createJobBase(input: JobInput): NewJob<JobBase> {
  const size = input.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError('chunk size must be ≥ 1');
  const unique = [...new Set(input.imageIds)];
  const chunks: JobChunk[] = [];
  for (let start = 0; start < unique.length; start += size) {
    const imageIds = unique.slice(start, start + size);
    chunks.push({
      jobId: input.id,
      projectId: input.projectId,
      index: chunks.length,
      imageIds,
      states: imageIds.map((id): ItemState => (input.skip.has(id) ? 'skipped' : 'pending')),
      errors: {},
    });
  }
  const skipped = chunks.reduce((n, c) => n + c.states.filter((s) => s === 'skipped').length, 0);
  const job: JobBase = {
    id: input.id,
    projectId: input.projectId,
    status: 'running',
    total: unique.length,
    counts: { done: 0, failed: 0, skipped, needsReview: 0 },
    activeMs: 0,
    chunkSize: size,
    chunkCount: chunks.length,
    createdBy: input.author,
    createdAt: input.now,
    updatedAt: input.now,
    finishedAt: null,
  };
  return { job, chunks };
}

/**
 * A Qwen3-VL batch over the images in the given order; those in `skip` already have accepted
 * labels for the task.
 */
export function createJob(input: JobInput & { spec: BatchSpec }): NewJob {
  const { job, chunks } = createJobBase(input);
  return { job: { ...input.spec, ...job, tokens: 0 }, chunks };
}

export function remaining(counts: JobCounts, total: number): number {
  return total - counts.done - counts.failed - counts.skipped;
}

/** The first image still to do at or after `from`, in job order; null when none is left. */
export function nextPending(
  chunks: readonly JobChunk[],
  from: ItemRef = { chunk: 0, offset: 0 },
): ItemRef | null {
  for (let c = from.chunk; c < chunks.length; c++) {
    const states = chunks[c]!.states;
    for (let o = c === from.chunk ? from.offset : 0; o < states.length; o++)
      if (states[o] === 'pending') return { chunk: c, offset: o };
  }
  return null;
}

export type ItemOutcome =
  | { state: 'done'; needsReview: boolean; tokens: number; ms: number }
  | { state: 'failed'; error: ItemError; ms: number };

/** One image's outcome, as every job kind records it. */
export type ItemResult =
  | { state: 'done'; needsReview?: boolean; ms: number }
  | { state: 'failed'; error: ItemError; ms: number };

/**
 * Records one image's outcome in its chunk and the job's counters. Only a pending image can be
 * recorded: a second outcome for the same image would mean it ran twice.
 */
export function recordResult<J extends JobBase>(
  job: J,
  chunk: JobChunk,
  offset: number,
  outcome: ItemResult,
  now: number,
): { job: J; chunk: JobChunk } {
  if (chunk.jobId !== job.id) throw new JobStateError('chunk of another job');
  const state = chunk.states[offset];
  if (state === undefined) throw new RangeError(`no image at ${chunk.index}:${offset}`);
  if (state !== 'pending')
    throw new JobStateError(`image ${chunk.imageIds[offset]} is already ${state}`);
  const states = chunk.states.slice();
  states[offset] = outcome.state;
  const errors =
    outcome.state === 'failed' ? { ...chunk.errors, [offset]: outcome.error } : chunk.errors;
  const counts: JobCounts = { ...job.counts };
  if (outcome.state === 'done') {
    counts.done += 1;
    if (outcome.needsReview) counts.needsReview += 1;
  } else counts.failed += 1;
  return {
    chunk: { ...chunk, states, errors },
    job: { ...job, counts, activeMs: job.activeMs + outcome.ms, updatedAt: now },
  };
}

/** A Qwen3-VL image's outcome, with the tokens it generated. */
export function recordItem(
  job: BatchJob,
  chunk: JobChunk,
  offset: number,
  outcome: ItemOutcome,
  now: number,
): { job: BatchJob; chunk: JobChunk } {
  const recorded = recordResult(job, chunk, offset, outcome, now);
  const tokens = job.tokens + (outcome.state === 'done' ? outcome.tokens : 0);
  return { chunk: recorded.chunk, job: { ...recorded.job, tokens } };
}

/** Failed images of a job with their errors, in job order. */
export function failures(chunks: readonly JobChunk[]): { imageId: ImageId; error: ItemError }[] {
  return chunks.flatMap((c) =>
    Object.entries(c.errors).map(([offset, error]) => ({
      imageId: c.imageIds[Number(offset)]!,
      error,
    })),
  );
}

/** Counts recomputed from the chunks: what the job's counters must agree with. */
export function countStates(chunks: readonly JobChunk[]): Record<ItemState, number> {
  const out: Record<ItemState, number> = { pending: 0, done: 0, failed: 0, skipped: 0 };
  for (const c of chunks) for (const s of c.states) out[s] += 1;
  return out;
}
