import type { JobId } from '../../domain';
import { applyEvent } from '../../domain/batch/job-state';
import type { JobBase } from '../../domain/batch/types';
import { inOneTab } from './one-tab';
import type { BatchStartError } from './start-error';

/** Why a start or resume did not run, in the words every job kind shares. */
export type JobStartError = Exclude<BatchStartError, { kind: 'model' }>;

/** A job kind's runner, as its controller drives it. */
export interface JobRunner<J extends JobBase> {
  readonly jobId: JobId | null;
  run(job: J): Promise<J>;
  pause(): void;
  cancel(): void;
}

/**
 * A kind of job of this tab (the Qwen3-VL batch, "Outline boxes"). It lives as long as the app,
 * not a page, so a job keeps running while the user browses; the pages only read `progress`, which
 * changes a few times a second. Each kind says how its runner is made and where its job is stored.
 */
export abstract class JobControl<
  J extends JobBase,
  P extends { job: J },
  E extends { kind: string },
> {
  progress = $state.raw<P | null>(null);
  /** Why the last start or resume did not run (model not loaded, job open in another tab). */
  error = $state<JobStartError | E | null>(null);
  runningJobId = $state<JobId | null>(null);
  protected runner: JobRunner<J> | null = null;

  /** Names the job's lock, so two tabs never run one job. */
  protected abstract readonly lockPrefix: string;
  protected abstract saveJob(job: J): Promise<void>;
  /** The runner for this job, or null with `error` set when it cannot run now. */
  protected abstract prepare(job: J): Promise<JobRunner<J> | null>;

  /** A job stored as running that no runner of this tab holds: the page was closed mid-run. */
  isInterrupted(job: J): boolean {
    return job.status === 'running' && this.runningJobId !== job.id;
  }

  async resume(job: J): Promise<J | null> {
    if (this.runner) {
      this.error = { kind: 'busy' };
      return null;
    }
    this.error = null;
    // One tab per job: a second tab asking to resume the same job is told it runs elsewhere.
    return inOneTab(
      `${this.lockPrefix}-${job.id}`,
      () => this.runHere(job),
      () => (this.error = { kind: 'other-tab' }),
    );
  }

  pause(): void {
    this.runner?.pause();
  }

  async cancel(job: J): Promise<void> {
    if (this.runner && this.runner.jobId === job.id) {
      this.runner.cancel();
      return;
    }
    if (job.status === 'running' || job.status === 'paused') {
      const cancelled = applyEvent(job, 'cancel', Date.now());
      await this.saveJob(cancelled);
      if (this.progress?.job.id === job.id) this.progress = { ...this.progress, job: cancelled };
    }
  }

  private async runHere(job: J): Promise<J | null> {
    const runner = await this.prepare(job);
    if (!runner) return null;
    this.runner = runner;
    this.runningJobId = job.id;
    try {
      return await runner.run(job);
    } catch (e) {
      this.error = { kind: 'failed', message: e instanceof Error ? e.message : String(e) };
      return null;
    } finally {
      this.runner = null;
      this.runningJobId = null;
    }
  }
}
