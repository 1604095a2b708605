import type { Box, OcrLine, Point, Polygon, Region } from '../domain';
import { ocrCorners, polygonArea, polygonFromPoints, polygonPoints } from '../domain';
import { shapeBounds } from './records';

export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

export function handlePoint(box: Box, handle: Handle): Point {
  const cx = box.x + box.w / 2;
  const cy = box.y + box.h / 2;
  const r = box.x + box.w;
  const b = box.y + box.h;
  switch (handle) {
    case 'nw':
      return { x: box.x, y: box.y };
    case 'n':
      return { x: cx, y: box.y };
    case 'ne':
      return { x: r, y: box.y };
    case 'e':
      return { x: r, y: cy };
    case 'se':
      return { x: r, y: b };
    case 's':
      return { x: cx, y: b };
    case 'sw':
      return { x: box.x, y: b };
    case 'w':
      return { x: box.x, y: cy };
  }
}

export function handleAt(box: Box, p: Point, tolerance: number): Handle | null {
  for (const h of HANDLES) {
    const q = handlePoint(box, h);
    if (Math.abs(q.x - p.x) <= tolerance && Math.abs(q.y - p.y) <= tolerance) return h;
  }
  return null;
}

/**
 * Drags one handle of `start` to `p`. Edges the handle does not own stay put; the box may flip
 * through its opposite edge. With `keepAspect` the start box's ratio is kept (corner handles
 * follow the larger change, edge handles grow the other side symmetrically).
 */
export function resizeBox(start: Box, handle: Handle, p: Point, keepAspect: boolean): Box {
  let x1 = start.x;
  let y1 = start.y;
  let x2 = start.x + start.w;
  let y2 = start.y + start.h;
  if (handle.includes('w')) x1 = p.x;
  if (handle.includes('e')) x2 = p.x;
  if (handle.includes('n')) y1 = p.y;
  if (handle.includes('s')) y2 = p.y;
  if (keepAspect && start.w > 0 && start.h > 0) {
    const ratio = start.w / start.h;
    const w = Math.abs(x2 - x1);
    const h = Math.abs(y2 - y1);
    const corner = handle.length === 2;
    if (corner) {
      const sx = Math.sign(x2 - x1) || 1;
      const sy = Math.sign(y2 - y1) || 1;
      const useW = w / ratio >= h;
      const nw = useW ? w : h * ratio;
      const nh = useW ? w / ratio : h;
      if (handle.includes('w')) x1 = x2 - sx * nw;
      else x2 = x1 + sx * nw;
      if (handle.includes('n')) y1 = y2 - sy * nh;
      else y2 = y1 + sy * nh;
    } else if (handle === 'e' || handle === 'w') {
      const cy = start.y + start.h / 2;
      y1 = cy - w / ratio / 2;
      y2 = cy + w / ratio / 2;
    } else {
      const cx = start.x + start.w / 2;
      x1 = cx - (h * ratio) / 2;
      x2 = cx + (h * ratio) / 2;
    }
  }
  return {
    x: Math.min(x1, x2),
    y: Math.min(y1, y2),
    w: Math.abs(x2 - x1),
    h: Math.abs(y2 - y1),
  };
}

function distanceToSegment(p: Point, a: Point, b: Point): { d: number; t: number } {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2));
  const x = a.x + t * dx;
  const y = a.y + t * dy;
  return { d: Math.hypot(p.x - x, p.y - y), t };
}

export function pointInPolygon(poly: Polygon, p: Point): boolean {
  const pts = polygonPoints(poly);
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const a = pts[i]!;
    const b = pts[j]!;
    if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) {
      inside = !inside;
    }
  }
  return inside;
}

export function vertexAt(poly: Polygon, p: Point, tolerance: number): number | null {
  const pts = polygonPoints(poly);
  let best: number | null = null;
  let bestD = tolerance;
  pts.forEach((q, i) => {
    const d = Math.hypot(q.x - p.x, q.y - p.y);
    if (d <= bestD) {
      best = i;
      bestD = d;
    }
  });
  return best;
}

/** The closed polygon's edge nearest to p within tolerance: a new vertex goes after `index`. */
export function edgeAt(
  poly: Polygon,
  p: Point,
  tolerance: number,
): { index: number; point: Point } | null {
  const pts = polygonPoints(poly);
  let best: { index: number; point: Point } | null = null;
  let bestD = tolerance;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    const { d, t } = distanceToSegment(p, a, b);
    if (d <= bestD) {
      bestD = d;
      best = { index: i, point: { x: a.x + t * (b.x - a.x), y: a.y + t * (b.y - a.y) } };
    }
  }
  return best;
}

export function regionContains(region: Region, p: Point, tolerance: number): boolean {
  const s = region.shape;
  switch (s.kind) {
    case 'box': {
      const b = s.box;
      return (
        p.x >= b.x - tolerance &&
        p.x <= b.x + b.w + tolerance &&
        p.y >= b.y - tolerance &&
        p.y <= b.y + b.h + tolerance
      );
    }
    case 'polygon':
      // Inside the outline and not in a hole, or on any ring's edge.
      return (
        (pointInPolygon(s.points, p) && !(s.holes ?? []).some((h) => pointInPolygon(h, p))) ||
        [s.points, ...(s.holes ?? [])].some((ring) => edgeAt(ring, p, tolerance) !== null)
      );
    case 'point':
      return Math.hypot(s.point.x - p.x, s.point.y - p.y) <= tolerance * 1.5;
  }
}

/** Regions a pointer can act on: drawn (not hidden, not rejected). Locked ones still select. */
export function isInteractive(region: Region): boolean {
  return !region.hidden && region.state !== 'rejected';
}

/** Top-most region under p; among nested ones the smallest wins so inner boxes stay reachable. */
export function regionAt(regions: readonly Region[], p: Point, tolerance: number): Region | null {
  let best: Region | null = null;
  let bestArea = Infinity;
  for (let i = regions.length - 1; i >= 0; i--) {
    const r = regions[i]!;
    if (!isInteractive(r) || !regionContains(r, p, tolerance)) continue;
    const b = shapeBounds(r.shape);
    const area = b.w * b.h;
    if (area < bestArea) {
      best = r;
      bestArea = area;
    }
  }
  return best;
}

export function boxesIntersect(a: Box, b: Box): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

export function regionsInRect(regions: readonly Region[], rect: Box): Region[] {
  return regions.filter((r) => isInteractive(r) && boxesIntersect(shapeBounds(r.shape), rect));
}

/**
 * The shown OCR line under p (inside its quad, or its box when it has none, or on its outline),
 * the smallest when lines overlap; with its area so a caller can weigh it against a region.
 */
export function ocrLineAt(
  lines: readonly OcrLine[],
  p: Point,
  tolerance: number,
): { line: OcrLine; area: number } | null {
  let best: { line: OcrLine; area: number } | null = null;
  for (const line of lines) {
    if (line.state === 'rejected') continue;
    const corners = ocrCorners(line);
    if (!corners) continue;
    const poly = polygonFromPoints(corners);
    if (!pointInPolygon(poly, p) && edgeAt(poly, p, tolerance) === null) continue;
    const area = polygonArea(poly);
    if (!best || area < best.area) best = { line, area };
  }
  return best;
}
