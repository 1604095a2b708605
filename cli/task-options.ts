import { readFile } from 'node:fs/promises';
import { newId, nextClassColor, type FieldDef, type LabelSchema } from '../src/domain';
import { defaultTaskOptions, taskFor } from '../src/ai/tasks';
import { BATCH_TASKS, isBatchTask, type BatchTaskId } from '../src/domain/batch/types';
import type { GenerationParams, PromptLanguage, TaskOptionsById } from '../src/ai/tasks/types';

/** The flags that shape a task, as the app's task panel offers them. */
export interface TaskFlags {
  task: string;
  labels?: string;
  lang?: string;
  prompt?: string;
  vocabulary?: string;
  dimensions?: string;
  'max-tags'?: string;
  'caption-lang'?: string;
  'reading-order'?: string;
  fields?: string;
  instructions?: string;
  'max-new-tokens'?: string;
}

export interface TaskSetup {
  task: BatchTaskId;
  schema: LabelSchema;
  options: TaskOptionsById[BatchTaskId];
  params: GenerationParams;
  lang: PromptLanguage;
}

export class UsageError extends Error {}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function positiveInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer`);
  return n;
}

/** Schema from --labels; options and parameters from the task's defaults plus the flags. */
export async function taskSetup(flags: TaskFlags): Promise<TaskSetup> {
  if (!isBatchTask(flags.task))
    throw new UsageError(`--task must be one of: ${BATCH_TASKS.join(', ')}`);
  const task = flags.task;
  const lang: PromptLanguage = flags.lang === 'zh' ? 'zh' : 'en';
  if (flags.lang && flags.lang !== 'zh' && flags.lang !== 'en')
    throw new UsageError('--lang must be en or zh');
  const schema: LabelSchema = {
    classes: [],
    tagVocabulary: list(flags.vocabulary),
    captionLanguage: flags['caption-lang'] === 'zh' ? 'zh' : lang,
    fields: [],
  };
  for (const name of list(flags.labels))
    schema.classes.push({
      id: newId<'label-class'>(),
      name,
      color: nextClassColor(schema),
      hotkey: '',
      attributes: [],
      synonyms: [],
    });
  if (flags.fields) {
    try {
      schema.fields = JSON.parse(await readFile(flags.fields, 'utf8')) as FieldDef[];
    } catch (error) {
      throw new UsageError(`--fields: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const options = structuredClone(defaultTaskOptions(task, schema)) as TaskOptionsById[BatchTaskId];
  if ((task === 'detect' || task === 'points') && schema.classes.length === 0)
    throw new UsageError(`--task ${task} needs --labels (comma-separated names)`);
  if (task === 'custom-prompt') {
    if (!flags.prompt) throw new UsageError('--task custom-prompt needs --prompt');
    (options as TaskOptionsById['custom-prompt']).prompt = flags.prompt;
  }
  if (task === 'caption-tags') {
    const o = options as TaskOptionsById['caption-tags'];
    if (flags.dimensions) o.dimensions = list(flags.dimensions);
    o.maxTags = positiveInt('max-tags', flags['max-tags'], o.maxTags);
    o.restrictToVocabulary = schema.tagVocabulary.length > 0;
    o.captionLanguage = schema.captionLanguage;
  }
  if (task === 'ocr' && flags['reading-order']) {
    if (flags['reading-order'] !== 'model' && flags['reading-order'] !== 'rows')
      throw new UsageError('--reading-order must be model or rows');
    (options as TaskOptionsById['ocr']).readingOrder = flags['reading-order'];
  }
  if (task === 'report') {
    if (schema.fields.length === 0) throw new UsageError('--task report needs --fields FILE.json');
    (options as TaskOptionsById['report']).instructions = flags.instructions ?? '';
  }
  const defaults = taskFor(task).defaultParams;
  const params = {
    ...defaults,
    maxNewTokens: positiveInt('max-new-tokens', flags['max-new-tokens'], defaults.maxNewTokens),
  };
  return { task, schema, options, params, lang };
}
