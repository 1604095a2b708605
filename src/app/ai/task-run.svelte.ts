import type { ImageAnnotations, ImageItem, Project, Region } from '../../domain';
import { applyRegionAnswer } from '../../ai/merge';
import { shapeBounds } from '../../editor/records';
import { applyModelAnswer, type AppliedAnswer } from '../../ai/apply-answer';
import { ocrClient } from '../../ai/ocr-client';
import { runOcr } from '../../ai/run-ocr';
import { runTask } from '../../ai/run-task';
import { prepareModelInput } from './model-input';
import { defaultTaskOptions, taskFor } from '../../ai/tasks';
import type {
  ConversationTurn,
  GenerationParams,
  PromptLanguage,
  TaskId,
  TaskOptionsById,
  TaskResult,
} from '../../ai/tasks/types';
import { classifyInferenceError } from '../../model/errors';
import type { AnnotateTimings, InferenceErrorKind } from '../../../workers/inference.protocol';
import type { ModelState } from '../model/model-state.svelte';
import { CANCEL_GRACE_MS } from '../model/cancellable-generation';
import { ServerError } from '../../ai/server/server-error';
import type { ConnectionProblem } from '../../ai/server/connection-test';

export type RunStatus = 'idle' | 'loading-model' | 'running' | 'done' | 'cancelled' | 'error';

/** One image's AI session: chosen task, options and parameters, the streamed answer and its outcome. */
export class TaskRun {
  task = $state<TaskId>('caption-tags');
  options = $state<TaskOptionsById[TaskId]>(
    defaultTaskOptions('caption-tags', {
      classes: [],
      tagVocabulary: [],
      captionLanguage: 'en',
      fields: [],
    }),
  );
  params = $state<GenerationParams>(taskFor('caption-tags').defaultParams);
  lang = $state<PromptLanguage>('en');
  status = $state<RunStatus>('idle');
  streamed = $state('');
  result = $state.raw<TaskResult | null>(null);
  applied = $state.raw<AppliedAnswer | null>(null);
  timings = $state.raw<AnnotateTimings | null>(null);
  error = $state<{ kind: InferenceErrorKind; message: string } | null>(null);
  /** What the on-device OCR engine did on the last run (fast or hybrid OCR). */
  ocrRun = $state.raw<{ backend: string; lines: number; seconds: number } | null>(null);
  /** What the model server said went wrong, explained like the connection test does. */
  serverProblem = $state<ConnectionProblem | null>(null);
  /** Follow-up questions of the custom prompt on this image. */
  history = $state<ConversationTurn[]>([]);

  constructor(
    private readonly model: ModelState,
    private readonly project: () => Project,
  ) {}

  choose(task: TaskId): void {
    this.task = task;
    this.options = defaultTaskOptions(task, this.project().schema);
    this.params = { ...taskFor(task).defaultParams };
    this.result = null;
    this.applied = null;
    this.streamed = '';
    this.status = 'idle';
  }

  /** A region question asks about the region selected when the run starts. */
  aimAt(region: Region): void {
    if (this.task !== 'region-question') return;
    const o = this.options as TaskOptionsById['region-question'];
    o.region = shapeBounds(region.shape);
    o.regionId = region.id;
  }

  /** The annotations with the last region answer saved into its attribute, or null when there is none to save. */
  withRegionAnswer(annotations: ImageAnnotations, author: string): ImageAnnotations | null {
    const answer = this.result?.regionAnswer;
    if (!answer) return null;
    return applyRegionAnswer(annotations, answer, author, Date.now());
  }

  get busy(): boolean {
    return this.status === 'loading-model' || this.status === 'running';
  }

  /**
   * Runs the task and hands back what it means for the image (merged suggestions and review state);
   * the caller records it as one undoable change and saves it.
   */
  async run(
    image: ImageItem,
    original: Blob,
    annotations: () => ImageAnnotations,
  ): Promise<AppliedAnswer | null> {
    if (this.busy) return null;
    this.error = null;
    this.serverProblem = null;
    this.result = null;
    this.applied = null;
    this.streamed = '';
    this.ocrRun = null;
    if (this.task === 'ocr') {
      const engine = (this.options as TaskOptionsById['ocr']).engine;
      if (engine !== 'qwen') return this.runOcr(engine, image, original, annotations);
    }
    this.status = 'loading-model';
    const ready = await this.model.ensureReady(this.project().id);
    if (!ready) {
      this.status = 'error';
      this.error = this.model.error ?? { kind: 'not-loaded', message: '' };
      return null;
    }
    this.status = 'running';
    const options =
      this.task === 'custom-prompt'
        ? {
            ...(this.options as TaskOptionsById['custom-prompt']),
            history: $state.snapshot(this.history),
          }
        : this.options;
    try {
      const outcome = await this.model.generation.run(
        runTask({
          client: ready.engine,
          model: ready.model,
          task: this.task,
          options: $state.snapshot(options) as TaskOptionsById[TaskId],
          params: $state.snapshot(this.params),
          lang: this.lang,
          image,
          original,
          schema: $state.snapshot(this.project().schema),
          maxImageTokens: this.model.settings.maxImageTokens,
          prepareImage: prepareModelInput,
          onText: (chunk) => (this.streamed += chunk),
        }),
      );
      if (!outcome) {
        this.status = 'cancelled';
        return null;
      }
      const { result, answer } = outcome;
      this.result = result;
      this.timings = answer.timings;
      if (answer.finish === 'cancelled') {
        this.status = 'cancelled';
        return null;
      }
      if (this.task === 'custom-prompt' && result.records.answer) {
        const prompt = (this.options as TaskOptionsById['custom-prompt']).prompt;
        this.history = [...this.history, { question: prompt, answer: result.records.answer }];
        (this.options as TaskOptionsById['custom-prompt']).prompt = '';
      }
      this.applied = applyModelAnswer(
        annotations(),
        image,
        result,
        this.project().reviewThreshold,
        Date.now(),
      );
      this.status = 'done';
      return this.applied;
    } catch (error) {
      this.status = 'error';
      if (error instanceof ServerError)
        this.serverProblem = { kind: error.kind, message: error.message, status: error.status };
      else this.error = classifyInferenceError(error);
      return null;
    }
  }

  /** PP-OCR on the device, and for the hybrid Qwen3-VL's report with the recognised text. */
  private async runOcr(
    engine: 'ppocr' | 'hybrid',
    image: ImageItem,
    original: Blob,
    annotations: () => ImageAnnotations,
  ): Promise<AppliedAnswer | null> {
    this.status = 'loading-model';
    const schema = $state.snapshot(this.project().schema);
    try {
      const outcome = await runOcr({
        ocr: ocrClient,
        engine,
        backend: this.model.settings.device,
        image,
        original,
        schema,
        lang: this.lang,
        onLoaded: () => (this.status = 'running'),
        report: async () => {
          this.status = 'loading-model';
          const ready = await this.model.ensureReady(this.project().id);
          if (!ready) return null;
          this.status = 'running';
          return {
            client: ready.engine,
            model: ready.model,
            params: $state.snapshot(this.params),
            lang: this.lang,
            image,
            original,
            schema,
            maxImageTokens: this.model.settings.maxImageTokens,
            prepareImage: prepareModelInput,
            onText: (chunk: string) => (this.streamed += chunk),
          };
        },
      });
      if (!outcome) {
        this.status = 'error';
        this.error = this.model.error ?? { kind: 'not-loaded', message: '' };
        return null;
      }
      const { timings } = outcome.ocr;
      this.ocrRun = {
        backend: outcome.ocr.backend,
        lines: outcome.ocr.lines.length,
        seconds: (timings.detectMs + timings.recognizeMs) / 1000,
      };
      this.result = outcome.result;
      this.applied = applyModelAnswer(
        annotations(),
        image,
        outcome.result,
        this.project().reviewThreshold,
        Date.now(),
      );
      this.status = 'done';
      return this.applied;
    } catch (error) {
      this.status = 'error';
      this.error = classifyInferenceError(error);
      return null;
    }
  }

  /**
   * Asks the worker to stop after the current token. On backends whose generation loop never yields
   * to the worker's message queue (WebAssembly), the request cannot arrive in time: then the worker
   * is stopped outright and the model reloads, from the browser's cache, on the next run.
   */
  cancel(graceMs = CANCEL_GRACE_MS): void {
    if (this.status !== 'running') return;
    if (this.model.server.active) void this.model.server.cancel();
    else this.model.generation.cancel(graceMs);
  }
}
