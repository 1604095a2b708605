import { newId, type ImageId, type ProjectId } from '../../domain';
import { applyEvent } from '../../domain/batch/job-state';
import { createOutlineJob } from '../../domain/batch/outline-job';
import type { ImageSelection, OutlineJob } from '../../domain/batch/types';
import type { Store } from '../../store';
import type { BatchStartError } from '../batch/start-error';
import { selectImages } from '../batch/selection';
import { jobStorage } from '../batch/batch-storage';
import { inOneTab } from '../batch/one-tab';
import type { UserName } from '../user-name.svelte';
import { imageSegmenter, type SegmentBackend } from './image-segmenter';
import { OutlineRunner, type OutlineProgress } from './outline-runner';
import type { SegmentErrorKind } from './segment-client';

/** Why an "Outline boxes" job did not start or resume; 'model' is the segmentation model's own. */
export type OutlineStartError =
  | Exclude<BatchStartError, { kind: 'model' }>
  | { kind: 'model'; model: { kind: SegmentErrorKind; message: string } | null };

/** The segmentation model as the job needs it: loaded on demand with the saved settings. */
export interface OutlineModel {
  readonly client: SegmentBackend;
  readonly error: { kind: SegmentErrorKind; message: string } | null;
  ensureLoaded(): Promise<unknown>;
}

/**
 * The "Outline boxes" job of this tab. Like the Qwen3-VL batch it lives as long as the app, so it
 * keeps running while the user browses; the page reads `progress` a few times a second.
 */
export class OutlineController {
  progress = $state.raw<OutlineProgress | null>(null);
  error = $state<OutlineStartError | null>(null);
  runningJobId = $state<OutlineJob['id'] | null>(null);
  /** A start is loading the model or writing the new job: a second click must not make another. */
  starting = $state(false);
  private runner: OutlineRunner | null = null;

  constructor(
    private readonly store: Store,
    private readonly model: OutlineModel,
    private readonly user: UserName,
  ) {}

  /** A job stored as running that no runner of this tab holds: the page was closed mid-run. */
  isInterrupted(job: OutlineJob): boolean {
    return job.status === 'running' && this.runningJobId !== job.id;
  }

  /** Creates a job over the selection's images and starts it; resolves when it stops. */
  async start(
    projectId: ProjectId,
    selection: ImageSelection,
    tolerance: number,
  ): Promise<OutlineJob | null> {
    if (this.runner || this.starting) {
      this.error = { kind: 'busy' };
      return null;
    }
    this.starting = true;
    let job: OutlineJob;
    try {
      // No job is made that could not run: without a model it would only wait as interrupted.
      this.error = null;
      if (!(await this.modelReady())) return null;
      const images = selectImages(await this.store.images.listByProject(projectId), selection);
      const created = createOutlineJob({
        id: newId<'job'>(),
        projectId,
        imageIds: images.map((i) => i.id),
        selection,
        tolerance,
        author: this.user.value,
        now: Date.now(),
      });
      await this.store.outlineJobs.create(created.job, created.chunks);
      job = created.job;
    } finally {
      this.starting = false;
    }
    return this.resume(job);
  }

  async resume(job: OutlineJob): Promise<OutlineJob | null> {
    if (this.runner) {
      this.error = { kind: 'busy' };
      return null;
    }
    this.error = null;
    return inOneTab(
      `annota-outline-${job.id}`,
      () => this.runHere(job),
      () => (this.error = { kind: 'other-tab' }),
    );
  }

  pause(): void {
    this.runner?.pause();
  }

  async cancel(job: OutlineJob): Promise<void> {
    if (this.runner && this.runner.jobId === job.id) {
      this.runner.cancel();
      return;
    }
    if (job.status === 'running' || job.status === 'paused') {
      const cancelled = applyEvent(job, 'cancel', Date.now());
      await this.store.outlineJobs.saveJob(cancelled);
      if (this.progress?.job.id === job.id) this.progress = { ...this.progress, job: cancelled };
    }
  }

  /** Loads the model with the saved settings (from the browser's cache after the first time). */
  private async modelReady(): Promise<boolean> {
    if (await this.model.ensureLoaded()) return true;
    this.error = { kind: 'model', model: this.model.error };
    return false;
  }

  private async runHere(job: OutlineJob): Promise<OutlineJob | null> {
    if (!(await this.store.projects.get(job.projectId))) {
      this.error = { kind: 'project-missing' };
      return null;
    }
    if (!(await this.modelReady())) return null;
    const runner = new OutlineRunner({
      storage: jobStorage(this.store.outlineJobs, this.store),
      segmenterFor: (id: ImageId, blob: Blob) => imageSegmenter(this.model.client, id, blob),
      author: this.user.value,
      onProgress: (p) => (this.progress = p),
    });
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

let shared: OutlineController | null = null;

/** The app's one "Outline boxes" controller, made on first use. */
export function outlineController(app: {
  store: Store;
  segment: OutlineModel;
  user: UserName;
}): OutlineController {
  shared ??= new OutlineController(app.store, app.segment, app.user);
  return shared;
}
