import type { ImageAnnotations, ImageItem } from '../../domain';
import { applyModelAnswer } from '../../ai/apply-answer';
import type { TaskResult } from '../../ai/tasks/types';
import { classifyBatchError, type BatchErrorClass } from './errors';
import {
  applyEvent,
  nextPending,
  recordItem,
  remaining,
  type ItemOutcome,
} from '../../domain/batch/job-state';
import { Throughput, type Rates } from './throughput';
import type { JobStorage } from './batch-storage';
import type { BatchJob, ItemError, ItemRef, JobChunk } from '../../domain/batch/types';

/** What the runner needs from storage; the image's write and the job's progress go in ONE transaction. */
export type BatchStorage = JobStorage<
  BatchJob,
  { annotations?: ImageAnnotations; image?: ImageItem }
>;

export interface ImageAnswer {
  result: TaskResult;
  /** Tokens generated for this image. */
  tokens: number;
  /** The model stopped because the job was paused or cancelled: the image stays to do. */
  cancelled: boolean;
}

export interface BatchModel {
  run(
    job: BatchJob,
    image: ImageItem,
    original: Blob,
    onText: (chunk: string) => void,
  ): Promise<ImageAnswer>;
  /** After a device loss: load the model again (from the browser's cache). */
  reload(): Promise<void>;
  /** Asks the model to stop the image in flight. */
  cancel(): void;
}

export interface BatchProgress {
  job: BatchJob;
  running: boolean;
  /** A pause or cancel was asked for and waits for the image in flight. */
  stopping: 'pause' | 'cancel' | null;
  current: ImageItem | null;
  /** The current image's answer so far. */
  streamed: string;
  remaining: number;
  rates: Rates;
  /** Why the job stopped by itself (e.g. offline), to show and resume from. */
  stoppedBy: string | null;
}

export interface RunnerOptions {
  storage: BatchStorage;
  model: BatchModel;
  /** The project's review threshold, read at each image so a change applies at once. */
  threshold: () => number;
  onProgress: (progress: BatchProgress) => void;
  now?: () => number;
  /**
   * Progress reaches the page at most this often: the UI redraws a few times a second, never per
   * image or per token, so a fast model is not slowed down by rendering.
   */
  reportEveryMs?: number;
  /**
   * Images in flight at once, read when a run starts: 1 for the in-browser model (the worker runs
   * one image at a time), N for a model server that batches requests itself.
   */
  concurrency?: () => number;
}

/**
 * Runs a job image by image until it is done, paused or cancelled. The loop lives on the page side:
 * the worker runs one image at a time anyway, and each image's outcome must be written to IndexedDB
 * together with the job's progress, which the page's store does in one transaction. What keeps the
 * page responsive is that nothing here touches the UI except the throttled progress report.
 */
export class BatchRunner {
  private stopRequest: 'pause' | 'cancel' | null = null;
  private active: BatchJob | null = null;
  private readonly pace = new Throughput();
  private readonly now: () => number;
  private lastReport = -Infinity;
  private current: ImageItem | null = null;
  private streamed = '';
  private stoppedBy: string | null = null;
  /** The job as it was when the loop last stopped, for the final report. */
  private lastJob: BatchJob | null = null;
  /** Outcome writes, chained so they reach storage in the order they were recorded. */
  private writes: Promise<void> = Promise.resolve();

  constructor(private readonly options: RunnerOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  get running(): boolean {
    return this.active !== null;
  }

  get jobId(): BatchJob['id'] | null {
    return this.active?.id ?? null;
  }

  /** Stops after the image in flight; the job resumes from the next image still to do. */
  pause(): void {
    if (!this.active || this.stopRequest) return;
    this.stopRequest = 'pause';
    this.report(true);
  }

  /** Stops as soon as the model lets go of the image in flight, which then stays undone. */
  cancel(): void {
    if (!this.active) return;
    this.stopRequest = 'cancel';
    this.options.model.cancel();
    this.report(true);
  }

  /** Runs (or resumes) a job; resolves with the job as stored when the loop stops. */
  async run(start: BatchJob): Promise<BatchJob> {
    if (this.active) throw new Error('a job is already running');
    if (start.status === 'done' || start.status === 'cancelled') return start;
    const { storage } = this.options;
    let job = start.status === 'paused' ? applyEvent(start, 'resume', this.now()) : start;
    this.active = job;
    this.stopRequest = null;
    this.stoppedBy = null;
    this.pace.reset();
    try {
      await storage.saveJob(job);
      const chunks = await storage.chunks(job);
      let cursor: ItemRef | null = nextPending(chunks);
      // The next image to hand to a lane; taking it moves the cursor past it at once.
      const take = (): ItemRef | null => {
        const at = cursor;
        if (at) cursor = nextPending(chunks, { chunk: at.chunk, offset: at.offset + 1 });
        return at;
      };
      const lane = async (): Promise<void> => {
        for (;;) {
          if (this.stopRequest || this.stoppedBy !== null) return;
          const at = take();
          if (!at) return;
          const step = await this.runOne(job, chunks, at);
          if (step.kind === 'stop') {
            this.stoppedBy ??= step.message;
            this.stopRequest ??= 'pause';
            return;
          }
          this.report(false);
        }
      };
      const lanes = Math.max(1, Math.floor(this.options.concurrency?.() ?? 1));
      await Promise.all(Array.from({ length: lanes }, lane));
      await this.writes;
      job = this.active ?? job;
      const end = this.stopRequest ?? (nextPending(chunks) === null ? 'finish' : 'pause');
      job = applyEvent(job, end, this.now());
      await storage.saveJob(job);
      return job;
    } finally {
      this.active = null;
      this.current = null;
      this.streamed = '';
      this.stopRequest = null;
      this.lastJob = job;
      this.writes = Promise.resolve();
      this.report(true);
    }
  }

  private async runOne(
    job: BatchJob,
    chunks: JobChunk[],
    at: ItemRef,
  ): Promise<{ kind: 'recorded' } | { kind: 'left' } | { kind: 'stop'; message: string }> {
    const { storage } = this.options;
    const imageId = chunks[at.chunk]!.imageIds[at.offset]!;
    const started = this.now();
    const image = await storage.image(imageId);
    this.current = image ?? null;
    this.streamed = '';
    this.report(false);
    let outcome: ItemOutcome;
    let write: { annotations?: ImageAnnotations; image?: ImageItem } = {};
    if (!image) {
      outcome = { state: 'failed', error: { kind: 'missing', message: 'image deleted' }, ms: 0 };
    } else {
      const answer = await this.answer(job, image);
      if (answer.kind === 'stop') return answer;
      if (answer.kind === 'answered' && answer.value.cancelled) return { kind: 'left' };
      const ms = this.now() - started;
      if (answer.kind === 'answered') {
        const current = await storage.annotations(image.id, job.projectId);
        const applied = applyModelAnswer(
          current,
          image,
          answer.value.result,
          this.options.threshold(),
          this.now(),
        );
        write = { annotations: applied.annotations, image: applied.image };
        outcome = {
          state: 'done',
          needsReview: applied.review.status === 'needs-review',
          tokens: answer.value.tokens,
          ms,
        };
        this.pace.add({ at: this.now(), ms, tokens: answer.value.tokens });
      } else {
        outcome = { state: 'failed', error: answer.error, ms };
        // The failure is shown on the image too, unless a person has already decided on it.
        if (image.status !== 'accepted' && image.status !== 'rejected')
          write = {
            image: {
              ...image,
              status: 'needs-review',
              reviewReasons: ['model-error'],
              updatedAt: this.now(),
            },
          };
        this.pace.add({ at: this.now(), ms, tokens: 0 });
      }
    }
    // Recorded against the latest job and chunk (other lanes record too), then written in call
    // order, so the stored job never goes back to an older count.
    const recorded = recordItem(this.active!, chunks[at.chunk]!, at.offset, outcome, this.now());
    chunks[at.chunk] = recorded.chunk;
    this.active = recorded.job;
    const saved = this.writes.then(() =>
      this.options.storage.saveOutcome({ job: recorded.job, chunk: recorded.chunk, ...write }),
    );
    this.writes = saved.catch(() => undefined);
    try {
      await saved;
    } catch (error) {
      // Not stored: the image stays to do, in memory as on disk.
      this.unrecord(chunks, at, outcome);
      return { kind: 'stop', message: error instanceof Error ? error.message : String(error) };
    }
    return { kind: 'recorded' };
  }

  private unrecord(chunks: JobChunk[], at: ItemRef, outcome: ItemOutcome): void {
    const chunk = chunks[at.chunk]!;
    const states = chunk.states.slice();
    states[at.offset] = 'pending';
    const errors = { ...chunk.errors };
    delete errors[at.offset];
    chunks[at.chunk] = { ...chunk, states, errors };
    const job = this.active!;
    const counts = { ...job.counts };
    if (outcome.state === 'done') {
      counts.done -= 1;
      if (outcome.needsReview) counts.needsReview -= 1;
    } else counts.failed -= 1;
    this.active = {
      ...job,
      counts,
      tokens: job.tokens - (outcome.state === 'done' ? outcome.tokens : 0),
      activeMs: job.activeMs - outcome.ms,
    };
  }

  /** The model's answer for one image, reloading the model once after a device loss. */
  private async answer(
    job: BatchJob,
    image: ImageItem,
  ): Promise<
    | { kind: 'answered'; value: ImageAnswer }
    | { kind: 'failed'; error: ItemError }
    | { kind: 'stop'; message: string }
  > {
    const { storage, model } = this.options;
    let original: Blob;
    try {
      original = await storage.original(image.id);
    } catch (error) {
      return { kind: 'failed', error: { kind: 'missing', message: messageOf(error) } };
    }
    let reloaded = false;
    for (;;) {
      try {
        const value = await model.run(job, image, original, (text) => {
          this.streamed += text;
          this.report(false);
        });
        return { kind: 'answered', value };
      } catch (error) {
        const what: BatchErrorClass = classifyBatchError(error);
        if (what.action === 'stop') return { kind: 'stop', message: what.message };
        if (what.action === 'record')
          return { kind: 'failed', error: { kind: what.kind, message: what.message } };
        if (reloaded || this.stopRequest)
          return { kind: 'failed', error: { kind: 'device-lost', message: what.message } };
        reloaded = true;
        try {
          await model.reload();
        } catch (reloadError) {
          return { kind: 'stop', message: messageOf(reloadError) };
        }
      }
    }
  }

  private report(force: boolean): void {
    const now = this.now();
    const every = this.options.reportEveryMs ?? 250;
    if (!force && now - this.lastReport < every) return;
    this.lastReport = now;
    const job = this.active ?? this.lastJob;
    if (!job) return;
    const left = remaining(job.counts, job.total);
    this.options.onProgress({
      job,
      running: this.active !== null,
      stopping: this.stopRequest,
      current: this.current,
      streamed: this.streamed,
      remaining: left,
      rates: this.pace.rates(left),
      stoppedBy: this.stoppedBy,
    });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
