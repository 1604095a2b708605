import type { Box, Polygon, RegionShape, SuggestionState } from '../domain';
import { boxArea, polygonArea, shapeBounds } from '../domain';

export function boxPolygon(box: Box): Polygon {
  const { x, y, w, h } = box;
  return [x, y, x + w, y, x + w, y + h, x, y + h];
}

/** Area as COCO wants it: the polygon's when there is one, else the box's. */
export function shapeArea(shape: RegionShape): number {
  if (shape.kind === 'polygon')
    return Math.max(
      0,
      polygonArea(shape.points) - (shape.holes ?? []).reduce((sum, h) => sum + polygonArea(h), 0),
    );
  return boxArea(shapeBounds(shape));
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
  // A sliver thinner than the tolerance is a polygon, not a box: its corners cannot be told apart.
  if (x2 - x1 <= tolerance || y2 - y1 <= tolerance) return null;
  const corners: [number, number][] = [
    [x1, y1],
    [x2, y1],
    [x2, y2],
    [x1, y2],
  ];
  // Every point on a corner and every corner taken: four distinct corners of one rectangle.
  const onCorner = xs.every((x, i) => corners.some(([cx, cy]) => near(x, cx) && near(ys[i]!, cy)));
  const allCorners = corners.every(([cx, cy]) =>
    xs.some((x, i) => near(x, cx) && near(ys[i]!, cy)),
  );
  return onCorner && allCorners ? { x: x1, y: y1, w: x2 - x1, h: y2 - y1 } : null;
}

export function isSuggestionState(value: unknown): value is SuggestionState {
  return value === 'suggested' || value === 'accepted' || value === 'rejected';
}
