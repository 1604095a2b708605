import type { ImageAnnotations } from './annotation';
import type { Tracked } from './provenance';
import type { ReviewStatus } from './review';

/** The model's suggestions on the image still waiting for a person's decision, of every kind. */
export function openSuggestions(a: ImageAnnotations): Tracked<unknown>[] {
  return [
    ...a.regions,
    ...(a.caption ? [a.caption] : []),
    ...a.tags,
    ...a.ocr,
    ...(a.fields ? [a.fields] : []),
  ].filter((r) => r.state === 'suggested' && r.provenance.source === 'model');
}

/** A person made or accepted something on the image (human records are always 'accepted'). */
export function hasHumanWork(a: ImageAnnotations): boolean {
  const records = [...a.regions, ...a.tags, ...a.ocr, a.caption, a.fields];
  return records.some((r) => r !== null && r.state === 'accepted');
}

function hasAnything(a: ImageAnnotations): boolean {
  const records = [...a.regions, ...a.tags, ...a.ocr, a.caption, a.fields];
  return records.some((r) => r !== null && r.state !== 'rejected');
}

/**
 * The status an image takes after a person's edit, so the gallery says what was done without an
 * extra key: work on a new or pre-annotated image puts it in progress; undoing all of it puts it
 * back. Review states and a person's decision (accepted, rejected) are left alone.
 */
export function statusAfterEdit(status: ReviewStatus, a: ImageAnnotations): ReviewStatus {
  if ((status === 'new' || status === 'pre-annotated') && hasHumanWork(a)) return 'in-progress';
  if (status === 'in-progress' && !hasHumanWork(a)) return hasAnything(a) ? 'pre-annotated' : 'new';
  return status;
}
