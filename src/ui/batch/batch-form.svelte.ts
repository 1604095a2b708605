import type { Project, PromptLanguage, ReviewStatus, TaskOptionsById } from '../../domain';
import { selectImages } from '../../app/batch/selection';
import { defaultTaskOptions, taskFor } from '../../ai/tasks';
import {
  isBatchTask,
  type BatchSpec,
  type BatchTaskId,
  type ImageSelection,
} from '../../domain/batch/types';
import type { ImageItem } from '../../domain';

/** Options a batch starts from: those of the single-image panel, with the fast OCR engine, since a batch reads many images. */
function batchOptions(
  task: BatchTaskId,
  project: Project,
  lang: PromptLanguage,
): TaskOptionsById[BatchTaskId] {
  if (task === 'ocr') return { ...defaultTaskOptions(task, project.schema), engine: 'ppocr' };
  if (task === 'caption-tags')
    return { ...defaultTaskOptions(task, project.schema), captionLanguage: lang };
  return defaultTaskOptions(task, project.schema);
}

/** The new-job form: what the user chose, and the job spec it makes. */
export class BatchForm {
  task = $state<BatchTaskId>('caption-tags');
  options = $state<TaskOptionsById[BatchTaskId]>() as TaskOptionsById[BatchTaskId];
  optionsValid = $state(true);
  lang = $state<PromptLanguage>('en');
  maxNewTokens = $state(taskFor('caption-tags').defaultParams.maxNewTokens);
  scope = $state<'all' | 'filter'>('all');
  folder = $state('');
  status = $state<ReviewStatus | 'all'>('all');
  search = $state('');
  overwrite = $state(false);

  constructor(private readonly project: () => Project) {
    this.options = batchOptions(this.task, project(), this.lang);
  }

  readonly selection = $derived<ImageSelection>(
    this.scope === 'all'
      ? { kind: 'all' }
      : { kind: 'filter', status: this.status, folder: this.folder, search: this.search },
  );

  chooseTask(next: string): void {
    if (!isBatchTask(next)) return;
    this.task = next;
    this.options = batchOptions(next, this.project(), this.lang);
    this.maxNewTokens = taskFor(next).defaultParams.maxNewTokens;
  }

  /** Captions follow the prompt language, as a Chinese prompt asks for a Chinese caption. */
  chooseLang(lang: PromptLanguage): void {
    this.lang = lang;
    if (this.task === 'caption-tags')
      (this.options as TaskOptionsById['caption-tags']).captionLanguage = lang;
  }

  /** True while the task lacks what it needs to run (labels to find, a prompt, valid fields). */
  get missingInput(): boolean {
    if (!this.optionsValid) return true;
    if (this.task === 'detect' || this.task === 'points')
      return (this.options as TaskOptionsById['points']).labels.length === 0;
    if (this.task === 'custom-prompt')
      return !(this.options as TaskOptionsById['custom-prompt']).prompt.trim();
    return false;
  }

  selectedCount(images: readonly ImageItem[]): number {
    return selectImages(images, this.selection).length;
  }

  spec(): BatchSpec {
    const options = $state.snapshot(this.options) as TaskOptionsById[BatchTaskId];
    return {
      task: this.task,
      options:
        this.task === 'custom-prompt'
          ? { prompt: (options as TaskOptionsById['custom-prompt']).prompt.trim(), history: [] }
          : options,
      params: { ...taskFor(this.task).defaultParams, maxNewTokens: this.maxNewTokens },
      lang: this.lang,
      overwrite: this.overwrite,
      selection: $state.snapshot(this.selection) as ImageSelection,
    };
  }
}
