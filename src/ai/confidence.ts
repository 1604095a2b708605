import type { TokenProbability } from '../../workers/inference.protocol';
import type { Span } from './answer';

export type { TokenProbability };

/**
 * How the probabilities of a record's tokens become one confidence.
 *
 * We store the GEOMETRIC MEAN: exp(mean(log p)), i.e. the per-token probability of the whole record
 * normalised by its length. The joint probability (the product) would punish long captions just
 * for being long; the minimum is dominated by one token, and every record contains tokens the model
 * may hesitate on without being wrong (whether to write a space, which of two synonyms). The
 * geometric mean still drops sharply when several tokens are doubtful, and a single near-zero token
 * pulls it far down (log p is unbounded). `'min'` stays available for callers that want the
 * strictest reading (e.g. a box whose every coordinate must be sure).
 */
export type ConfidenceAggregate = 'geometric-mean' | 'min';

interface PlacedToken {
  start: number;
  end: number;
  prob: number;
}

/** Maps character spans of the answer to the tokens that produced them. */
export class ConfidenceIndex {
  private readonly placed: PlacedToken[];

  constructor(
    tokens: readonly TokenProbability[],
    answer: string,
    private readonly aggregate: ConfidenceAggregate = 'geometric-mean',
  ) {
    const joined = tokens.map((t) => t.text).join('');
    // The answer may have been trimmed by the caller: align it with the token text.
    const shift = joined === answer ? 0 : Math.max(0, joined.indexOf(answer));
    let offset = -shift;
    this.placed = tokens.map((t) => {
      const start = offset;
      offset += t.text.length;
      const prob = Number.isFinite(t.prob) ? Math.min(1, Math.max(0, t.prob)) : 0;
      return { start, end: offset, prob };
    });
  }

  /**
   * Confidence of the text in `span`: the aggregate over every token overlapping it (a token shared
   * by two records, like `"},{"`, counts for both). With no probabilities known, 0 — unknown
   * confidence is treated as low, so a person looks at it.
   */
  of(span: Span): number {
    const probs = this.placed
      .filter((t) => t.start < span.end && t.end > span.start && t.end > t.start)
      .map((t) => t.prob);
    return aggregateProbabilities(probs, this.aggregate);
  }

  /** Whether any token probabilities were given at all. */
  get known(): boolean {
    return this.placed.length > 0;
  }
}

export function aggregateProbabilities(
  probs: readonly number[],
  aggregate: ConfidenceAggregate = 'geometric-mean',
): number {
  if (probs.length === 0) return 0;
  if (aggregate === 'min') return Math.min(...probs);
  let logSum = 0;
  for (const p of probs) {
    if (p <= 0) return 0;
    logSum += Math.log(p);
  }
  return Math.exp(logSum / probs.length);
}
