import { emptySchema, type FieldDef, type FieldValue, type Size } from '../domain';
import type { TokenProbability } from './confidence';
import { reviewAnswer, type ReviewOutcome } from './review-rules';
import { parseTaskAnswer, type PromptLanguage, type TaskId, type TaskResult } from './tasks';
import { defaultTaskOptions } from './tasks';
import type { TaskContext, TaskOptionsById } from './tasks/types';

/** The task names a person uses when reporting an answer (`npm run parse-answer -- --task …`). */
export const INSPECT_TASKS = ['caption', 'detect', 'points', 'ocr', 'report', 'question'] as const;
export type InspectTask = (typeof INSPECT_TASKS)[number];

const TASK_IDS: Record<InspectTask, TaskId> = {
  caption: 'caption-tags',
  detect: 'detect',
  points: 'points',
  ocr: 'ocr',
  report: 'report',
  question: 'custom-prompt',
};

export interface InspectRequest {
  task: InspectTask;
  image: Size;
  /** The names asked for (detect, points). */
  labels: string[];
  lang: PromptLanguage;
  /** The answer's coordinate grid when not 0–1000 (999, or a resized input's pixels). */
  grid?: Size;
  /** Report fields the answer must have (all text); other keys are kept as given. */
  fields: string[];
}

const round = (v: number) => Math.round(v * 10) / 10;

/** What the app makes of an answer: plain records in pixels, without ids or timestamps. */
export interface Inspection {
  task: TaskId;
  regions: {
    label: string;
    box?: { x: number; y: number; w: number; h: number };
    point?: { x: number; y: number };
    attributes: Record<string, string | number | boolean>;
  }[];
  caption: string | null;
  tags: string[];
  ocr: { text: string; box: { x: number; y: number; w: number; h: number } | null }[];
  fields: Record<string, FieldValue> | null;
  answer: string | null;
  problems: TaskResult['problems'];
  review: Pick<ReviewOutcome, 'status' | 'reasons' | 'details'>;
}

function boxOf(b: { x: number; y: number; w: number; h: number }) {
  return { x: round(b.x), y: round(b.y), w: round(b.w), h: round(b.h) };
}

/**
 * Parses an answer exactly as the app does after a run. A pasted answer has no token
 * probabilities, so every token counts as certain: the review reasons are the ones the answer's
 * content gives (unparseable, empty, unknown label, loop, truncated …), never low confidence.
 */
export function inspectAnswer(answer: string, request: InspectRequest): Inspection {
  const id = TASK_IDS[request.task];
  const schema = { ...emptySchema(), captionLanguage: request.lang };
  const options = optionsFor(id, request, schema);
  const tokens: TokenProbability[] = [...answer].map((text, i) => ({ id: i, text, prob: 1 }));
  const ctx: TaskContext<unknown> = {
    image: request.image,
    schema,
    options,
    model: { id: 'parse-answer', revision: 'none' },
    params: { doSample: false, temperature: 0.7, topK: 20, maxNewTokens: 1024 },
    now: 0,
    ...(request.grid ? { grid: request.grid } : {}),
  };
  const result = parseTaskAnswer(id, answer, tokens, ctx as TaskContext<TaskOptionsById[TaskId]>);
  const review = reviewAnswer(result);
  const r = result.records;
  return {
    task: id,
    regions: r.regions.map((region) => ({
      label: region.label,
      ...(region.shape.kind === 'box' ? { box: boxOf(region.shape.box) } : {}),
      ...(region.shape.kind === 'point'
        ? { point: { x: round(region.shape.point.x), y: round(region.shape.point.y) } }
        : {}),
      attributes: region.attributes,
    })),
    caption: r.caption?.text ?? null,
    tags: r.tags.map((t) => t.value),
    ocr: r.ocr.map((l) => ({ text: l.text, box: l.box ? boxOf(l.box) : null })),
    fields: r.fields?.values ?? null,
    answer: r.answer,
    problems: result.problems,
    review: { status: review.status, reasons: review.reasons, details: review.details },
  };
}

function optionsFor(
  id: TaskId,
  request: InspectRequest,
  schema: ReturnType<typeof emptySchema>,
): unknown {
  switch (id) {
    case 'detect':
    case 'points':
      return { labels: request.labels };
    case 'report': {
      const fields: FieldDef[] = request.fields.map((name) => ({
        name,
        type: 'string',
        required: true,
      }));
      return { fields, instructions: '' };
    }
    case 'custom-prompt':
      return { prompt: '', history: [] };
    default:
      return defaultTaskOptions(id, schema);
  }
}
