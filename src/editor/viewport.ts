import type { Box, Point, Size } from '../domain';
import { clamp } from '../domain';

/**
 * Maps image pixels to screen (CSS) pixels: screen = image * scale + offset.
 * Immutable so a renderer can compare by identity and tests can assert exact values.
 */
export interface Viewport {
  readonly scale: number;
  readonly offsetX: number;
  readonly offsetY: number;
  /** Size of the drawing surface in CSS pixels. */
  readonly screen: Size;
  readonly image: Size;
}

export const MIN_SCALE = 1 / 64;
export const MAX_SCALE = 64;
/** Space kept around the image when fitting, in screen pixels. */
const FIT_MARGIN = 16;

export function createViewport(image: Size, screen: Size): Viewport {
  return fitViewport({ scale: 1, offsetX: 0, offsetY: 0, screen, image });
}

export function toScreen(v: Viewport, p: Point): Point {
  return { x: p.x * v.scale + v.offsetX, y: p.y * v.scale + v.offsetY };
}

export function toImage(v: Viewport, p: Point): Point {
  return { x: (p.x - v.offsetX) / v.scale, y: (p.y - v.offsetY) / v.scale };
}

export function boxToScreen(v: Viewport, b: Box): Box {
  return {
    x: b.x * v.scale + v.offsetX,
    y: b.y * v.scale + v.offsetY,
    w: b.w * v.scale,
    h: b.h * v.scale,
  };
}

/** The part of image space currently on screen (may extend past the image). */
export function visibleImageRect(v: Viewport): Box {
  const a = toImage(v, { x: 0, y: 0 });
  return { x: a.x, y: a.y, w: v.screen.width / v.scale, h: v.screen.height / v.scale };
}

/** Scales by `factor` keeping the image point under `anchor` (screen) fixed — zoom to cursor. */
export function zoomAt(v: Viewport, anchor: Point, factor: number): Viewport {
  return setScaleAt(v, anchor, v.scale * factor);
}

export function setScaleAt(v: Viewport, anchor: Point, scale: number): Viewport {
  const next = clamp(scale, MIN_SCALE, MAX_SCALE);
  const at = toImage(v, anchor);
  return { ...v, scale: next, offsetX: anchor.x - at.x * next, offsetY: anchor.y - at.y * next };
}

export function panBy(v: Viewport, dx: number, dy: number): Viewport {
  return { ...v, offsetX: v.offsetX + dx, offsetY: v.offsetY + dy };
}

/** Whole image centred on screen. */
export function fitViewport(v: Viewport): Viewport {
  const availW = Math.max(1, v.screen.width - 2 * FIT_MARGIN);
  const availH = Math.max(1, v.screen.height - 2 * FIT_MARGIN);
  const scale = clamp(
    Math.min(availW / v.image.width, availH / v.image.height),
    MIN_SCALE,
    MAX_SCALE,
  );
  return centreAt(v, scale, { x: v.image.width / 2, y: v.image.height / 2 });
}

/** One image pixel per screen pixel, keeping the image point at the screen centre in place. */
export function actualSize(v: Viewport): Viewport {
  return setScaleAt(v, { x: v.screen.width / 2, y: v.screen.height / 2 }, 1);
}

export function centreAt(v: Viewport, scale: number, imagePoint: Point): Viewport {
  return {
    ...v,
    scale,
    offsetX: v.screen.width / 2 - imagePoint.x * scale,
    offsetY: v.screen.height / 2 - imagePoint.y * scale,
  };
}

/** The surface was resized: keep the image point at the old centre at the new centre. */
export function resizeScreen(v: Viewport, screen: Size): Viewport {
  const centre = toImage(v, { x: v.screen.width / 2, y: v.screen.height / 2 });
  return centreAt({ ...v, screen }, v.scale, centre);
}

/**
 * What "keep zoom when moving between images" carries over: the scale and the point at the
 * screen centre as fractions of the image, so images of another size open on the same part.
 */
export interface HeldView {
  readonly scale: number;
  readonly centre: Point;
}

export function heldView(v: Viewport): HeldView {
  const c = toImage(v, { x: v.screen.width / 2, y: v.screen.height / 2 });
  return { scale: v.scale, centre: { x: c.x / v.image.width, y: c.y / v.image.height } };
}

export function withHeldView(v: Viewport, held: HeldView): Viewport {
  const scale = clamp(held.scale, MIN_SCALE, MAX_SCALE);
  return centreAt(v, scale, {
    x: held.centre.x * v.image.width,
    y: held.centre.y * v.image.height,
  });
}
