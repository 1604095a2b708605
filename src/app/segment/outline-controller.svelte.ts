import { newId, type ImageId, type ProjectId } from '../../domain';
import { createOutlineJob } from '../../domain/batch/outline-job';
import type { ImageSelection, OutlineJob } from '../../domain/batch/types';
import type { Store } from '../../store';
import { selectImages } from '../batch/selection';
import { jobStorage } from '../batch/batch-storage';
import { JobControl, type JobStartError } from '../batch/job-control.svelte';
import type { UserName } from '../user-name.svelte';
import { imageSegmenter, type SegmentBackend } from './image-segmenter';
import { OutlineRunner, type OutlineProgress } from './outline-runner';
import type { SegmentErrorKind } from './segment-client';

/** Why an "Outline boxes" job did not start or resume; 'model' is the segmentation model's own. */
export type OutlineStartError =
  JobStartError | { kind: 'model'; model: { kind: SegmentErrorKind; message: string } | null };

/** The segmentation model as the job needs it: loaded on demand with the saved settings. */
export interface OutlineModel {
  readonly client: SegmentBackend;
  readonly error: { kind: SegmentErrorKind; message: string } | null;
  ensureLoaded(): Promise<unknown>;
}

/**
 * The "Outline boxes" job of this tab. Like the Qwen3-VL batch (JobControl) it lives as long as
 * the app, so it keeps running while the user browses.
 */
export class OutlineController extends JobControl<OutlineJob, OutlineProgress, OutlineStartError> {
  /** A start is loading the model or writing the new job: a second click must not make another. */
  starting = $state(false);
  protected readonly lockPrefix = 'annota-outline';

  constructor(
    private readonly store: Store,
    private readonly model: OutlineModel,
    private readonly user: UserName,
  ) {
    super();
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

  protected saveJob(job: OutlineJob): Promise<void> {
    return this.store.outlineJobs.saveJob(job);
  }

  /** Loads the model with the saved settings (from the browser's cache after the first time). */
  private async modelReady(): Promise<boolean> {
    if (await this.model.ensureLoaded()) return true;
    this.error = { kind: 'model', model: this.model.error };
    return false;
  }

  protected async prepare(job: OutlineJob): Promise<OutlineRunner | null> {
    if (!(await this.store.projects.get(job.projectId))) {
      this.error = { kind: 'project-missing' };
      return null;
    }
    if (!(await this.modelReady())) return null;
    return new OutlineRunner({
      storage: jobStorage(this.store.outlineJobs, this.store),
      segmenterFor: (id: ImageId, blob: Blob) => imageSegmenter(this.model.client, id, blob),
      author: this.user.value,
      onProgress: (p) => (this.progress = p),
    });
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
