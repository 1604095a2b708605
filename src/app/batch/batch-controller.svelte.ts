import { newId, type ProjectId } from '../../domain';
import { createJob } from '../../domain/batch/job-state';
import { BatchRunner, type BatchModel, type BatchProgress, type ImageAnswer } from './runner';
import { imagesToSkip, selectImages } from './selection';
import type { BatchJob, BatchSpec } from '../../domain/batch/types';
import { ocrClient } from '../../ai/ocr-client';
import { runOcr } from '../../ai/run-ocr';
import { runTask } from '../../ai/run-task';
import { prepareModelInput } from '../ai/model-input';
import type { TaskOptionsById } from '../../ai/tasks/types';
import type { ImageItem, LabelSchema } from '../../domain';
import type { Store } from '../../store';
import { batchStorage } from './batch-storage';
import { JobControl } from './job-control.svelte';
import type { ModelState } from '../model/model-state.svelte';
import type { UserName } from '../user-name.svelte';
import { inferenceError } from '../../../workers/inference.protocol';
import type { BatchStartError } from './start-error';

/**
 * The Qwen3-VL batch job of this tab (see JobControl: it outlives the pages, which read
 * `progress`).
 */
export class BatchController extends JobControl<BatchJob, BatchProgress, BatchStartError> {
  protected readonly lockPrefix = 'annota-batch';

  constructor(
    private readonly store: Store,
    private readonly model: ModelState,
    private readonly user: UserName,
  ) {
    super();
  }

  /** Creates a job for the selection and starts it; resolves when the job stops. */
  async start(projectId: ProjectId, spec: BatchSpec): Promise<BatchJob | null> {
    if (this.runner) {
      this.error = { kind: 'busy' };
      return null;
    }
    const images = selectImages(await this.store.images.listByProject(projectId), spec.selection);
    const annotations = await this.store.annotations.listByProject(projectId);
    const { job, chunks } = createJob({
      id: newId<'job'>(),
      projectId,
      spec,
      imageIds: images.map((i) => i.id),
      // Only the selection's images are looked up by createJob, so the whole project can be passed.
      skip: imagesToSkip(annotations, spec.task, spec.overwrite),
      author: this.user.value,
      now: Date.now(),
    });
    await this.store.jobs.create(job, chunks);
    return this.resume(job);
  }

  protected saveJob(job: BatchJob): Promise<void> {
    return this.store.jobs.saveJob(job);
  }

  protected async prepare(job: BatchJob): Promise<BatchRunner | null> {
    const project = await this.store.projects.get(job.projectId);
    if (!project) {
      this.error = { kind: 'project-missing' };
      return null;
    }
    // Fast OCR runs PP-OCR only: Qwen3-VL need not be loaded for it.
    if (onDeviceEngine(job) !== 'ppocr' && !(await this.model.ensureReady(project.id))) {
      this.error = { kind: 'model', model: this.model.error };
      return null;
    }
    const server = this.model.server.active;
    return new BatchRunner({
      storage: batchStorage(this.store),
      model: this.batchModel(project.id, project.schema),
      threshold: () => project.reviewThreshold,
      onProgress: (p) => (this.progress = p),
      // One lane per image in flight: a model server batches requests itself, the worker takes
      // the images at once that its setting (or Auto) allows. PP-OCR's sessions run one image at
      // a time in their worker, so OCR on the device keeps one lane.
      concurrency: () =>
        server
          ? this.model.server.settings.concurrency
          : onDeviceEngine(job)
            ? 1
            : this.model.imagesAtOnce(),
    });
  }

  /** Fast or hybrid OCR on one image of a batch. */
  private async runOcr(
    engine: 'ppocr' | 'hybrid',
    job: BatchJob,
    image: ImageItem,
    original: Blob,
    schema: LabelSchema,
    onText: (chunk: string) => void,
  ): Promise<ImageAnswer> {
    const model = this.model;
    const outcome = await runOcr({
      ocr: ocrClient,
      engine,
      backend: model.settings.device,
      image,
      original,
      schema,
      lang: job.lang,
      report: async () => {
        const ready = await model.ensureReady(job.projectId);
        if (!ready) return null;
        return {
          client: ready.engine,
          model: ready.model,
          params: job.params,
          lang: job.lang,
          image,
          original,
          schema,
          maxImageTokens: model.settings.maxImageTokens,
          prepareImage: prepareModelInput,
          onText,
        };
      },
    });
    if (!outcome) throw notReady(model);
    return { result: outcome.result, tokens: 0, cancelled: false };
  }

  private batchModel(projectId: ProjectId, schema: LabelSchema): BatchModel {
    const model = this.model;
    return {
      run: async (job, image, original, onText): Promise<ImageAnswer> => {
        const engine = onDeviceEngine(job);
        if (engine) return this.runOcr(engine, job, image, original, schema, onText);
        const ready = await model.ensureReady(projectId);
        if (!ready) throw notReady(model);
        const work = runTask({
          // The in-browser model takes the lanes' images in groups (one generation each).
          client: model.server.active ? ready.engine : model.imageGroups,
          model: ready.model,
          task: job.task,
          options: job.options as TaskOptionsById[typeof job.task],
          params: job.params,
          lang: job.lang,
          image,
          original,
          schema,
          maxImageTokens: model.settings.maxImageTokens,
          prepareImage: prepareModelInput,
          onText,
        });
        // A server's requests are aborted on cancel; the worker may have to be stopped outright.
        const outcome = model.server.active ? await work : await model.generation.run(work);
        if (!outcome) return { result: emptyResult(job), tokens: 0, cancelled: true };
        return {
          result: outcome.result,
          tokens: outcome.answer.timings.newTokens,
          cancelled: outcome.answer.finish === 'cancelled',
        };
      },
      reload: async () => {
        model.stopWorker();
        if (!(await model.ensureLoaded())) throw notReady(model);
      },
      cancel: () => (model.server.active ? void model.server.cancel() : model.generation.cancel()),
    };
  }
}

/**
 * The model did not load: the job pauses (a typed kind, not a text the batch would read as a
 * failure of this one image), with the model's own reason when it has one.
 */
function notReady(model: ModelState): Error {
  return inferenceError(
    model.error?.kind ?? 'not-loaded',
    model.error?.message ?? 'model not loaded',
  );
}

/** The OCR engine that starts on the device (PP-OCR), or null for a plain Qwen3-VL task. */
function onDeviceEngine(job: BatchJob): 'ppocr' | 'hybrid' | null {
  if (job.task !== 'ocr') return null;
  const engine = (job.options as TaskOptionsById['ocr']).engine;
  return engine === 'ppocr' || engine === 'hybrid' ? engine : null;
}

/** Stands in for the answer of an image abandoned on cancel; the runner never records it. */
function emptyResult(job: BatchJob): ImageAnswer['result'] {
  return {
    task: job.task,
    records: { regions: [], caption: null, tags: [], ocr: [], fields: null, answer: null },
    expected: [],
    problems: [],
    raw: '',
  };
}

let shared: BatchController | null = null;

/** The app's one batch controller, made on first use. */
export function batchController(app: {
  store: Store;
  model: ModelState;
  user: UserName;
}): BatchController {
  shared ??= new BatchController(app.store, app.model, app.user);
  return shared;
}
