import type { AttributeValue, ImageAnnotations, ModelAnswer, Tracked } from '../domain';
import { summarizeRun } from './run-versions';
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
 * suggestions of the same kind (regions: of the same label); human, accepted and rejected records
 * stay exactly as they are. What the new answer does not give again is kept: a refusal, an
 * unreadable or empty rerun must not wipe a good first run. Every raw answer is kept for audit,
 * so earlier runs can be compared.
 */
export function mergeTaskResult(
  current: ImageAnnotations,
  result: TaskResult,
  now: number,
): MergeOutcome {
  const answer: ModelAnswer = {
    task: result.task,
    text: result.raw,
    createdAt: now,
    summary: summarizeRun(result),
  };
  const answers = keepRecentAnswers([...current.answers, answer]);
  if (result.problems.some((p) => p.kind === 'unparseable'))
    return { annotations: { ...current, answers, updatedAt: now }, skipped: [] };

  const task = result.task;
  const incoming = result.records;
  const skipped: MergeOutcome['skipped'] = [];

  // A rerun replaces only what it answered again: earlier pending boxes of a label the new answer
  // also gives. A refusal, an empty answer or other labels leave them alone (issue 15 item 6).
  const answeredLabels = new Set(incoming.regions.map((r) => r.label.trim().toLowerCase()));
  const regions = [
    ...current.regions.filter(
      (r) => !(isOwnSuggestion(r, task) && answeredLabels.has(r.label.trim().toLowerCase())),
    ),
    ...incoming.regions,
  ];

  const keptTags =
    incoming.tags.length > 0 ? current.tags.filter((t) => !isOwnSuggestion(t, task)) : current.tags;
  const tagKey = (t: { dimension: string; value: string }) =>
    `${t.dimension.toLowerCase()}|${t.value.toLowerCase()}`;
  const taken = new Set(keptTags.map(tagKey));
  const newTags = incoming.tags.filter((t) => !taken.has(tagKey(t)));
  if (newTags.length < incoming.tags.length) skipped.push('tags');

  const keptOcr =
    incoming.ocr.length > 0 ? current.ocr.filter((l) => !isOwnSuggestion(l, task)) : current.ocr;
  const nextOrder = keptOcr.reduce((max, l) => Math.max(max, l.order + 1), 0);
  const ocr = [...keptOcr, ...incoming.ocr.map((l) => ({ ...l, order: nextOrder + l.order }))];

  let caption = current.caption;
  if (incoming.caption) {
    if (isFreeSlot(current.caption)) caption = incoming.caption;
    else skipped.push('caption');
  }

  let fields = current.fields;
  if (incoming.fields) {
    if (isFreeSlot(current.fields)) fields = incoming.fields;
    else skipped.push('fields');
  }

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
