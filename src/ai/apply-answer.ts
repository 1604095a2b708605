import type { ImageAnnotations, ImageItem } from '../domain';
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
  const review = reviewAnswer(result, { threshold });
  return {
    annotations: merged.annotations,
    image: { ...image, status: review.status, reviewReasons: review.reasons, updatedAt: now },
    review,
    skipped: merged.skipped,
  };
}
