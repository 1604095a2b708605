import type { Box, OcrLine, Point, Polygon, Region } from '../domain';
import { ocrCorners, polygonPoints } from '../domain';
import { HANDLES, handlePoint } from '../editor/hit-test';
import type { Draft } from '../editor/tools/tool';
import type { Viewport } from '../editor/viewport';
import { boxToScreen, toScreen } from '../editor/viewport';
import { isSuggestion, regionCaption } from './region-style';

/** The segment tool's draft. */
export type SegmentDraft = Extract<Draft, { kind: 'segment' }>;

/** Painting regions on a 2D canvas in screen (CSS) pixels for a given view. */
export type Paint = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export const SELECT_COLOR = '#1f6feb';
const HANDLE_SIZE = 8;
const DASH = 6;
/** Labels are drawn only for regions at least this wide on screen: smaller ones are unreadable. */
export const MIN_LABEL_WIDTH_PX = 24;
const LABEL_FONT = '600 12px system-ui, sans-serif';

/** OCR lines: one colour, apart from the label classes'. */
export const OCR_COLOR = 0x0891b2;

/** OCR lines that are shown: not rejected and with a place on the image. */
export function shownOcrLines(lines: readonly OcrLine[]): { line: OcrLine; outline: Point[] }[] {
  const out: { line: OcrLine; outline: Point[] }[] = [];
  for (const line of lines) {
    if (line.state === 'rejected') continue;
    const outline = ocrCorners(line);
    if (outline) out.push({ line, outline });
  }
  return out;
}

/** OCR lines as outlines: dashed while suggested, thin once a person kept them. */
export function paintOcrLines(ctx: Paint, lines: readonly OcrLine[], v: Viewport): void {
  const shown = shownOcrLines(lines);
  for (const suggested of [true, false]) {
    ctx.beginPath();
    for (const { line, outline } of shown) {
      if ((line.state === 'suggested') !== suggested) continue;
      outline.forEach((p, i) => {
        const q = toScreen(v, p);
        if (i === 0) ctx.moveTo(q.x, q.y);
        else ctx.lineTo(q.x, q.y);
      });
      ctx.closePath();
    }
    ctx.lineWidth = suggested ? 2 : 1;
    ctx.setLineDash(suggested ? [DASH, DASH] : []);
    ctx.strokeStyle = cssColor(OCR_COLOR);
    ctx.stroke();
  }
  ctx.setLineDash([]);
}

export function cssColor(color: number): string {
  return '#' + color.toString(16).padStart(6, '0');
}

/** Adds one closed ring (image pixels) to the current path. */
export function traceRing(ctx: Paint, ring: Polygon, v: Viewport): void {
  polygonPoints(ring).forEach((p, i) => {
    const q = toScreen(v, p);
    if (i === 0) ctx.moveTo(q.x, q.y);
    else ctx.lineTo(q.x, q.y);
  });
  ctx.closePath();
}

/** Adds a region's outline to the current path; one stroke can then draw many of them. */
export function traceRegion(ctx: Paint, r: Region, v: Viewport, crisp = false): void {
  switch (r.shape.kind) {
    case 'box': {
      const b = boxToScreen(v, r.shape.box);
      // Whole-pixel corners plus half a pixel: a 1-px line covers one row, not two blurred ones.
      if (crisp)
        ctx.rect(Math.round(b.x) + 0.5, Math.round(b.y) + 0.5, Math.round(b.w), Math.round(b.h));
      else ctx.rect(b.x, b.y, b.w, b.h);
      return;
    }
    case 'polygon':
      // Holes are more closed sub-paths: a stroke outlines them, an even-odd fill leaves them open.
      for (const ring of [r.shape.points, ...(r.shape.holes ?? [])]) traceRing(ctx, ring, v);
      return;
    case 'point': {
      const p = toScreen(v, r.shape.point);
      ctx.moveTo(p.x + 7, p.y);
      ctx.arc(p.x, p.y, 7, 0, Math.PI * 2);
      return;
    }
  }
}

/**
 * Paints regions in their own style: accepted outlines 1 px, suggestions dashed 2 px, points as
 * dots. Regions of one colour and style share a path, so thousands cost a few strokes.
 */
export function paintRegions(
  ctx: Paint,
  regions: readonly Region[],
  colorOf: (r: Region) => number,
  v: Viewport,
): void {
  const solid = new Map<number, Region[]>();
  const dashed = new Map<number, Region[]>();
  const points: Region[] = [];
  for (const r of regions) {
    if (r.shape.kind === 'point' && !isSuggestion(r)) {
      points.push(r);
      continue;
    }
    const groups = isSuggestion(r) ? dashed : solid;
    const color = colorOf(r);
    const group = groups.get(color);
    if (group) group.push(r);
    else groups.set(color, [r]);
  }
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  for (const [color, group] of solid) {
    ctx.beginPath();
    for (const r of group) traceRegion(ctx, r, v, true);
    ctx.strokeStyle = cssColor(color);
    ctx.stroke();
  }
  ctx.lineWidth = 2;
  ctx.setLineDash([DASH, DASH]);
  for (const [color, group] of dashed) {
    ctx.beginPath();
    for (const r of group) {
      if (r.shape.kind === 'point') {
        const p = toScreen(v, r.shape.point);
        ctx.moveTo(p.x + 5, p.y);
        ctx.arc(p.x, p.y, 5, 0, Math.PI * 2);
      } else traceRegion(ctx, r, v);
    }
    ctx.strokeStyle = cssColor(color);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = '#ffffff';
  for (const r of points) {
    if (r.shape.kind !== 'point') continue;
    const p = toScreen(v, r.shape.point);
    ctx.beginPath();
    ctx.arc(p.x, p.y, 4, 0, Math.PI * 2);
    ctx.fillStyle = cssColor(colorOf(r));
    ctx.fill();
    ctx.stroke();
  }
}

/** The label above a region, outlined so it reads on any picture. */
export function paintLabel(ctx: Paint, r: Region, color: number, screen: Box): void {
  if (r.shape.kind !== 'point' && screen.w < MIN_LABEL_WIDTH_PX) return;
  ctx.font = LABEL_FONT;
  ctx.lineJoin = 'round';
  ctx.lineWidth = 3;
  ctx.setLineDash([]);
  ctx.strokeStyle = '#000000';
  ctx.fillStyle = cssColor(color);
  const x = screen.x + 2;
  const y = Math.max(12, screen.y - 4);
  ctx.strokeText(regionCaption(r), x, y);
  ctx.fillText(regionCaption(r), x, y);
}

export function paintHandles(ctx: Paint, r: Region, v: Viewport): void {
  const shape = r.shape;
  const points: Point[] =
    shape.kind === 'box'
      ? HANDLES.map((h) => handlePoint(shape.box, h))
      : shape.kind === 'polygon'
        ? polygonPoints(shape.points)
        : [];
  paintHandlePoints(ctx, points, v);
}

function paintHandlePoints(ctx: Paint, points: readonly Point[], v: Viewport): void {
  if (points.length === 0) return;
  const half = HANDLE_SIZE / 2;
  ctx.beginPath();
  for (const p of points) {
    const q = toScreen(v, p);
    ctx.rect(q.x - half, q.y - half, HANDLE_SIZE, HANDLE_SIZE);
  }
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.setLineDash([]);
  ctx.strokeStyle = SELECT_COLOR;
  ctx.stroke();
}

/** The selected OCR line: outlined in the selection colour, a handle on each corner. */
export function paintOcrSelection(ctx: Paint, corners: readonly Point[], v: Viewport): void {
  ctx.setLineDash([]);
  ctx.beginPath();
  corners.forEach((p, i) => {
    const q = toScreen(v, p);
    if (i === 0) ctx.moveTo(q.x, q.y);
    else ctx.lineTo(q.x, q.y);
  });
  ctx.closePath();
  ctx.lineWidth = 2;
  ctx.strokeStyle = SELECT_COLOR;
  ctx.stroke();
  paintHandlePoints(ctx, corners, v);
}

/** Positive clicks green, negative red, as in SAM's demos. */
export const SEGMENT_POSITIVE = 0x2ea043;
export const SEGMENT_NEGATIVE = 0xd1242f;

/** The segment tool's preview: the mask's rings filled even-odd (holes stay clear), its clicks and box. */
export function paintSegmentDraft(ctx: Paint, draft: SegmentDraft, v: Viewport): void {
  if (draft.parts.length > 0) {
    ctx.beginPath();
    for (const part of draft.parts)
      for (const ring of [part.outer, ...part.holes]) traceRing(ctx, ring, v);
    ctx.fillStyle = 'rgba(31,111,235,0.25)';
    ctx.fill('evenodd');
    ctx.lineWidth = 1.5;
    ctx.setLineDash([]);
    ctx.strokeStyle = SELECT_COLOR;
    ctx.stroke();
  }
  if (draft.box) {
    const b = boxToScreen(v, draft.box);
    ctx.setLineDash([DASH, DASH]);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = SELECT_COLOR;
    ctx.strokeRect(b.x, b.y, b.w, b.h);
    ctx.setLineDash([]);
  }
  for (const p of draft.points) {
    const q = toScreen(v, p);
    ctx.beginPath();
    ctx.arc(q.x, q.y, 5, 0, Math.PI * 2);
    ctx.fillStyle = cssColor(p.positive ? SEGMENT_POSITIVE : SEGMENT_NEGATIVE);
    ctx.fill();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
  }
}
