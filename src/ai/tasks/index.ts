import type { LabelSchema } from '../../domain';
import type { TokenProbability } from '../confidence';
import { captionTagsTask } from './caption-tags';
import { customPromptTask } from './custom-prompt';
import { detectTask } from './detect';
import { ocrTask } from './ocr';
import { pointsTask } from './points';
import { regionQuestionTask } from './region-question';
import { reportTask } from './report';
import type {
  AnnotationTask,
  PromptLanguage,
  PromptContext,
  TaskContext,
  TaskId,
  TaskOptionsById,
  TaskPrompt,
  TaskResult,
} from './types';

export type * from './types';

/** Every built-in task by id. */
export const TASKS: { readonly [K in TaskId]: AnnotationTask<K> } = {
  'caption-tags': captionTagsTask,
  detect: detectTask,
  points: pointsTask,
  ocr: ocrTask,
  report: reportTask,
  'region-question': regionQuestionTask,
  'custom-prompt': customPromptTask,
};

/** The order of the task picker. */
export const TASK_IDS: readonly TaskId[] = [
  'caption-tags',
  'detect',
  'points',
  'ocr',
  'report',
  'region-question',
  'custom-prompt',
];

export function isTaskId(value: unknown): value is TaskId {
  return typeof value === 'string' && (TASK_IDS as readonly string[]).includes(value);
}

export function taskFor<K extends TaskId>(id: K): AnnotationTask<K> {
  return TASKS[id] as AnnotationTask<K>;
}

export function defaultTaskOptions<K extends TaskId>(
  id: K,
  schema: LabelSchema,
): TaskOptionsById[K] {
  return taskFor(id).defaultOptions(schema);
}

export function buildTaskPrompt<K extends TaskId>(
  id: K,
  ctx: PromptContext<TaskOptionsById[K]>,
  lang: PromptLanguage,
): TaskPrompt {
  return taskFor(id).buildPrompt(ctx, lang);
}

export function parseTaskAnswer<K extends TaskId>(
  id: K,
  answer: string,
  tokens: readonly TokenProbability[],
  ctx: TaskContext<TaskOptionsById[K]>,
): TaskResult {
  return taskFor(id).parse(answer, tokens, ctx);
}

export { ECOMMERCE_DIMENSIONS } from './caption-tags';
export { DEFECT_REPORT_FIELDS } from './report';
export { countByLabel } from './points';
export { renderChatPrompt } from './prompt';
export { validateReport } from './report-schema';
