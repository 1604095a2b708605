import type { ImageAnnotations, Tracked } from '../domain';

/** What became of a record: a model suggestion's fate, or a person's own addition. */
export type Outcome = 'accepted-unchanged' | 'edited' | 'rejected' | 'pending' | 'human-added';

export const OUTCOMES: readonly Outcome[] = [
  'accepted-unchanged',
  'edited',
  'rejected',
  'pending',
  'human-added',
];

export type RecordKind = 'regions' | 'caption' | 'tags' | 'ocr' | 'fields';
export const RECORD_KINDS: readonly RecordKind[] = ['regions', 'caption', 'tags', 'ocr', 'fields'];

export type OutcomeCounts = Record<Outcome, number>;

export function outcomeOf(record: Tracked<unknown>): Outcome {
  if (record.provenance.source === 'human') return 'human-added';
  if (record.state === 'rejected') return 'rejected';
  // A person's edit keeps the model's original, and accepts the record as edited.
  if (record.modelOriginal !== undefined) return 'edited';
  return record.state === 'accepted' ? 'accepted-unchanged' : 'pending';
}

export function emptyCounts(): OutcomeCounts {
  return { 'accepted-unchanged': 0, edited: 0, rejected: 0, pending: 0, 'human-added': 0 };
}

export function recordsOf(a: ImageAnnotations, kind: RecordKind): Tracked<unknown>[] {
  switch (kind) {
    case 'regions':
      return a.regions;
    case 'caption':
      return a.caption ? [a.caption] : [];
    case 'tags':
      return a.tags;
    case 'ocr':
      return a.ocr;
    case 'fields':
      return a.fields ? [a.fields] : [];
  }
}

/** Outcome counts per kind of record over many images. */
export function countOutcomes(all: readonly ImageAnnotations[]): Record<RecordKind, OutcomeCounts> {
  const out = Object.fromEntries(RECORD_KINDS.map((k) => [k, emptyCounts()])) as Record<
    RecordKind,
    OutcomeCounts
  >;
  for (const a of all)
    for (const kind of RECORD_KINDS)
      for (const r of recordsOf(a, kind)) out[kind][outcomeOf(r)] += 1;
  return out;
}

export function totalCounts(byKind: Record<RecordKind, OutcomeCounts>): OutcomeCounts {
  const total = emptyCounts();
  for (const kind of RECORD_KINDS) for (const o of OUTCOMES) total[o] += byKind[kind][o];
  return total;
}
