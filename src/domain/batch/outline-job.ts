import { createJobBase, recordResult, type JobInput, type NewJob } from './job-state';
import type { ImageSelection, ItemError, JobChunk, OutlineJob } from './types';

/** "Outline boxes" over the chosen images, in the given order. */
export function createOutlineJob(
  input: Omit<JobInput, 'skip'> & { selection: ImageSelection; tolerance: number },
): NewJob<OutlineJob> {
  if (!Number.isFinite(input.tolerance) || input.tolerance < 0)
    throw new RangeError('tolerance must be ≥ 0');
  // Nothing is skipped up front: an image without boxes is done in a moment, with 0 outlined.
  const { job, chunks } = createJobBase({ ...input, skip: new Set() });
  return {
    job: { ...job, selection: input.selection, tolerance: input.tolerance, outlined: 0 },
    chunks,
  };
}

export type OutlineOutcome =
  | { state: 'done'; outlined: number; ms: number }
  | { state: 'failed'; error: ItemError; ms: number };

/**
 * One image's outcome, with the boxes it outlined. Like every job's, it refuses an image already
 * recorded: that is what keeps a resumed job from outlining an image twice.
 */
export function recordOutline(
  job: OutlineJob,
  chunk: JobChunk,
  offset: number,
  outcome: OutlineOutcome,
  now: number,
): { job: OutlineJob; chunk: JobChunk } {
  if (outcome.state === 'done' && (!Number.isInteger(outcome.outlined) || outcome.outlined < 0))
    throw new RangeError('outlined boxes must be a whole number ≥ 0');
  const recorded = recordResult(job, chunk, offset, outcome, now);
  const outlined = job.outlined + (outcome.state === 'done' ? outcome.outlined : 0);
  return { chunk: recorded.chunk, job: { ...recorded.job, outlined } };
}
