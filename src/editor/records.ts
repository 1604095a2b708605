import type {
  Box,
  LabelClass,
  Polygon,
  LabelClassId,
  Point,
  Region,
  RegionBody,
  RegionId,
  RegionShape,
  Size,
  Tracked,
} from '../domain';
import {
  clampBox,
  clampPoint,
  newId,
  polygonFromPoints,
  polygonPoints,
  polygonShape,
} from '../domain';

/** Who is editing and when: every command stamps records with it. */
export interface EditContext {
  author: string;
  now: number;
}

export function regionBody(region: Region): RegionBody {
  const body: RegionBody = {
    shape: region.shape,
    classId: region.classId,
    label: region.label,
    attributes: region.attributes,
    note: region.note,
    hidden: region.hidden,
    locked: region.locked,
  };
  if (region.text !== undefined) body.text = region.text;
  return body;
}

export function newHumanRegion(
  shape: RegionShape,
  labelClass: LabelClass | undefined,
  ctx: EditContext,
  id: RegionId = newId<'region'>(),
): Region {
  return {
    id,
    shape,
    classId: labelClass?.id ?? null,
    label: labelClass?.name ?? '',
    attributes: {},
    note: '',
    hidden: false,
    locked: false,
    provenance: { source: 'human', author: ctx.author, createdAt: ctx.now },
    state: 'accepted',
    updatedAt: ctx.now,
    updatedBy: ctx.author,
  };
}

/**
 * A person changed a record. A model record keeps its first model version in `modelOriginal`
 * (quality metrics compare them) and becomes accepted: the person has now vouched for it.
 * Visibility and lock are view settings, not content, so they leave the suggestion state alone.
 */
export function touchTracked<T extends Tracked<B>, B>(
  record: T,
  patch: Partial<T>,
  originalBody: B,
  ctx: EditContext,
  accept = true,
): T {
  const next: T = { ...record, ...patch, updatedAt: ctx.now, updatedBy: ctx.author };
  if (record.provenance.source === 'model' && record.modelOriginal === undefined) {
    next.modelOriginal = originalBody;
  }
  if (accept && record.state === 'suggested') next.state = 'accepted';
  return next;
}

export function editRegion(region: Region, patch: Partial<RegionBody>, ctx: EditContext): Region {
  const viewOnly = Object.keys(patch).every((k) => k === 'hidden' || k === 'locked');
  if (viewOnly) return { ...region, ...patch };
  return touchTracked<Region, RegionBody>(region, patch, regionBody(region), ctx);
}

/** Shared with the formats: one definition in the domain. */
export { shapeBounds } from '../domain';

export function translateShape(shape: RegionShape, dx: number, dy: number): RegionShape {
  switch (shape.kind) {
    case 'box':
      return { kind: 'box', box: { ...shape.box, x: shape.box.x + dx, y: shape.box.y + dy } };
    case 'polygon':
      return polygonShape(
        shape.points.map((v, i) => v + (i % 2 === 0 ? dx : dy)),
        shape.holes?.map((ring) => ring.map((v, i) => v + (i % 2 === 0 ? dx : dy))),
      );
    case 'point':
      return { kind: 'point', point: { x: shape.point.x + dx, y: shape.point.y + dy } };
  }
}

/** Keeps a move inside the image: the whole selection stops at the border, shapes keep their size. */
export function clampTranslation(bounds: Box, dx: number, dy: number, size: Size): Point {
  const x = Math.min(Math.max(bounds.x + dx, 0), Math.max(0, size.width - bounds.w)) - bounds.x;
  const y = Math.min(Math.max(bounds.y + dy, 0), Math.max(0, size.height - bounds.h)) - bounds.y;
  return { x, y };
}

function clampRing(ring: Polygon, size: Size): Polygon {
  return polygonFromPoints(polygonPoints(ring).map((p) => clampPoint(p, size)));
}

export function clampShape(shape: RegionShape, size: Size): RegionShape {
  switch (shape.kind) {
    case 'box':
      return { kind: 'box', box: clampBox(shape.box, size) };
    case 'polygon':
      return polygonShape(
        clampRing(shape.points, size),
        shape.holes?.map((ring) => clampRing(ring, size)),
      );
    case 'point':
      return { kind: 'point', point: clampPoint(shape.point, size) };
  }
}

export function unionBounds(boxes: readonly Box[]): Box | null {
  if (boxes.length === 0) return null;
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (const b of boxes) {
    x1 = Math.min(x1, b.x);
    y1 = Math.min(y1, b.y);
    x2 = Math.max(x2, b.x + b.w);
    y2 = Math.max(y2, b.y + b.h);
  }
  return { x: x1, y: y1, w: x2 - x1, h: y2 - y1 };
}

export function classById(
  classes: readonly LabelClass[],
  id: LabelClassId | null,
): LabelClass | undefined {
  return id === null ? undefined : classes.find((c) => c.id === id);
}
