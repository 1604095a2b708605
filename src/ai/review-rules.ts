import type { ReviewReason, ReviewStatus, Tracked } from '../domain';
import { findRefusal } from './answer';
import type { OutputKind, TaskProblemKind, TaskResult } from './tasks/types';

export const DEFAULT_REVIEW_THRESHOLD = 0.85;

export interface ReviewRules {
  /** Project.reviewThreshold: a record below this confidence sends the image to review. */
  threshold: number;
  /** A Chinese caption needs at least this many Chinese characters … */
  minCaptionChineseChars: number;
  /** … any other caption at least this many words. */
  minCaptionWords: number;
}

export const DEFAULT_REVIEW_RULES: ReviewRules = {
  threshold: DEFAULT_REVIEW_THRESHOLD,
  minCaptionChineseChars: 5,
  minCaptionWords: 3,
};

export interface ReviewOutcome {
  status: Extract<ReviewStatus, 'pre-annotated' | 'needs-review'>;
  /** Unique, in the order they were found. */
  reasons: ReviewReason[];
  /** A short fact per reason for the reviewer (the phrase, the label, the lowest confidence). */
  details: Partial<Record<ReviewReason, string>>;
}

const PROBLEM_REASONS: Record<TaskProblemKind, ReviewReason | null> = {
  unparseable: 'unparseable-output',
  'unknown-label': 'unknown-label',
  'schema-violation': 'schema-violation',
  empty: 'empty-result',
  refusal: 'refusal',
  truncated: 'truncated',
  loop: 'loop-detected',
  // A dropped box or line is visible as a missing record; on its own it is not worth a review.
  dropped: null,
};

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/g;

export function isShortCaption(text: string, rules: ReviewRules = DEFAULT_REVIEW_RULES): boolean {
  const chinese = (text.match(CJK) ?? []).length;
  if (chinese > 0) return chinese < rules.minCaptionChineseChars;
  return text.split(/\s+/).filter((w) => /\w/.test(w)).length < rules.minCaptionWords;
}

function isEmpty(result: TaskResult, kind: OutputKind): boolean {
  const r = result.records;
  switch (kind) {
    case 'regions':
      return r.regions.length === 0;
    case 'caption':
      return r.caption === null;
    case 'tags':
      return r.tags.length === 0;
    case 'ocr':
      return r.ocr.length === 0;
    case 'fields':
      return r.fields === null;
    case 'answer':
      return !r.answer;
  }
}

/** Confidences of everything the answer produced, each with what it belongs to. */
function confidences(result: TaskResult): [string, number][] {
  const r = result.records;
  const out: [string, number][] = [];
  const add = (what: string, record: Tracked<unknown>) => {
    if (record.provenance.source === 'model') out.push([what, record.provenance.confidence]);
  };
  r.regions.forEach((x, i) => add(`region ${i + 1} (${x.label})`, x));
  if (r.caption) add('caption', r.caption);
  r.tags.forEach((x) => add(`tag ${x.value}`, x));
  r.ocr.forEach((x) => add(`line ${x.order + 1}`, x));
  if (r.fields) add('fields', r.fields);
  if (result.answerConfidence !== undefined && r.answer)
    out.push(['answer', result.answerConfidence]);
  return out;
}

/**
 * Decides what a model answer means for the image's review state: 'pre-annotated' when nothing is
 * doubtful, otherwise 'needs-review' with every reason that applies.
 */
export function reviewAnswer(result: TaskResult, rules: Partial<ReviewRules> = {}): ReviewOutcome {
  const r: ReviewRules = { ...DEFAULT_REVIEW_RULES, ...rules };
  const details: Partial<Record<ReviewReason, string>> = {};
  const reasons = new Set<ReviewReason>();
  const flag = (reason: ReviewReason, detail: string) => {
    reasons.add(reason);
    details[reason] ??= detail;
  };

  for (const problem of result.problems) {
    const reason = PROBLEM_REASONS[problem.kind];
    if (!reason) continue;
    const detail =
      problem.kind === 'refusal'
        ? problem.phrase
        : problem.kind === 'unknown-label'
          ? problem.label
          : problem.kind === 'schema-violation'
            ? `${problem.path}: ${problem.message}`
            : problem.kind === 'unparseable'
              ? problem.message
              : problem.kind;
    flag(reason, detail);
  }

  const texts = [result.records.caption?.text, result.records.answer].filter(
    (t): t is string => !!t,
  );
  for (const text of texts) {
    const phrase = findRefusal(text);
    if (phrase) flag('refusal', phrase);
  }

  const expected = result.expected;
  if (expected.length > 0 && expected.every((kind) => isEmpty(result, kind)))
    flag('empty-result', 'nothing was found');

  if (expected.includes('caption')) {
    const caption = result.records.caption;
    if (caption === null || isShortCaption(caption.text, r))
      flag('short-caption', caption?.text ?? '');
  }
  if (expected.includes('tags') && result.records.tags.length === 0) flag('no-tags', '0 tags');

  const low = confidences(result).filter(([, c]) => c < r.threshold);
  if (result.confidenceUnknown) {
    if (confidences(result).length > 0)
      flag('unknown-confidence', 'the model server returned no token probabilities');
  } else if (low.length > 0) {
    const [what, c] = low.reduce((a, b) => (b[1] < a[1] ? b : a));
    flag('low-confidence', `${what}: ${c.toFixed(2)} < ${r.threshold}`);
  }

  const order = [...reasons];
  return { status: order.length > 0 ? 'needs-review' : 'pre-annotated', reasons: order, details };
}
