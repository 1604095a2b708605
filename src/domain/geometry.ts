/** Image pixel space of the original (EXIF-corrected) image: origin top-left, x right, y down. */
export interface Point {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Size {
  width: number;
  height: number;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Normalises a box so w/h are non-negative, then clips it to the image. */
export function clampBox(box: Box, size: Size): Box {
  const x1 = clamp(Math.min(box.x, box.x + box.w), 0, size.width);
  const y1 = clamp(Math.min(box.y, box.y + box.h), 0, size.height);
  const x2 = clamp(Math.max(box.x, box.x + box.w), 0, size.width);
  const y2 = clamp(Math.max(box.y, box.y + box.h), 0, size.height);
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

export function boxFromCorners(a: Point, b: Point): Box {
  return {
    x: Math.min(a.x, b.x),
    y: Math.min(a.y, b.y),
    w: Math.abs(b.x - a.x),
    h: Math.abs(b.y - a.y),
  };
}

export function boxArea(box: Box): number {
  return Math.max(0, box.w) * Math.max(0, box.h);
}

export function boxContains(box: Box, p: Point): boolean {
  return p.x >= box.x && p.x <= box.x + box.w && p.y >= box.y && p.y <= box.y + box.h;
}

export function isBoxInside(box: Box, size: Size, tolerance = 1e-6): boolean {
  return (
    box.x >= -tolerance &&
    box.y >= -tolerance &&
    box.x + box.w <= size.width + tolerance &&
    box.y + box.h <= size.height + tolerance
  );
}

export function intersectionOverUnion(a: Box, b: Box): number {
  const ix = Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x));
  const iy = Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));
  const inter = ix * iy;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** Polygon as a flat list [x0, y0, x1, y1, …] — the COCO segmentation layout. */
export type Polygon = number[];

export function polygonPoints(poly: Polygon): Point[] {
  const out: Point[] = [];
  for (let i = 0; i + 1 < poly.length; i += 2) out.push({ x: poly[i]!, y: poly[i + 1]! });
  return out;
}

export function polygonFromPoints(points: readonly Point[]): Polygon {
  return points.flatMap((p) => [p.x, p.y]);
}

/** Shoelace formula; absolute value so winding order does not matter. */
export function polygonArea(poly: Polygon): number {
  const pts = polygonPoints(poly);
  let sum = 0;
  for (let i = 0; i < pts.length; i++) {
    const a = pts[i]!;
    const b = pts[(i + 1) % pts.length]!;
    sum += a.x * b.y - b.x * a.y;
  }
  return Math.abs(sum) / 2;
}

export function polygonBounds(poly: Polygon): Box {
  const pts = polygonPoints(poly);
  if (pts.length === 0) return { x: 0, y: 0, w: 0, h: 0 };
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of pts) {
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x);
    maxY = Math.max(maxY, p.y);
  }
  return { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
}

export function clampPoint(p: Point, size: Size): Point {
  return { x: clamp(p.x, 0, size.width), y: clamp(p.y, 0, size.height) };
}
