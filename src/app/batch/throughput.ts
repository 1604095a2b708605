/** One finished image: when it finished, how long it took, how many tokens it generated. */
export interface Sample {
  at: number;
  ms: number;
  tokens: number;
}

export interface Rates {
  imagesPerMinute: number;
  tokensPerSecond: number;
  /** Milliseconds until the remaining images are done at the current pace; null before any pace. */
  etaMs: number | null;
}

/**
 * Pace over the most recent images only, so a slow first image (model warm-up) or a change of
 * device does not skew the estimate for the rest of a long job.
 */
export class Throughput {
  private samples: Sample[] = [];

  constructor(private readonly window = 20) {}

  add(sample: Sample): void {
    this.samples.push(sample);
    if (this.samples.length > this.window) this.samples.shift();
  }

  reset(): void {
    this.samples = [];
  }

  rates(remaining: number): Rates {
    const n = this.samples.length;
    if (n === 0) return { imagesPerMinute: 0, tokensPerSecond: 0, etaMs: null };
    const ms = this.samples.reduce((s, x) => s + x.ms, 0);
    const tokens = this.samples.reduce((s, x) => s + x.tokens, 0);
    // Wall time between the first and the last finish covers decode, model and storage alike.
    const first = this.samples[0]!;
    const last = this.samples[n - 1]!;
    const span = n > 1 ? last.at - first.at + first.ms : ms;
    const perImage = span > 0 ? span / n : 0;
    return {
      imagesPerMinute: perImage > 0 ? 60_000 / perImage : 0,
      tokensPerSecond: ms > 0 ? (tokens * 1000) / ms : 0,
      etaMs: perImage > 0 ? Math.round(remaining * perImage) : null,
    };
  }
}
