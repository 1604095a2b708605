import type { Point } from '../domain';
import { polygonFromPoints } from '../domain';
import type { Mask, MaskPart } from './mask';
import { simplifyRing } from './simplify';

/** Directions along grid lines (y grows downward): right, down, left, up. */
const DX = [1, 0, -1, 0] as const;
const DY = [0, 1, 0, -1] as const;

/** A traced ring in grid units, its vertices on cell corners, with its signed (shoelace) area. */
export interface GridRing {
  points: Point[];
  /** Positive for an outline (clockwise on screen), negative for a hole. */
  area: number;
}

function signedArea(points: readonly Point[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i]!;
    const b = points[(i + 1) % points.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return sum / 2;
}

/**
 * The boundaries of a mask's set cells, along the cell edges. Each set cell contributes its sides
 * that face an unset cell (or the border), directed clockwise on screen so the set side is on the
 * right; chaining them gives closed rings: outlines clockwise, holes counter-clockwise. Where two
 * set cells touch only at a corner the walk turns right, hugging the cell it came along, so parts
 * are 4-connected (as COCO and SAM count them) and every ring is simple. Following cell edges keeps
 * the exact area; the staircase is smoothed later by simplification.
 */
export function traceRings(mask: Pick<Mask, 'width' | 'height' | 'data'>): GridRing[] {
  const { width: w, height: h, data } = mask;
  const stride = w + 1;
  // Per cell corner: a bit per direction of an edge that starts there and is not yet walked.
  const out = new Uint8Array(stride * (h + 1));
  const set = (c: number, r: number) => c >= 0 && r >= 0 && c < w && r < h && data[r * w + c] !== 0;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      if (!data[r * w + c]) continue;
      if (!set(c, r - 1)) out[r * stride + c]! |= 1 << 0; // top: (c,r) → (c+1,r)
      if (!set(c + 1, r)) out[r * stride + c + 1]! |= 1 << 1; // right: (c+1,r) → (c+1,r+1)
      if (!set(c, r + 1)) out[(r + 1) * stride + c + 1]! |= 1 << 2; // bottom: (c+1,r+1) → (c,r+1)
      if (!set(c - 1, r)) out[(r + 1) * stride + c]! |= 1 << 3; // left: (c,r+1) → (c,r)
    }
  }
  const rings: GridRing[] = [];
  for (let start = 0; start < out.length; start++) {
    while (out[start]) {
      let dir = 0;
      while (!(out[start]! & (1 << dir))) dir++;
      const first = dir;
      const points: Point[] = [];
      let x = start % stride;
      let y = (start - x) / stride;
      let prev = -1;
      for (;;) {
        const at = y * stride + x;
        if (prev >= 0) {
          // Back at the start the first edge counts as free: the turn rule says whether it closes.
          const free = at === start ? out[at]! | (1 << first) : out[at]!;
          // Prefer a right turn, then straight on, then left.
          const choice = [(prev + 1) % 4, prev, (prev + 3) % 4].find((d) => free & (1 << d));
          if (choice === undefined || (at === start && choice === first)) break;
          dir = choice;
        }
        if (dir !== prev) points.push({ x, y });
        out[at]! &= ~(1 << dir);
        x += DX[dir]!;
        y += DY[dir]!;
        prev = dir;
      }
      // The walk ends where it began; the first corner is a vertex only if the direction turns there.
      if (points.length > 1 && dir === firstDirection(points)) points.shift();
      rings.push({ points, area: signedArea(points) });
    }
  }
  return rings;
}

function firstDirection(points: readonly Point[]): number {
  const a = points[0]!;
  const b = points[1]!;
  if (b.x > a.x) return 0;
  if (b.y > a.y) return 1;
  if (b.x < a.x) return 2;
  return 3;
}

/** Even-odd point in ring test; p is a cell centre, never on a grid line. */
function inside(p: Point, ring: readonly Point[]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x)
      hit = !hit;
  }
  return hit;
}

/** The centre of the set cell on the right of a hole's first edge: it lies in the hole's part. */
function cellBeside(ring: readonly Point[]): Point {
  const a = ring[0]!;
  const d = firstDirection(ring);
  // The set side is on the right of the walk: below a rightward edge, left of a downward one …
  return { x: a.x + (DX[d]! - DY[d]!) / 2, y: a.y + (DY[d]! + DX[d]!) / 2 };
}

export interface OutlineOptions {
  /** Simplification tolerance in image pixels: no dropped corner lies further from the outline. */
  tolerance: number;
  /** Parts and holes smaller than this many square image pixels are left out (specks). */
  minArea?: number;
}

/**
 * A mask as polygons in image pixels: one part per 4-connected piece, each with its holes, largest
 * part first. Rings are simplified with the given tolerance; a ring that simplifies to fewer than
 * three corners keeps its traced shape.
 */
export function maskToParts(mask: Mask, options: OutlineOptions): MaskPart[] {
  const sx = mask.imageWidth / mask.width;
  const sy = mask.imageHeight / mask.height;
  const minArea = options.minArea ?? 0;
  const rings = traceRings(mask);
  const outers = rings.filter((r) => r.area > 0).sort((a, b) => a.area - b.area);
  const holes = new Map<GridRing, GridRing[]>(outers.map((o) => [o, []]));
  for (const ring of rings) {
    if (ring.area >= 0) continue;
    const probe = cellBeside(ring.points);
    // The smallest outline around the hole's edge cell is the part the hole is in.
    const owner = outers.find((o) => inside(probe, o.points));
    holes.get(owner!)?.push(ring);
  }
  const toImage = (ring: GridRing) => {
    const points = ring.points.map((p) => ({ x: p.x * sx, y: p.y * sy }));
    const simple = simplifyRing(points, options.tolerance);
    return polygonFromPoints(simple.length >= 3 ? simple : points);
  };
  const big = (ring: GridRing) => Math.abs(ring.area) * sx * sy >= minArea;
  return outers
    .filter(big)
    .reverse()
    .map((o) => ({ outer: toImage(o), holes: holes.get(o)!.filter(big).map(toImage) }));
}
