import type { Point } from '../domain';

/** Squared distance from p to the segment a–b. */
function segmentDistance2(p: Point, a: Point, b: Point): number {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  const x = a.x + t * dx - p.x;
  const y = a.y + t * dy - p.y;
  return x * x + y * y;
}

/** Douglas–Peucker on an open chain, keeping its two ends; marks kept points in `keep`. */
function douglasPeucker(
  points: readonly Point[],
  first: number,
  last: number,
  tol2: number,
  keep: Uint8Array,
): void {
  // An explicit stack: a long staircase would recurse thousands deep.
  const stack: [number, number][] = [[first, last]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    let worst = -1;
    let worstD = tol2;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(points[i]!, points[a]!, points[b]!);
      if (d > worstD) {
        worst = i;
        worstD = d;
      }
    }
    if (worst < 0) continue;
    keep[worst] = 1;
    stack.push([a, worst], [worst, b]);
  }
}

/**
 * A closed ring with fewer points, none of the dropped ones further than `tolerance` from what is
 * kept (Douglas–Peucker, as simplify-js does). The ring is split at its first point and the point
 * farthest from it, so both halves are open chains. Tolerance 0 only drops exactly collinear points.
 */
export function simplifyRing(points: readonly Point[], tolerance: number): Point[] {
  const n = points.length;
  if (n <= 3) return [...points];
  let far = 0;
  let farD = -1;
  for (let i = 1; i < n; i++) {
    const d = (points[i]!.x - points[0]!.x) ** 2 + (points[i]!.y - points[0]!.y) ** 2;
    if (d > farD) {
      far = i;
      farD = d;
    }
  }
  const chain = [...points, points[0]!];
  const keep = new Uint8Array(n + 1);
  keep[0] = 1;
  keep[far] = 1;
  keep[n] = 1;
  const tol2 = Math.max(0, tolerance) ** 2;
  douglasPeucker(chain, 0, far, tol2, keep);
  douglasPeucker(chain, far, n, tol2, keep);
  const out: Point[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(points[i]!);
  return out;
}
