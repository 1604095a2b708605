import type { OcrLineBody } from './annotation';
import type { Box, Point, Polygon, Size } from './geometry';
import { clampPoint, polygonBounds, polygonFromPoints, polygonPoints } from './geometry';

/**
 * An OCR line's corners in image pixels: its quad (tl, tr, br, bl as the text reads) when the
 * engine gave one, else its box's four corners (Qwen3-VL gives boxes); null when it has no place.
 */
export function ocrCorners(line: Pick<OcrLineBody, 'box' | 'quad'>): Point[] | null {
  if (line.quad && line.quad.length >= 8) return polygonPoints(line.quad);
  const b = line.box;
  if (!b) return null;
  return [
    { x: b.x, y: b.y },
    { x: b.x + b.w, y: b.y },
    { x: b.x + b.w, y: b.y + b.h },
    { x: b.x, y: b.y + b.h },
  ];
}

/**
 * What a line stores after its corners were edited: the quad, and the box that bounds it, so
 * every format that reads only the box (COCO bbox, JSONL bbox) still agrees with the quad.
 */
export function ocrPlace(corners: readonly Point[]): { quad: Polygon; box: Box } {
  const quad = polygonFromPoints(corners);
  return { quad, box: polygonBounds(quad) };
}

/** One corner dragged to `p`, kept on the image; the others stay put. */
export function moveOcrCorner(
  corners: readonly Point[],
  index: number,
  p: Point,
  size: Size,
): Point[] {
  return corners.map((q, i) => (i === index ? clampPoint(p, size) : q));
}

/** Every corner moved by (dx, dy). */
export function translateOcrCorners(corners: readonly Point[], dx: number, dy: number): Point[] {
  return corners.map((q) => ({ x: q.x + dx, y: q.y + dy }));
}
