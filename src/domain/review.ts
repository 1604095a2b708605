/** Image review workflow: new → pre-annotated → needs-review → accepted | rejected. */
export const REVIEW_STATUSES = [
  'new',
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

/** An image counts as labeled once a person has decided on it or a model answered. */
export function isLabeled(status: ReviewStatus): boolean {
  return status !== 'new';
}

const TRANSITIONS: Record<ReviewStatus, readonly ReviewStatus[]> = {
  new: ['pre-annotated', 'needs-review', 'accepted', 'rejected'],
  'pre-annotated': ['needs-review', 'accepted', 'rejected', 'new', 'pre-annotated'],
  'needs-review': ['pre-annotated', 'accepted', 'rejected', 'new', 'needs-review'],
  accepted: ['needs-review', 'rejected', 'pre-annotated', 'new'],
  rejected: ['needs-review', 'accepted', 'pre-annotated', 'new'],
};

export function canTransition(from: ReviewStatus, to: ReviewStatus): boolean {
  return TRANSITIONS[from].includes(to);
}
