import {
  newId,
  type LabelClassId,
  type ModelProvenance,
  type Region,
  type RegionShape,
  type Tracked,
} from '../../domain';
import { findTrailingRepetition } from '../answer';
import type {
  AnnotationTask,
  SuggestedRecords,
  TaskContext,
  TaskId,
  TaskProblem,
  TaskResult,
} from './types';

export function emptyRecords(): SuggestedRecords {
  return { regions: [], caption: null, tags: [], ocr: [], fields: null, answer: null };
}

/** Provenance of a model record: enough to tell which model, revision, task and settings made it. */
export function modelProvenance(
  ctx: TaskContext<unknown>,
  task: TaskId,
  confidence: number,
): ModelProvenance {
  return {
    source: 'model',
    modelId: ctx.model.id,
    revision: ctx.model.revision,
    task,
    params: { ...ctx.params },
    confidence,
    createdAt: ctx.now,
  };
}

export function suggested(
  ctx: TaskContext<unknown>,
  task: TaskId,
  confidence: number,
): Omit<Tracked<never>, 'modelOriginal'> {
  return {
    provenance: modelProvenance(ctx, task, confidence),
    state: 'suggested',
    updatedAt: ctx.now,
    updatedBy: ctx.model.id,
  };
}

export function suggestedRegion(
  ctx: TaskContext<unknown>,
  task: TaskId,
  fields: { shape: RegionShape; label: string; classId: LabelClassId | null; text?: string },
  confidence: number,
): Region {
  return {
    id: newId<'region'>(),
    shape: fields.shape,
    classId: fields.classId,
    label: fields.label,
    attributes: {},
    note: '',
    ...(fields.text === undefined ? {} : { text: fields.text }),
    hidden: false,
    locked: false,
    ...suggested(ctx, task, confidence),
  };
}

/** Problems every answer can have whatever the task: a loop at its end, a cut at the token limit. */
export function generationProblems(
  answer: string,
  ctx: TaskContext<unknown>,
  jsonTruncated: boolean,
): TaskProblem[] {
  const problems: TaskProblem[] = [];
  if (ctx.finish === 'loop' || findTrailingRepetition(answer) !== null)
    problems.push({ kind: 'loop' });
  // The runtime stops as soon as the JSON closes, before the model writes the closing fence:
  // an open fence then cuts nothing.
  const openFence = hasOpenFence(answer) && ctx.finish !== 'json-complete';
  if (ctx.finish === 'length' || jsonTruncated || openFence) problems.push({ kind: 'truncated' });
  return problems;
}

/** A markdown fence opened and never closed: the answer was cut off inside it. */
export function hasOpenFence(answer: string): boolean {
  return ((answer.match(/^[ \t]*```/gm) ?? []).length & 1) === 1;
}

/** Builds a task whose parse can never throw into the UI. */
export function defineTask<K extends TaskId>(task: AnnotationTask<K>): AnnotationTask<K> {
  return {
    ...task,
    parse(answer, tokens, ctx): TaskResult {
      try {
        const result = task.parse(answer, tokens, ctx);
        return { ...result, problems: uniqueProblems(result.problems) };
      } catch (error) {
        return {
          task: task.id,
          records: emptyRecords(),
          expected: [],
          problems: [
            {
              kind: 'unparseable',
              message: error instanceof Error ? error.message : String(error),
            },
          ],
          raw: answer,
        };
      }
    },
  };
}

/** The same problem found by two checks (a loop seen in the text and in the records) counts once. */
export function uniqueProblems(problems: readonly TaskProblem[]): TaskProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = JSON.stringify(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string value as the model may give it (numbers and booleans read as text), trimmed. */
export function asText(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}
