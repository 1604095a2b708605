/**
 * Image review workflow: new → (in-progress | pre-annotated → needs-review) → accepted | rejected.
 * 'in-progress' is a person's work not yet marked done; it follows the edits, no key needed.
 */
export const REVIEW_STATUSES = [
  'new',
  'in-progress',
  'pre-annotated',
  'needs-review',
  'accepted',
  'rejected',
] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const REVIEW_REASONS = [
  'low-confidence',
  'unparseable-output',
  'empty-result',
  'refusal',
  'short-caption',
  'no-tags',
  'unknown-label',
  'schema-violation',
  'loop-detected',
  'truncated',
  'model-error',
  'unknown-confidence',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

/** A person's decision on a whole image in the review queue: who, when, and how long it took. */
export interface ReviewDecision {
  by: string;
  at: number;
  /** Time from showing the image to the decision, capped so a coffee break does not count. */
  ms: number;
}

export function isReviewStatus(value: unknown): value is ReviewStatus {
  return typeof value === 'string' && (REVIEW_STATUSES as readonly string[]).includes(value);
}

export function isReviewReason(value: unknown): value is ReviewReason {
  return typeof value === 'string' && (REVIEW_REASONS as readonly string[]).includes(value);
}

/**
 * What a labeler calls labeled: a person has worked on the image or decided on it. A model's
 * answer alone (pre-annotated, needs review) still waits for a person.
 */
export function isLabeled(status: ReviewStatus): boolean {
  return status === 'in-progress' || status === 'accepted' || status === 'rejected';
}

/** Still needs a person: everything not yet marked done (accepted) or rejected. */
export function needsWork(status: ReviewStatus): boolean {
  return status !== 'accepted' && status !== 'rejected';
}

const TRANSITIONS: Record<ReviewStatus, readonly ReviewStatus[]> = {
  new: ['in-progress', 'pre-annotated', 'needs-review', 'accepted', 'rejected'],
  'in-progress': ['new', 'pre-annotated', 'needs-review', 'accepted', 'rejected'],
  'pre-annotated': ['in-progress', 'needs-review', 'accepted', 'rejected', 'new', 'pre-annotated'],
  'needs-review': ['pre-annotated', 'accepted', 'rejected', 'new', 'needs-review'],
  accepted: ['needs-review', 'rejected', 'pre-annotated', 'new'],
  rejected: ['needs-review', 'accepted', 'pre-annotated', 'new'],
};

export function canTransition(from: ReviewStatus, to: ReviewStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
