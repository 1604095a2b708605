import type { SuggestedRecords } from './tasks/types';
import type { ImageAnnotations, SuggestionRef, Tracked } from '../domain';

export { decideSuggestion, type SuggestionRef } from '../domain';

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

/** How many records an answer suggests — what "N suggestions added" says after a run. */
export function suggestedCount(records: SuggestedRecords): number {
  return (
    records.regions.length +
    records.ocr.length +
    records.tags.length +
    (records.caption ? 1 : 0) +
    (records.fields ? 1 : 0)
  );
}
