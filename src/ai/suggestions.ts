import type { ImageAnnotations, Tracked } from '../domain';

/** Points at one model suggestion on an image. Tags have no id, so they are kept by position. */
export type SuggestionRef =
  | { kind: 'region'; id: string }
  | { kind: 'ocr'; id: string }
  | { kind: 'tag'; index: number }
  | { kind: 'caption' }
  | { kind: 'fields' };

export interface Suggestion {
  ref: SuggestionRef;
  /** What a person reads in the list: the label, the text, the tag. */
  text: string;
  confidence: number;
  task: string;
}

function confidenceOf(record: Tracked<unknown>): number {
  return record.provenance.source === 'model' ? record.provenance.confidence : 1;
}

function taskOf(record: Tracked<unknown>): string {
  return record.provenance.source === 'model' ? record.provenance.task : '';
}

/** Every record still waiting for a decision, least confident first. */
export function listSuggestions(a: ImageAnnotations): Suggestion[] {
  const out: Suggestion[] = [];
  const add = (ref: SuggestionRef, text: string, record: Tracked<unknown>) => {
    if (record.state === 'suggested')
      out.push({ ref, text, confidence: confidenceOf(record), task: taskOf(record) });
  };
  for (const r of a.regions)
    add({ kind: 'region', id: r.id }, r.text ? `${r.label}: ${r.text}` : r.label, r);
  if (a.caption) add({ kind: 'caption' }, a.caption.text, a.caption);
  a.tags.forEach((t, index) =>
    add({ kind: 'tag', index }, t.dimension ? `${t.dimension}: ${t.value}` : t.value, t),
  );
  for (const l of a.ocr) add({ kind: 'ocr', id: l.id }, l.text, l);
  if (a.fields) add({ kind: 'fields' }, Object.keys(a.fields.values).join(', '), a.fields);
  return out.sort((x, y) => x.confidence - y.confidence);
}

/**
 * Accepts or rejects one suggestion; other records are untouched and a decided record stays as it
 * is. Returns the same object when nothing changed.
 */
export function decideSuggestion(
  a: ImageAnnotations,
  ref: SuggestionRef,
  state: 'accepted' | 'rejected',
  ctx: { author: string; now: number },
): ImageAnnotations {
  const decide = <T extends Tracked<unknown>>(record: T): T =>
    record.state === 'suggested'
      ? { ...record, state, updatedAt: ctx.now, updatedBy: ctx.author }
      : record;
  switch (ref.kind) {
    case 'region': {
      const regions = a.regions.map((r) => (r.id === ref.id ? decide(r) : r));
      return regions.some((r, i) => r !== a.regions[i]) ? { ...a, regions } : a;
    }
    case 'ocr': {
      const ocr = a.ocr.map((l) => (l.id === ref.id ? decide(l) : l));
      return ocr.some((l, i) => l !== a.ocr[i]) ? { ...a, ocr } : a;
    }
    case 'tag': {
      const tag = a.tags[ref.index];
      if (!tag || tag.state !== 'suggested') return a;
      return { ...a, tags: a.tags.map((t, i) => (i === ref.index ? decide(t) : t)) };
    }
    case 'caption':
      return a.caption?.state === 'suggested' ? { ...a, caption: decide(a.caption) } : a;
    case 'fields':
      return a.fields?.state === 'suggested' ? { ...a, fields: decide(a.fields) } : a;
  }
}
