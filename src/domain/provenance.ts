/** Where a record came from. Model output keeps enough to reproduce it; human edits keep who. */
export interface ModelProvenance {
  source: 'model';
  modelId: string;
  revision: string;
  task: string;
  params: Record<string, string | number | boolean>;
  /** In [0, 1], from the per-token probabilities of the record's tokens. */
  confidence: number;
  createdAt: number;
}

export interface HumanProvenance {
  source: 'human';
  /** The local user name set once in the app; empty when none was set. */
  author: string;
  createdAt: number;
}

export type Provenance = ModelProvenance | HumanProvenance;

/**
 * Suggestion state of a model-made record: it stays a suggestion until a person accepts it.
 * Human-made records are always 'accepted'.
 */
export type SuggestionState = 'suggested' | 'accepted' | 'rejected';

export interface Tracked<T> {
  provenance: Provenance;
  state: SuggestionState;
  updatedAt: number;
  /** Who last changed it (local user name) — lets two passes be compared. */
  updatedBy: string;
  /** When a person edits a model record, the model's original is kept here for quality metrics. */
  modelOriginal?: T;
}

export function isConfidence(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}
