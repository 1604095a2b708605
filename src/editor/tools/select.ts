import type {
  Box,
  OcrLine,
  OcrLineId,
  Point,
  Polygon,
  Region,
  RegionId,
  RegionShape,
} from '../../domain';
import {
  boxFromCorners,
  clampBox,
  clampPoint,
  moveOcrCorner,
  ocrCorners,
  polygonBounds,
  polygonFromPoints,
  polygonPoints,
  polygonShape,
  translateOcrCorners,
} from '../../domain';
import { setOcrCorners, setShapes, updateRegion } from '../commands';
import type { Handle } from '../hit-test';
import {
  edgeAt,
  handleAt,
  ocrLineAt,
  regionAt,
  regionsInRect,
  resizeBox,
  vertexAt,
} from '../hit-test';
import { clampTranslation, shapeBounds, translateShape, unionBounds } from '../records';
import type { ToolContext, ToolPointer } from './tool';
import { Tool } from './tool';

/** Pointer travel (screen pixels) before a press on a region becomes a move. */
const DRAG_PX = 3;
const HANDLE_PX = 7;
const GRAB_PX = 5;

type Gesture =
  | { kind: 'move'; start: Point; shapes: Map<RegionId, RegionShape>; bounds: Box; moved: boolean }
  | { kind: 'resize'; id: RegionId; handle: Handle; box: Box }
  | { kind: 'vertex'; id: RegionId; index: number; points: Point[]; holes?: Polygon[] }
  | { kind: 'marquee'; start: Point; base: Set<RegionId> }
  | { kind: 'ocr-corner'; id: OcrLineId; index: number; corners: Point[] }
  | {
      kind: 'ocr-move';
      id: OcrLineId;
      start: Point;
      corners: Point[];
      bounds: Box;
      moved: boolean;
    };

/**
 * select.idle → press on a region: select.dragging (move every selected region);
 * on a handle of a selected box: select.resizing (Shift keeps the aspect ratio);
 * on a vertex of a selected polygon: select.vertex (Alt-click deletes it; Alt-click or double
 * click on an edge inserts one); on empty space: select.marquee. Release commits one undo step.
 * OCR lines select one at a time: a press inside one (smaller than any region there) selects it
 * and drags it whole, a press on a corner of the selected one drags that corner.
 */
export class SelectTool extends Tool<'select'> {
  readonly name = 'select';
  #gesture: Gesture | null = null;

  override pointerDown(ctx: ToolContext, e: ToolPointer): boolean {
    if (e.button !== 0) return false;
    const line = this.#selectedOcrLine(ctx);
    if (line && !e.shift && this.#startCornerEdit(ctx, line, e)) return true;
    const single = this.#singleSelected(ctx);
    if (single && !single.locked && !e.shift && this.#startShapeEdit(ctx, single, e)) return true;

    const hit = regionAt(ctx.annotations.regions, e.point, ctx.tolerance(GRAB_PX));
    const ocrHit = ocrLineAt(ctx.annotations.ocr, e.point, ctx.tolerance(GRAB_PX));
    if (ocrHit && !e.shift && (!hit || ocrHit.area < areaOf(hit))) {
      this.#startLineMove(ctx, ocrHit.line, e.point);
      return true;
    }
    if (!hit) {
      const base = e.shift ? new Set(ctx.selection) : new Set<RegionId>();
      if (!e.shift) ctx.select([]);
      this.#gesture = { kind: 'marquee', start: e.point, base };
      this.state = 'marquee';
      ctx.setDraft({ kind: 'marquee', box: { ...e.point, w: 0, h: 0 } });
      return true;
    }
    if (e.shift) {
      const next = new Set(ctx.selection);
      if (next.has(hit.id)) next.delete(hit.id);
      else next.add(hit.id);
      ctx.select(next);
      return true;
    }
    if (!ctx.selection.has(hit.id)) ctx.select([hit.id]);
    const movable = ctx.annotations.regions.filter((r) => ctx.selection.has(r.id) && !r.locked);
    if (movable.length === 0) return true;
    const shapes = new Map(movable.map((r) => [r.id, r.shape] as const));
    ctx.mark('move-regions');
    this.#gesture = {
      kind: 'move',
      start: e.point,
      shapes,
      bounds: unionBounds(movable.map((r) => shapeBounds(r.shape)))!,
      moved: false,
    };
    this.state = 'dragging';
    return true;
  }

  override pointerMove(ctx: ToolContext, e: ToolPointer): boolean {
    const g = this.#gesture;
    if (!g) return false;
    switch (g.kind) {
      case 'move': {
        const dx = e.point.x - g.start.x;
        const dy = e.point.y - g.start.y;
        if (!g.moved && Math.hypot(dx, dy) < ctx.tolerance(DRAG_PX)) return true;
        g.moved = true;
        const d = clampTranslation(g.bounds, dx, dy, ctx.imageSize);
        const next = new Map<RegionId, RegionShape>();
        for (const [id, shape] of g.shapes) next.set(id, translateShape(shape, d.x, d.y));
        ctx.apply(setShapes(next));
        return true;
      }
      case 'resize': {
        const p = clampPoint(e.point, ctx.imageSize);
        const box = clampBox(resizeBox(g.box, g.handle, p, e.shift), ctx.imageSize);
        ctx.apply(updateRegion(g.id, { shape: { kind: 'box', box } }));
        return true;
      }
      case 'vertex': {
        const points = g.points.slice();
        points[g.index] = clampPoint(e.point, ctx.imageSize);
        ctx.apply(updateRegion(g.id, { shape: polygonShape(polygonFromPoints(points), g.holes) }));
        return true;
      }
      case 'ocr-corner': {
        const corners = moveOcrCorner(g.corners, g.index, e.point, ctx.imageSize);
        ctx.apply(setOcrCorners(g.id, corners));
        return true;
      }
      case 'ocr-move': {
        const dx = e.point.x - g.start.x;
        const dy = e.point.y - g.start.y;
        if (!g.moved && Math.hypot(dx, dy) < ctx.tolerance(DRAG_PX)) return true;
        g.moved = true;
        const d = clampTranslation(g.bounds, dx, dy, ctx.imageSize);
        ctx.apply(setOcrCorners(g.id, translateOcrCorners(g.corners, d.x, d.y)));
        return true;
      }
      case 'marquee': {
        const box = boxFromCorners(g.start, e.point);
        ctx.setDraft({ kind: 'marquee', box });
        const inside = regionsInRect(ctx.annotations.regions, box).map((r) => r.id);
        ctx.select(new Set([...g.base, ...inside]));
        return true;
      }
    }
  }

  override pointerUp(ctx: ToolContext, _e: ToolPointer): boolean {
    const g = this.#gesture;
    if (!g) return false;
    if (g.kind === 'marquee') ctx.setDraft(null);
    else ctx.commit();
    this.#gesture = null;
    this.state = 'idle';
    return true;
  }

  override cancel(ctx: ToolContext): boolean {
    const g = this.#gesture;
    if (!g) return false;
    if (g.kind === 'marquee') {
      ctx.setDraft(null);
      ctx.select(g.base);
    } else ctx.bail();
    this.#gesture = null;
    this.state = 'idle';
    return true;
  }

  #singleSelected(ctx: ToolContext): Region | undefined {
    if (ctx.selection.size !== 1) return undefined;
    const [id] = ctx.selection;
    return ctx.annotations.regions.find((r) => r.id === id && !r.hidden);
  }

  #selectedOcrLine(ctx: ToolContext): OcrLine | undefined {
    const id = ctx.ocrSelection;
    return id === null
      ? undefined
      : ctx.annotations.ocr.find((l) => l.id === id && l.state !== 'rejected');
  }

  /** A corner of the selected OCR line: dragging it is one undo step. */
  #startCornerEdit(ctx: ToolContext, line: OcrLine, e: ToolPointer): boolean {
    const corners = ocrCorners(line);
    if (!corners) return false;
    const index = vertexAt(polygonFromPoints(corners), e.point, ctx.tolerance(HANDLE_PX));
    if (index === null) return false;
    ctx.mark('move-ocr-corner');
    this.#gesture = { kind: 'ocr-corner', id: line.id, index, corners };
    this.state = 'vertex';
    return true;
  }

  #startLineMove(ctx: ToolContext, line: OcrLine, start: Point): void {
    ctx.selectOcrLine(line.id);
    const corners = ocrCorners(line)!;
    ctx.mark('move-ocr-line');
    this.#gesture = {
      kind: 'ocr-move',
      id: line.id,
      start,
      corners,
      bounds: polygonBounds(polygonFromPoints(corners)),
      moved: false,
    };
    this.state = 'dragging';
  }

  /** Handles of a selected box, vertices and edges of a selected polygon. */
  #startShapeEdit(ctx: ToolContext, region: Region, e: ToolPointer): boolean {
    const shape = region.shape;
    if (shape.kind === 'box') {
      const handle = handleAt(shape.box, e.point, ctx.tolerance(HANDLE_PX));
      if (!handle) return false;
      ctx.mark('resize-region');
      this.#gesture = { kind: 'resize', id: region.id, handle, box: shape.box };
      this.state = 'resizing';
      return true;
    }
    if (shape.kind !== 'polygon') return false;
    const points = polygonPoints(shape.points);
    const vertex = vertexAt(shape.points, e.point, ctx.tolerance(HANDLE_PX));
    if (vertex !== null) {
      if (e.alt) {
        if (points.length > 3) {
          points.splice(vertex, 1);
          ctx.apply(
            updateRegion(region.id, {
              shape: polygonShape(polygonFromPoints(points), shape.holes),
            }),
          );
        }
        return true;
      }
      ctx.mark('move-vertex');
      this.#gesture = { kind: 'vertex', id: region.id, index: vertex, points, holes: shape.holes };
      this.state = 'vertex';
      return true;
    }
    if (!e.alt && e.clicks < 2) return false;
    const edge = edgeAt(shape.points, e.point, ctx.tolerance(GRAB_PX));
    if (!edge) return false;
    // Inserting and then dragging the new vertex is one step.
    ctx.mark('insert-vertex');
    points.splice(edge.index + 1, 0, edge.point);
    ctx.apply(
      updateRegion(region.id, { shape: polygonShape(polygonFromPoints(points), shape.holes) }),
    );
    const index = edge.index + 1;
    this.#gesture = { kind: 'vertex', id: region.id, index, points, holes: shape.holes };
    this.state = 'vertex';
    return true;
  }
}

function areaOf(region: Region): number {
  const b = shapeBounds(region.shape);
  return b.w * b.h;
}
