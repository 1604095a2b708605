import type { AttributeValue, ImageAnnotations, ModelAnswer, Tracked } from '../domain';
import type { RegionAnswer, TaskResult } from './tasks/types';

/** Raw answers kept per task for audit; older ones are dropped so the record stays small. */
export const ANSWERS_KEPT_PER_TASK = 10;

export interface MergeOutcome {
  annotations: ImageAnnotations;
  /** Suggestions not applied because a person's record holds that place. */
  skipped: ('caption' | 'fields' | 'tags')[];
}

/** A list record this task may replace: its own earlier suggestion nobody has acted on. */
function isOwnSuggestion(record: Tracked<unknown>, task: string): boolean {
  return (
    record.state === 'suggested' &&
    record.provenance.source === 'model' &&
    record.provenance.task === task
  );
}

/**
 * A single-slot record (caption, fields) a new suggestion may take the place of: none, or a model
 * record nobody accepted. Human and accepted records are never overwritten.
 */
function isFreeSlot(record: Tracked<unknown> | null): boolean {
  return record === null || (record.provenance.source === 'model' && record.state !== 'accepted');
}

/**
 * Merges a model answer into an image's annotations: the task's new suggestions replace its earlier
 * suggestions; human, accepted and rejected records stay exactly as they are. When the answer could
 * not be parsed, earlier suggestions are kept (a failed rerun must not wipe a good first run).
 * The raw answer is always appended for audit.
 */
export function mergeTaskResult(
  current: ImageAnnotations,
  result: TaskResult,
  now: number,
): MergeOutcome {
  const answer: ModelAnswer = { task: result.task, text: result.raw, createdAt: now };
  const answers = keepRecentAnswers([...current.answers, answer]);
  if (result.problems.some((p) => p.kind === 'unparseable'))
    return { annotations: { ...current, answers, updatedAt: now }, skipped: [] };

  const task = result.task;
  const incoming = result.records;
  const skipped: MergeOutcome['skipped'] = [];

  const regions = [
    ...current.regions.filter((r) => !isOwnSuggestion(r, task)),
    ...incoming.regions,
  ];

  const keptTags = current.tags.filter((t) => !isOwnSuggestion(t, task));
  const tagKey = (t: { dimension: string; value: string }) =>
    `${t.dimension.toLowerCase()}|${t.value.toLowerCase()}`;
  const taken = new Set(keptTags.map(tagKey));
  const newTags = incoming.tags.filter((t) => !taken.has(tagKey(t)));
  if (newTags.length < incoming.tags.length) skipped.push('tags');

  const keptOcr = current.ocr.filter((l) => !isOwnSuggestion(l, task));
  const nextOrder = keptOcr.reduce((max, l) => Math.max(max, l.order + 1), 0);
  const ocr = [...keptOcr, ...incoming.ocr.map((l) => ({ ...l, order: nextOrder + l.order }))];

  let caption = current.caption;
  if (incoming.caption) {
    if (isFreeSlot(current.caption)) caption = incoming.caption;
    else skipped.push('caption');
  } else if (current.caption && isOwnSuggestion(current.caption, task)) caption = null;

  let fields = current.fields;
  if (incoming.fields) {
    if (isFreeSlot(current.fields)) fields = incoming.fields;
    else skipped.push('fields');
  } else if (current.fields && isOwnSuggestion(current.fields, task)) fields = null;

  return {
    annotations: {
      ...current,
      regions,
      caption,
      tags: [...keptTags, ...newTags],
      ocr,
      fields,
      answers,
      updatedAt: now,
    },
    skipped,
  };
}

function keepRecentAnswers(answers: readonly ModelAnswer[]): ModelAnswer[] {
  const perTask = new Map<string, number>();
  const kept: ModelAnswer[] = [];
  for (let i = answers.length - 1; i >= 0; i--) {
    const a = answers[i]!;
    const n = perTask.get(a.task) ?? 0;
    if (n >= ANSWERS_KEPT_PER_TASK) continue;
    perTask.set(a.task, n + 1);
    kept.unshift(a);
  }
  return kept;
}

/**
 * Saves the answer about a region as one of its attributes — a person's decision (they clicked
 * save), so it is recorded as their change. Returns null when the region is gone or the answer
 * has no value of the attribute's type.
 */
export function applyRegionAnswer(
  current: ImageAnnotations,
  answer: RegionAnswer,
  author: string,
  now: number,
): ImageAnnotations | null {
  const { regionId, attribute, value } = answer;
  if (regionId === null || attribute === null || value === null) return null;
  const index = current.regions.findIndex((r) => r.id === regionId);
  if (index < 0) return null;
  const region = current.regions[index]!;
  const attributes: Record<string, AttributeValue> = { ...region.attributes, [attribute]: value };
  const regions = current.regions.map((r, i) =>
    i === index ? { ...r, attributes, updatedAt: now, updatedBy: author } : r,
  );
  return { ...current, regions, updatedAt: now };
}
