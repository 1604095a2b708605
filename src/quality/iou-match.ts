import type { Box } from '../domain';
import { intersectionOverUnion } from '../domain';

export interface LabeledBox {
  label: string;
  box: Box;
}

export interface BoxPair {
  a: number;
  b: number;
  iou: number;
}

export interface BoxMatch {
  pairs: BoxPair[];
  /** Indexes of boxes of each side that found no partner. */
  onlyA: number[];
  onlyB: number[];
}

/** Labels compare without case or surrounding spaces: "Car " and "car" are one class. */
export function classKey(label: string): string {
  return label.trim().toLowerCase();
}

/**
 * One-to-one matching of two sets of boxes: the pair with the highest IoU first, then the next among
 * the boxes left, as detection benchmarks do. Only boxes of the same class match, and only at an
 * IoU of at least `threshold`.
 */
export function matchBoxes(
  a: readonly LabeledBox[],
  b: readonly LabeledBox[],
  threshold = 0.5,
): BoxMatch {
  const candidates: BoxPair[] = [];
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      if (classKey(x.label) !== classKey(y.label)) return;
      const iou = intersectionOverUnion(x.box, y.box);
      if (iou > 0 && iou >= threshold) candidates.push({ a: i, b: j, iou });
    }),
  );
  candidates.sort((p, q) => q.iou - p.iou || p.a - q.a || p.b - q.b);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  const pairs: BoxPair[] = [];
  for (const c of candidates) {
    if (usedA.has(c.a) || usedB.has(c.b)) continue;
    usedA.add(c.a);
    usedB.add(c.b);
    pairs.push(c);
  }
  return {
    pairs: pairs.sort((p, q) => p.a - q.a),
    onlyA: a.map((_, i) => i).filter((i) => !usedA.has(i)),
    onlyB: b.map((_, j) => j).filter((j) => !usedB.has(j)),
  };
}
