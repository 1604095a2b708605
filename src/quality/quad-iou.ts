import type { Point } from '../domain';

function area(polygon: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return Math.abs(sum) / 2;
}

function orientation(polygon: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const a = polygon[i]!;
    const b = polygon[(i + 1) % polygon.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return Math.sign(sum);
}

/** Sutherland–Hodgman: the part of `subject` inside the convex `clip`. */
function clipConvex(subject: readonly Point[], clip: readonly Point[]): Point[] {
  const sign = orientation(clip) || 1;
  let output = [...subject];
  for (let i = 0; i < clip.length && output.length > 0; i++) {
    const a = clip[i]!;
    const b = clip[(i + 1) % clip.length]!;
    const side = (p: Point) => sign * ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x));
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j]!;
      const q = input[(j + 1) % input.length]!;
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) output.push(p);
      if (sp >= 0 !== sq >= 0) {
        const t = sp / (sp - sq);
        output.push({ x: p.x + (q.x - p.x) * t, y: p.y + (q.y - p.y) * t });
      }
    }
  }
  return output;
}

/** Intersection over union of two convex polygons (text quads), 0 when either has no area. */
export function convexIou(a: readonly Point[], b: readonly Point[]): number {
  const areaA = area(a);
  const areaB = area(b);
  if (areaA === 0 || areaB === 0) return 0;
  const inter = area(clipConvex(a, b));
  return inter / (areaA + areaB - inter);
}

export interface QuadMatch {
  /** Pairs of (predicted index, truth index), each used at most once. */
  pairs: [number, number][];
  precision: number;
  recall: number;
  f1: number;
}

/** Greedy one-to-one matching by IoU, best pairs first; a pair counts when IoU ≥ threshold. */
export function matchQuads(
  predicted: readonly (readonly Point[])[],
  truth: readonly (readonly Point[])[],
  threshold = 0.5,
): QuadMatch {
  const candidates: { p: number; t: number; iou: number }[] = [];
  predicted.forEach((pq, p) =>
    truth.forEach((tq, t) => {
      const iou = convexIou(pq, tq);
      if (iou >= threshold) candidates.push({ p, t, iou });
    }),
  );
  candidates.sort((x, y) => y.iou - x.iou);
  const usedP = new Set<number>();
  const usedT = new Set<number>();
  const pairs: [number, number][] = [];
  for (const c of candidates) {
    if (usedP.has(c.p) || usedT.has(c.t)) continue;
    usedP.add(c.p);
    usedT.add(c.t);
    pairs.push([c.p, c.t]);
  }
  const precision =
    predicted.length === 0 ? (truth.length === 0 ? 1 : 0) : pairs.length / predicted.length;
  const recall = truth.length === 0 ? 1 : pairs.length / truth.length;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { pairs, precision, recall, f1 };
}
