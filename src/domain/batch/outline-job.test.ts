import { describe, expect, it } from 'vitest';
import type { ImageId, JobId, ProjectId } from '..';
import { applyEvent, countStates, failures, JobStateError, nextPending } from './job-state';
import { createOutlineJob, recordOutline, type OutlineOutcome } from './outline-job';
import type { JobChunk, OutlineJob } from './types';

const JOB = 'job-outline' as JobId;
const PROJECT = 'project-1' as ProjectId;
const NOW = 1_700_000_000_000;
const ids = (n: number) => Array.from({ length: n }, (_, i) => `image-${i}` as ImageId);

function newJob(n = 5, chunkSize = 2) {
  return createOutlineJob({
    id: JOB,
    projectId: PROJECT,
    imageIds: ids(n),
    selection: { kind: 'all' },
    tolerance: 1.5,
    author: 'ann',
    now: NOW,
    chunkSize,
  });
}

/** Records the next pending image: what a runner does for each image, in job order. */
function recordNext(
  state: { job: OutlineJob; chunks: JobChunk[] },
  outcome: OutlineOutcome,
): ImageId {
  const at = nextPending(state.chunks)!;
  const r = recordOutline(state.job, state.chunks[at.chunk]!, at.offset, outcome, NOW + 1);
  state.job = r.job;
  state.chunks[at.chunk] = r.chunk;
  return r.chunk.imageIds[at.offset]!;
}

describe('createOutlineJob', () => {
  it('covers every chosen image once, in order, with its settings, nothing done yet', () => {
    const { job, chunks } = createOutlineJob({
      id: JOB,
      projectId: PROJECT,
      imageIds: [...ids(3), 'image-1' as ImageId],
      selection: { kind: 'all' },
      tolerance: 2,
      author: 'ann',
      now: NOW,
      chunkSize: 2,
    });
    expect(job).toMatchObject({
      status: 'running',
      total: 3,
      tolerance: 2,
      outlined: 0,
      selection: { kind: 'all' },
      counts: { done: 0, failed: 0, skipped: 0, needsReview: 0 },
      chunkCount: 2,
    });
    expect(chunks.flatMap((c) => c.imageIds)).toEqual(ids(3));
    expect(countStates(chunks)).toEqual({ pending: 3, done: 0, failed: 0, skipped: 0 });
  });

  it('refuses a negative or missing tolerance', () => {
    const input = {
      id: JOB,
      projectId: PROJECT,
      imageIds: ids(1),
      selection: { kind: 'all' } as const,
      author: 'ann',
      now: NOW,
    };
    expect(() => createOutlineJob({ ...input, tolerance: -1 })).toThrow(RangeError);
    expect(() => createOutlineJob({ ...input, tolerance: Number.NaN })).toThrow(RangeError);
  });
});

describe('recordOutline', () => {
  it('counts done and failed images, the boxes outlined and the time', () => {
    const state = newJob();
    recordNext(state, { state: 'done', outlined: 3, ms: 100 });
    recordNext(state, {
      state: 'failed',
      error: { kind: 'stale', message: 'changed meanwhile' },
      ms: 20,
    });
    recordNext(state, { state: 'done', outlined: 0, ms: 5 });
    expect(state.job.counts).toEqual({ done: 2, failed: 1, skipped: 0, needsReview: 0 });
    expect(state.job.outlined).toBe(3);
    expect(state.job.activeMs).toBe(125);
    expect(failures(state.chunks)).toEqual([
      { imageId: 'image-1', error: { kind: 'stale', message: 'changed meanwhile' } },
    ]);
  });

  it('refuses a second outcome for an image and a count that is not a whole number', () => {
    const { job, chunks } = newJob();
    const r = recordOutline(job, chunks[0]!, 0, { state: 'done', outlined: 1, ms: 1 }, NOW);
    expect(() =>
      recordOutline(r.job, r.chunk, 0, { state: 'done', outlined: 1, ms: 1 }, NOW),
    ).toThrow(JobStateError);
    expect(() =>
      recordOutline(r.job, r.chunk, 1, { state: 'done', outlined: -1, ms: 1 }, NOW),
    ).toThrow(RangeError);
    expect(r.job.outlined).toBe(1);
  });

  it('goes through pause, resume and finish like every job', () => {
    const { job } = newJob();
    const paused = applyEvent(job, 'pause', NOW + 1);
    expect(paused).toMatchObject({ status: 'paused', outlined: 0, tolerance: 1.5 });
    const done = applyEvent(applyEvent(paused, 'resume', NOW + 2), 'finish', NOW + 3);
    expect(done).toMatchObject({ status: 'done', finishedAt: NOW + 3 });
    expect(() => applyEvent(done, 'resume', NOW + 4)).toThrow(JobStateError);
  });
});

describe('resuming an interrupted outline job', () => {
  it('offers exactly the images not yet recorded, each once, from what was stored', () => {
    const state = newJob(5, 2);
    const first = [
      recordNext(state, { state: 'done', outlined: 2, ms: 1 }),
      recordNext(state, { state: 'failed', error: { kind: 'model', message: 'x' }, ms: 1 }),
      recordNext(state, { state: 'done', outlined: 1, ms: 1 }),
    ];
    // The tab closes: what comes back is what was stored, as IndexedDB gives it back.
    const stored = structuredClone(state);
    const second: ImageId[] = [];
    while (nextPending(stored.chunks))
      second.push(recordNext(stored, { state: 'done', outlined: 1, ms: 1 }));
    expect(first).toEqual(ids(3));
    expect(second).toEqual(['image-3', 'image-4']);
    expect(stored.job.counts).toMatchObject({ done: 4, failed: 1 });
    expect(stored.job.outlined).toBe(5);
    expect(countStates(stored.chunks).pending).toBe(0);
  });
});
