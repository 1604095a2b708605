import { openSuggestions, type ImageAnnotations, type ImageItem } from '../domain';
import { mergeTaskResult } from './merge';
import { reviewAnswer, type ReviewOutcome } from './review-rules';
import type { TaskResult } from './tasks/types';

export interface AppliedAnswer {
  annotations: ImageAnnotations;
  image: ImageItem;
  review: ReviewOutcome;
  skipped: ('caption' | 'fields' | 'tags')[];
}

/**
 * What one model answer does to an image: its suggestions merged in (never over a person's records)
 * and the image's review state set from the answer — 'pre-annotated', or 'needs-review' with reasons.
 */
export function applyModelAnswer(
  annotations: ImageAnnotations,
  image: ImageItem,
  result: TaskResult,
  threshold: number,
  now: number,
): AppliedAnswer {
  const merged = mergeTaskResult(annotations, result, now);
  const review = withPendingSuggestions(
    reviewAnswer(result, { threshold }),
    image,
    annotations,
    merged.annotations,
    threshold,
  );
  return {
    annotations: merged.annotations,
    image: { ...image, status: review.status, reviewReasons: review.reasons, updatedAt: now },
    review,
    skipped: merged.skipped,
  };
}

/**
 * The image's status comes from everything still waiting for a person, not from the last answer
 * only (issue 15 item 7): a doubtful box of an earlier run keeps the image in review after a
 * clean caption run, and the earlier run's reasons stay while its suggestions are pending.
 */
export function withPendingSuggestions(
  review: ReviewOutcome,
  image: ImageItem,
  before: ImageAnnotations,
  after: ImageAnnotations,
  threshold: number,
): ReviewOutcome {
  const reasons = new Set(review.reasons);
  const details = { ...review.details };
  const stillPending = new Set(openSuggestions(after));
  const earlierPending = openSuggestions(before).filter((r) => stillPending.has(r));
  if (image.status === 'needs-review' && earlierPending.length > 0)
    for (const reason of image.reviewReasons) reasons.add(reason);
  const low = earlierPending
    .map((r) => (r.provenance.source === 'model' ? r.provenance.confidence : 1))
    .filter((c) => c < threshold);
  if (low.length > 0) {
    reasons.add('low-confidence');
    details['low-confidence'] ??= `${Math.min(...low).toFixed(2)} < ${threshold}`;
  }
  const order = [...reasons];
  return {
    status: order.length > 0 ? 'needs-review' : 'pre-annotated',
    reasons: order,
    details,
  };
}
