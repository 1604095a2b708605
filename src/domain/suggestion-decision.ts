import type { ImageAnnotations } from './annotation';
import type { Tracked } from './provenance';

/** Points at one model suggestion on an image. Tags have no id, so they are kept by position. */
export type SuggestionRef =
  | { kind: 'region'; id: string }
  | { kind: 'ocr'; id: string }
  | { kind: 'tag'; index: number }
  | { kind: 'caption' }
  | { kind: 'fields' };

export type SuggestionDecision = 'accepted' | 'rejected';

export interface DecisionBy {
  author: string;
  now: number;
}

/**
 * The one way a suggestion is accepted or rejected: it keeps the record as the model made it (the
 * person vouches for it, or it stays stored for metrics) with who decided and when. A decided
 * record stays as it is; the same object comes back when nothing changed.
 */
export function decideRecord<T extends Tracked<unknown>>(
  record: T,
  state: SuggestionDecision,
  by: DecisionBy,
): T {
  return record.state === 'suggested'
    ? { ...record, state, updatedAt: by.now, updatedBy: by.author }
    : record;
}

function decideEach<T extends Tracked<unknown>>(
  records: readonly T[],
  pick: (record: T, index: number) => boolean,
  state: SuggestionDecision,
  by: DecisionBy,
): readonly T[] {
  const next = records.map((r, i) => (pick(r, i) ? decideRecord(r, state, by) : r));
  return next.some((r, i) => r !== records[i]) ? next : records;
}

/** Accepts or rejects the suggestions `pick` chooses; other records are untouched. */
export function decideSuggestions(
  a: ImageAnnotations,
  pick: (ref: SuggestionRef) => boolean,
  state: SuggestionDecision,
  by: DecisionBy,
): ImageAnnotations {
  const regions = decideEach(a.regions, (r) => pick({ kind: 'region', id: r.id }), state, by);
  const ocr = decideEach(a.ocr, (l) => pick({ kind: 'ocr', id: l.id }), state, by);
  const tags = decideEach(a.tags, (_, index) => pick({ kind: 'tag', index }), state, by);
  const caption =
    a.caption && pick({ kind: 'caption' }) ? decideRecord(a.caption, state, by) : a.caption;
  const fields =
    a.fields && pick({ kind: 'fields' }) ? decideRecord(a.fields, state, by) : a.fields;
  const same =
    regions === a.regions &&
    ocr === a.ocr &&
    tags === a.tags &&
    caption === a.caption &&
    fields === a.fields;
  return same
    ? a
    : { ...a, regions: [...regions], ocr: [...ocr], tags: [...tags], caption, fields };
}

function sameRef(a: SuggestionRef, b: SuggestionRef): boolean {
  if (a.kind === 'region' || a.kind === 'ocr') return b.kind === a.kind && b.id === a.id;
  if (a.kind === 'tag') return b.kind === 'tag' && b.index === a.index;
  return b.kind === a.kind;
}

/** Accepts or rejects one suggestion. */
export function decideSuggestion(
  a: ImageAnnotations,
  ref: SuggestionRef,
  state: SuggestionDecision,
  by: DecisionBy,
): ImageAnnotations {
  return decideSuggestions(a, (r) => sameRef(r, ref), state, by);
}

/** Every open suggestion on the image: regions, caption, tags, OCR lines and fields. */
export function decideAllSuggestions(
  a: ImageAnnotations,
  state: SuggestionDecision,
  by: DecisionBy,
): ImageAnnotations {
  return decideSuggestions(a, () => true, state, by);
}
