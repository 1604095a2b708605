import type {
  ImageAnnotations,
  ImageId,
  ImageItem,
  ReviewReason,
  ReviewStatus,
  DecisionBy,
} from '../domain';
import { decideAllSuggestions, openSuggestions } from '../domain';

export interface QueueEntry {
  image: ImageItem;
  /** Lowest confidence among the image's open suggestions; null when the model left none. */
  confidence: number | null;
  reasons: ReviewReason[];
}

/** Statuses that wait for a person. */
export const QUEUE_STATUSES: readonly ReviewStatus[] = ['needs-review', 'pre-annotated'];

/** A review decision longer than this is a pause, not review work: it is counted as this much. */
export const MAX_REVIEW_MS = 5 * 60_000;

export function imageConfidence(a: ImageAnnotations | undefined): number | null {
  if (!a) return null;
  let min: number | null = null;
  for (const r of openSuggestions(a))
    if (r.provenance.source === 'model')
      min = min === null ? r.provenance.confidence : Math.min(min, r.provenance.confidence);
  return min;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * The review queue, in this order: images the model left nothing usable on (unparseable, empty)
 * first of all; then every needs-review image before any pre-annotated one; within each, least
 * confident first (to two decimals, so a float's last digits never reorder what a person sees as
 * equal), then by path.
 */
export function reviewQueue(
  images: readonly ImageItem[],
  annotations: ReadonlyMap<ImageId, ImageAnnotations>,
  statuses: readonly ReviewStatus[] = QUEUE_STATUSES,
): QueueEntry[] {
  const usable = (e: QueueEntry) => (e.confidence === null ? 0 : 1);
  const rank = (e: QueueEntry) => (e.confidence === null ? -1 : Math.round(e.confidence * 100));
  return images
    .filter((i) => statuses.includes(i.status))
    .map((image) => ({
      image,
      confidence: imageConfidence(annotations.get(image.id)),
      reasons: image.reviewReasons,
    }))
    .sort(
      (a, b) =>
        usable(a) - usable(b) ||
        statuses.indexOf(a.image.status) - statuses.indexOf(b.image.status) ||
        rank(a) - rank(b) ||
        collator.compare(a.image.relativePath, b.image.relativePath),
    );
}

/** Entries the bulk action "accept all above confidence X" would accept. */
export function entriesAbove(entries: readonly QueueEntry[], threshold: number): QueueEntry[] {
  return entries.filter((e) => e.confidence !== null && e.confidence >= threshold);
}

export type Decision = 'accept' | 'reject';

export interface DecisionContext extends DecisionBy {
  /** Time spent on the image before deciding. */
  ms: number;
}

/**
 * A person's decision on a whole image: every open suggestion accepted (or rejected) with who and
 * when, and the image's status set with who decided, when and how long it took.
 */
export function decideImage(
  annotations: ImageAnnotations,
  image: ImageItem,
  decision: Decision,
  ctx: DecisionContext,
): { annotations: ImageAnnotations; image: ImageItem } {
  const next = decideAllSuggestions(
    annotations,
    decision === 'accept' ? 'accepted' : 'rejected',
    ctx,
  );
  return {
    annotations: next === annotations ? annotations : { ...next, updatedAt: ctx.now },
    image: {
      ...image,
      status: decision === 'accept' ? 'accepted' : 'rejected',
      // Reasons stay on a rejected image: they tell why the model's answer was not good enough.
      reviewReasons: decision === 'accept' ? [] : image.reviewReasons,
      review: { by: ctx.author, at: ctx.now, ms: Math.max(0, Math.min(ctx.ms, MAX_REVIEW_MS)) },
      updatedAt: ctx.now,
    },
  };
}

/** The annotations by image with some images' new records put in (a new map; the old is kept). */
export function withDecided(
  annotations: ReadonlyMap<ImageId, ImageAnnotations>,
  decided: readonly { annotations: ImageAnnotations }[],
): Map<ImageId, ImageAnnotations> {
  const next = new Map(annotations);
  for (const d of decided) next.set(d.annotations.imageId, d.annotations);
  return next;
}
