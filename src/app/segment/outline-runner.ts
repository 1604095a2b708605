import type { ImageAnnotations, ImageId, ImageItem } from '../../domain';
import type { JobStorage } from '../batch/batch-storage';
import { applyEvent, nextPending, remaining } from '../../domain/batch/job-state';
import { recordOutline, type OutlineOutcome } from '../../domain/batch/outline-job';
import type { ItemRef, JobChunk, OutlineJob } from '../../domain/batch/types';
import { outlineShapes } from '../../editor/commands';
import { outlinableBoxes, outlineBoxes } from '../../editor/outline-boxes';
import type { Segmenter } from '../../segment';
import { StaleWriteError } from '../../store/errors';
import { Throughput, type Rates } from '../batch/throughput';
import { classifyOutlineError } from './outline-errors';

/**
 * What the runner needs from storage. With `basedOn`, an image's outline is refused (StaleWriteError,
 * nothing written) when the image changed since the job read it.
 */
export type OutlineStorage = JobStorage<
  OutlineJob,
  { annotations?: ImageAnnotations; basedOn?: number }
>;

/** Where an "Outline boxes" job stands, for the batch page. */
export interface OutlineProgress {
  job: OutlineJob;
  running: boolean;
  /** A pause or cancel was asked for and waits for the image in flight. */
  stopping: 'pause' | 'cancel' | null;
  current: ImageItem | null;
  remaining: number;
  rates: Rates;
  /** Why the job paused by itself (the model went away, storage full), to show and resume from. */
  stoppedBy: string | null;
}

export interface OutlineRunnerOptions {
  storage: OutlineStorage;
  segmenterFor(imageId: ImageId, image: Blob): Segmenter;
  author: string;
  onProgress(progress: OutlineProgress): void;
  now?: () => number;
  /** Progress reaches the page at most this often, never per box. */
  reportEveryMs?: number;
}

type Step =
  | { kind: 'outcome'; outcome: OutlineOutcome; annotations?: ImageAnnotations; basedOn?: number }
  /** Cancelled in the middle: the image stays to do, as if it had not been started. */
  | { kind: 'left' }
  | { kind: 'stop'; message: string };

type Outcome = Extract<Step, { kind: 'outcome' }>;

/**
 * "Outline boxes" over a project as a resumable job: image by image, every box becomes its
 * object's outline with the same code and command as the editor's box → polygon. Each image's
 * polygons and its "done" mark are one transaction, so after a reload or a closed tab the job
 * goes on with exactly the images not yet written: none is outlined twice, none is lost. An image
 * edited meanwhile is not overwritten (it fails as 'stale'); a failed image does not stop the run.
 */
export class OutlineRunner {
  private stopRequest: 'pause' | 'cancel' | null = null;
  private active: OutlineJob | null = null;
  private lastJob: OutlineJob | null = null;
  private current: ImageItem | null = null;
  private stoppedBy: string | null = null;
  private inFlight: AbortController | null = null;
  private lastReport = -Infinity;
  private readonly pace = new Throughput();
  private readonly now: () => number;

  constructor(private readonly options: OutlineRunnerOptions) {
    this.now = options.now ?? (() => Date.now());
  }

  get jobId(): OutlineJob['id'] | null {
    return this.active?.id ?? null;
  }

  /** Stops after the image in flight; the job resumes from the next image still to do. */
  pause(): void {
    if (!this.active || this.stopRequest) return;
    this.stopRequest = 'pause';
    this.report(true);
  }

  /** Stops at the next box; the image in flight stays as it was. */
  cancel(): void {
    if (!this.active) return;
    this.stopRequest = 'cancel';
    this.inFlight?.abort();
    this.report(true);
  }

  /** Runs (or resumes) a job; resolves with the job as stored when it stops. */
  async run(start: OutlineJob): Promise<OutlineJob> {
    if (this.active) throw new Error('a job is already running');
    if (start.status === 'done' || start.status === 'cancelled') return start;
    const { storage } = this.options;
    const job = start.status === 'paused' ? applyEvent(start, 'resume', this.now()) : start;
    this.active = job;
    this.stopRequest = null;
    this.stoppedBy = null;
    this.pace.reset();
    let ended: OutlineJob | null = null;
    try {
      await storage.saveJob(job);
      // The chunks as stored: what a previous session finished is never offered again.
      const chunks = await storage.chunks(job);
      for (let at = nextPending(chunks); at && !this.stopRequest; at = nextPending(chunks, at)) {
        const recorded = await this.runOne(chunks, at);
        if (!recorded) break;
        this.report(false);
      }
      const end = this.stopRequest ?? (nextPending(chunks) === null ? 'finish' : 'pause');
      ended = applyEvent(this.active ?? job, end, this.now());
      await storage.saveJob(ended);
      return ended;
    } finally {
      this.lastJob = ended ?? this.active ?? job;
      this.active = null;
      this.current = null;
      this.inFlight = null;
      this.stopRequest = null;
      this.report(true);
    }
  }

  /** One image, outlined and written; false when the job must stop here. */
  private async runOne(chunks: JobChunk[], at: ItemRef): Promise<boolean> {
    const started = this.now();
    const imageId = chunks[at.chunk]!.imageIds[at.offset]!;
    const image = await this.options.storage.image(imageId);
    this.current = image ?? null;
    this.report(false);
    const step: Step = image
      ? await this.outline(image)
      : {
          kind: 'outcome',
          outcome: { state: 'failed', error: { kind: 'missing', message: 'image deleted' }, ms: 0 },
        };
    if (step.kind === 'left') return false;
    if (step.kind === 'stop') return this.halt(step.message);
    const ms = this.now() - started;
    try {
      await this.save(chunks, at, { ...step, outcome: { ...step.outcome, ms } });
    } catch (error) {
      // Not stored (storage full…): the image stays to do, in memory as on disk.
      if (!(error instanceof StaleWriteError)) return this.halt(error);
      // Someone saved the image meanwhile: their work stays, this image is reported, not redone.
      const failed: OutlineOutcome = {
        state: 'failed',
        error: { kind: 'stale', message: error.message },
        ms,
      };
      try {
        await this.save(chunks, at, { kind: 'outcome', outcome: failed });
      } catch (again) {
        return this.halt(again);
      }
    }
    this.pace.add({ at: this.now(), ms, tokens: 0 });
    return true;
  }

  /** The job pauses by itself, with the reason to show. */
  private halt(reason: unknown): false {
    this.stoppedBy = reason instanceof Error ? reason.message : String(reason);
    this.stopRequest ??= 'pause';
    return false;
  }

  /** Records the image's outcome and writes it; memory follows only once it is stored. */
  private async save(chunks: JobChunk[], at: ItemRef, write: Outcome): Promise<void> {
    const recorded = recordOutline(
      this.active!,
      chunks[at.chunk]!,
      at.offset,
      write.outcome,
      this.now(),
    );
    await this.options.storage.saveOutcome({
      job: recorded.job,
      chunk: recorded.chunk,
      annotations: write.annotations,
      basedOn: write.basedOn,
    });
    chunks[at.chunk] = recorded.chunk;
    this.active = recorded.job;
  }

  /** The image's boxes as outlines, not yet written. */
  private async outline(image: ImageItem): Promise<Step> {
    const { storage } = this.options;
    const job = this.active!;
    const abort = new AbortController();
    this.inFlight = abort;
    try {
      const before = await storage.annotations(image.id, job.projectId);
      const boxes = outlinableBoxes(before.regions);
      if (boxes.length === 0)
        return { kind: 'outcome', outcome: { state: 'done', outlined: 0, ms: 0 } };
      const model = this.options.segmenterFor(image.id, await storage.original(image.id));
      const shapes = await outlineBoxes(boxes, model, job.tolerance, abort.signal);
      if (abort.signal.aborted) return { kind: 'left' };
      if (shapes.size === 0)
        return { kind: 'outcome', outcome: { state: 'done', outlined: 0, ms: 0 } };
      const now = this.now();
      const next = outlineShapes(shapes).run(before, { author: this.options.author, now });
      return {
        kind: 'outcome',
        outcome: { state: 'done', outlined: shapes.size, ms: 0 },
        annotations: { ...next, updatedAt: now },
        basedOn: before.revision ?? 0,
      };
    } catch (error) {
      if (abort.signal.aborted) return { kind: 'left' };
      const what = classifyOutlineError(error);
      if (what.action === 'stop') return { kind: 'stop', message: what.message };
      return {
        kind: 'outcome',
        outcome: { state: 'failed', error: { kind: what.kind, message: what.message }, ms: 0 },
      };
    } finally {
      this.inFlight = null;
    }
  }

  private report(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastReport < (this.options.reportEveryMs ?? 250)) return;
    this.lastReport = now;
    const job = this.active ?? this.lastJob;
    if (!job) return;
    const left = remaining(job.counts, job.total);
    this.options.onProgress({
      job,
      running: this.active !== null,
      stopping: this.stopRequest,
      current: this.current,
      remaining: left,
      rates: this.pace.rates(left),
      stoppedBy: this.stoppedBy,
    });
  }
}
