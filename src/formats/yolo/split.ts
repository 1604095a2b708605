import { seededRandom } from '../../domain/seeded-random';

/** Ultralytics' subsets: images/<subset>/… with labels/<subset>/… beside them. */
export type Subset = 'train' | 'val' | 'test';

export interface SplitOptions {
  /** Fractions of the images for validation and test, in [0, 1]; the rest trains. */
  val: number;
  test: number;
  /** The same seed and images give the same split, so a re-export does not leak val into train. */
  seed: number;
}

/**
 * Which subset each image goes to: ids sorted (so the gallery's order does not matter), shuffled
 * with the seed, then cut by the ratios (rounded; val and test get at least one image when asked
 * for and there are enough images).
 */
export function splitImages(ids: readonly string[], options: SplitOptions): Map<string, Subset> {
  const order = [...ids].sort();
  const random = seededRandom(options.seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const count = (fraction: number) =>
    fraction > 0 && order.length > 1
      ? Math.max(1, Math.round(order.length * Math.min(1, fraction)))
      : 0;
  const val = count(options.val);
  const test = Math.min(count(options.test), Math.max(0, order.length - val - 1));
  const out = new Map<string, Subset>();
  order.forEach((id, i) => out.set(id, i < val ? 'val' : i < val + test ? 'test' : 'train'));
  return out;
}
