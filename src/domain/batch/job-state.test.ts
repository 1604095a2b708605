import { describe, expect, it } from 'vitest';
import type { ImageId } from '..';
import {
  applyEvent,
  canApply,
  countStates,
  createJob,
  failures,
  JobStateError,
  nextPending,
  recordItem,
  remaining,
} from './job-state';
import { DETECT_SPEC, JOB, NOW, PROJECT } from '../../app/batch/test-fixtures';
import type { JobStatus } from './types';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `image-${i}` as ImageId);

function newJob(n = 7, skip: ImageId[] = [], chunkSize = 3) {
  return createJob({
    id: JOB,
    projectId: PROJECT,
    spec: DETECT_SPEC,
    imageIds: ids(n),
    skip: new Set(skip),
    author: 'ann',
    now: NOW,
    chunkSize,
  });
}

describe('job state transitions', () => {
  const table: [JobStatus, 'pause' | 'resume' | 'cancel' | 'finish', JobStatus | null][] = [
    ['running', 'pause', 'paused'],
    ['running', 'cancel', 'cancelled'],
    ['running', 'finish', 'done'],
    ['running', 'resume', 'running'],
    ['paused', 'resume', 'running'],
    ['paused', 'cancel', 'cancelled'],
    ['paused', 'pause', null],
    ['paused', 'finish', null],
    ['done', 'resume', null],
    ['done', 'cancel', null],
    ['cancelled', 'resume', null],
    ['cancelled', 'pause', null],
  ];
  for (const [from, event, to] of table) {
    it(`${from} --${event}--> ${to ?? 'refused'}`, () => {
      const job = { ...newJob().job, status: from };
      expect(canApply(from, event)).toBe(to !== null);
      if (to === null) expect(() => applyEvent(job, event, NOW + 1)).toThrow(JobStateError);
      else {
        const next = applyEvent(job, event, NOW + 1);
        expect(next.status).toBe(to);
        expect(next.updatedAt).toBe(NOW + 1);
        expect(next.finishedAt).toBe(to === 'done' || to === 'cancelled' ? NOW + 1 : null);
      }
    });
  }
});

describe('createJob', () => {
  it('splits the images into chunks in order, de-duplicated, with skipped ones marked', () => {
    const list = [...ids(7), 'image-2' as ImageId];
    const { job, chunks } = createJob({
      id: JOB,
      projectId: PROJECT,
      spec: DETECT_SPEC,
      imageIds: list,
      skip: new Set(['image-4' as ImageId]),
      author: 'ann',
      now: NOW,
      chunkSize: 3,
    });
    expect(job.total).toBe(7);
    expect(job.chunkCount).toBe(3);
    expect(chunks.map((c) => c.imageIds.length)).toEqual([3, 3, 1]);
    expect(chunks.flatMap((c) => c.imageIds)).toEqual(ids(7));
    expect(chunks[1]!.states).toEqual(['pending', 'skipped', 'pending']);
    expect(job.counts).toEqual({ done: 0, failed: 0, skipped: 1, needsReview: 0 });
    expect(remaining(job.counts, job.total)).toBe(6);
    expect(job.status).toBe('running');
    expect(job.createdBy).toBe('ann');
  });

  it('refuses a chunk size below one', () => {
    expect(() => newJob(3, [], 0)).toThrow(RangeError);
  });

  it('makes an empty job for an empty selection', () => {
    const { job, chunks } = newJob(0);
    expect(job.total).toBe(0);
    expect(chunks).toEqual([]);
    expect(nextPending(chunks)).toBeNull();
  });
});

describe('recording outcomes and resuming', () => {
  it('finds the next pending image across chunks, skipping skipped ones', () => {
    const { chunks } = newJob(7, ['image-0' as ImageId, 'image-3' as ImageId]);
    expect(nextPending(chunks)).toEqual({ chunk: 0, offset: 1 });
    expect(nextPending(chunks, { chunk: 0, offset: 3 })).toEqual({ chunk: 1, offset: 1 });
    expect(nextPending(chunks, { chunk: 2, offset: 1 })).toBeNull();
  });

  it('counts done, review and failed images, their tokens and time', () => {
    let { job, chunks } = newJob(4);
    let r = recordItem(
      job,
      chunks[0]!,
      0,
      { state: 'done', needsReview: true, tokens: 40, ms: 900 },
      NOW + 5,
    );
    job = r.job;
    chunks = [r.chunk, ...chunks.slice(1)];
    r = recordItem(
      job,
      chunks[0]!,
      1,
      { state: 'failed', error: { kind: 'decode', message: 'bad png' }, ms: 10 },
      NOW + 6,
    );
    job = r.job;
    chunks = [r.chunk, ...chunks.slice(1)];
    expect(job.counts).toEqual({ done: 1, failed: 1, skipped: 0, needsReview: 1 });
    expect(job.tokens).toBe(40);
    expect(job.activeMs).toBe(910);
    expect(job.updatedAt).toBe(NOW + 6);
    expect(remaining(job.counts, job.total)).toBe(2);
    expect(countStates(chunks)).toEqual({ pending: 2, done: 1, failed: 1, skipped: 0 });
    expect(failures(chunks)).toEqual([
      { imageId: 'image-1', error: { kind: 'decode', message: 'bad png' } },
    ]);
    expect(nextPending(chunks)).toEqual({ chunk: 0, offset: 2 });
  });

  it('never records an image twice', () => {
    const { job, chunks } = newJob(2);
    const done = { state: 'done', needsReview: false, tokens: 1, ms: 1 } as const;
    const r = recordItem(job, chunks[0]!, 0, done, NOW);
    expect(() => recordItem(r.job, r.chunk, 0, done, NOW)).toThrow(/already done/);
    expect(() => recordItem(r.job, r.chunk, 9, done, NOW)).toThrow(RangeError);
    expect(() =>
      recordItem({ ...r.job, id: 'other' as typeof JOB }, r.chunk, 1, done, NOW),
    ).toThrow(JobStateError);
  });

  it('does not change the records it is given', () => {
    const { job, chunks } = newJob(2);
    const before = structuredClone({ job, chunks });
    recordItem(job, chunks[0]!, 0, { state: 'done', needsReview: false, tokens: 1, ms: 1 }, NOW);
    expect({ job, chunks }).toEqual(before);
  });
});
