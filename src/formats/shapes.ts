import type { Box, Polygon, RegionShape, SuggestionState } from '../domain';
import { boxArea, polygonArea, polygonBounds } from '../domain';

/** The axis-aligned box around any region shape (a point is a zero-size box). */
export function shapeBox(shape: RegionShape): Box {
  switch (shape.kind) {
    case 'box':
      return shape.box;
    case 'polygon':
      return polygonBounds(shape.points);
    case 'point':
      return { x: shape.point.x, y: shape.point.y, w: 0, h: 0 };
  }
}

export function boxPolygon(box: Box): Polygon {
  const { x, y, w, h } = box;
  return [x, y, x + w, y, x + w, y + h, x, y + h];
}

/** Area as COCO wants it: the polygon's when there is one, else the box's. */
export function shapeArea(shape: RegionShape): number {
  if (shape.kind === 'polygon') return polygonArea(shape.points);
  return boxArea(shapeBox(shape));
}

/** Whether a shape can stand in a box-based format (COCO, YOLO, VOC): points and empty boxes cannot. */
export function hasExtent(shape: RegionShape): boolean {
  return shapeArea(shape) > 0;
}

/** A 4-corner axis-aligned ring is how many tools write a plain box as a polygon. */
export function ringAsBox(ring: readonly number[], tolerance = 1e-2): Box | null {
  if (ring.length !== 8) return null;
  const xs = [ring[0]!, ring[2]!, ring[4]!, ring[6]!];
  const ys = [ring[1]!, ring[3]!, ring[5]!, ring[7]!];
  const x1 = Math.min(...xs);
  const x2 = Math.max(...xs);
  const y1 = Math.min(...ys);
  const y2 = Math.max(...ys);
  const near = (a: number, b: number) => Math.abs(a - b) <= tolerance;
  const onEdges =
    xs.every((x) => near(x, x1) || near(x, x2)) && ys.every((y) => near(y, y1) || near(y, y2));
  // Two corners on each vertical edge, so a triangle-ish ring with repeated points is not a box.
  const left = xs.filter((x) => near(x, x1)).length;
  return onEdges && left === 2 && x2 > x1 && y2 > y1
    ? { x: x1, y: y1, w: x2 - x1, h: y2 - y1 }
    : null;
}

export function isSuggestionState(value: unknown): value is SuggestionState {
  return value === 'suggested' || value === 'accepted' || value === 'rejected';
}
