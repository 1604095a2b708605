import { clamp, type Box, type Point, type Size } from '../domain';

/**
 * Qwen3-VL answers in RELATIVE units 0–1000 of the picture it was shown: `[x1, y1, x2, y2]`.
 * The frame is where that picture lies in the original (EXIF-corrected) image, in pixels: the whole
 * image, or the crop shown for a question about one region.
 */
export interface Frame {
  x: number;
  y: number;
  width: number;
  height: number;
  /**
   * The model's coordinate grid when it is not Qwen3-VL's 0–1000: 999 for the official OCR
   * notebook's text boxes, or the resized input's pixel size for Qwen2.5-VL answers.
   */
  grid?: Size;
}

export const QWEN_SCALE = 1000;

export function fullFrame(size: Size, grid?: Size): Frame {
  return { x: 0, y: 0, width: size.width, height: size.height, ...(grid ? { grid } : {}) };
}

/** What had to be fixed in the model's coordinates; the record is kept, the reviewer may look. */
export type GeometryIssue = 'clamped' | 'swapped';

export type BoxConversion =
  | { ok: true; box: Box; issues: GeometryIssue[] }
  | { ok: false; reason: 'not-a-box' | 'degenerate' };

export type PointConversion =
  { ok: true; point: Point; issues: GeometryIssue[] } | { ok: false; reason: 'not-a-point' };

/** Numbers, or numeric strings ("120"), as models sometimes quote them. */
function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** `[x1, y1, x2, y2]`, also written as two corner pairs `[[x1, y1], [x2, y2]]`. */
function toQuad(value: unknown): [number, number, number, number] | undefined {
  if (!Array.isArray(value)) return undefined;
  const flat: unknown[] = value.length === 2 && value.every(Array.isArray) ? value.flat() : value;
  if (flat.length !== 4) return undefined;
  const nums = flat.map(toNumber);
  if (nums.some((n) => n === undefined)) return undefined;
  return nums as [number, number, number, number];
}

/** A coordinate clamped to the grid 0–scale. */
function relative(v: number, scale: number, issues: Set<GeometryIssue>): number {
  const c = clamp(v, 0, scale);
  if (c !== v) issues.add('clamped');
  return c;
}

/**
 * Converts a model box to pixels of the original image: `px = v / 1000 · frame size + frame origin`,
 * clamped to the frame, swapped corners put right. Boxes thinner than `minSide` pixels are dropped:
 * they cannot be seen or edited and usually come from a model writing the same corner twice.
 */
export function qwenBoxToPixels(value: unknown, frame: Frame, minSide = 1): BoxConversion {
  const quad = toQuad(value);
  if (!quad) return { ok: false, reason: 'not-a-box' };
  const issues = new Set<GeometryIssue>();
  const gx = frame.grid?.width ?? QWEN_SCALE;
  const gy = frame.grid?.height ?? QWEN_SCALE;
  let [x1, y1, x2, y2] = quad.map((v, i) => relative(v, i % 2 === 0 ? gx : gy, issues)) as [
    number,
    number,
    number,
    number,
  ];
  if (x1 > x2 || y1 > y2) issues.add('swapped');
  if (x1 > x2) [x1, x2] = [x2, x1];
  if (y1 > y2) [y1, y2] = [y2, y1];
  const box: Box = {
    x: frame.x + (x1 / gx) * frame.width,
    y: frame.y + (y1 / gy) * frame.height,
    w: ((x2 - x1) / gx) * frame.width,
    h: ((y2 - y1) / gy) * frame.height,
  };
  if (box.w < minSide || box.h < minSide) return { ok: false, reason: 'degenerate' };
  return { ok: true, box, issues: [...issues] };
}

export function qwenPointToPixels(value: unknown, frame: Frame): PointConversion {
  if (!Array.isArray(value) || value.length !== 2) return { ok: false, reason: 'not-a-point' };
  const x = toNumber(value[0]);
  const y = toNumber(value[1]);
  if (x === undefined || y === undefined) return { ok: false, reason: 'not-a-point' };
  const issues = new Set<GeometryIssue>();
  const gx = frame.grid?.width ?? QWEN_SCALE;
  const gy = frame.grid?.height ?? QWEN_SCALE;
  return {
    ok: true,
    point: {
      x: frame.x + (relative(x, gx, issues) / gx) * frame.width,
      y: frame.y + (relative(y, gy, issues) / gy) * frame.height,
    },
    issues: [...issues],
  };
}

/** The inverse, rounded as the model writes them: for prompts that show a box to the model. */
export function pixelBoxToQwen(box: Box, frame: Frame): [number, number, number, number] {
  const rel = (v: number, origin: number, extent: number) =>
    Math.round(clamp(((v - origin) / extent) * QWEN_SCALE, 0, QWEN_SCALE));
  return [
    rel(box.x, frame.x, frame.width),
    rel(box.y, frame.y, frame.height),
    rel(box.x + box.w, frame.x, frame.width),
    rel(box.y + box.h, frame.y, frame.height),
  ];
}

/**
 * The crop shown to the model for a question about a region: the region grown by `margin` of its
 * size on each side (context helps the model), at least `minSide` pixels, in whole pixels, inside
 * the image.
 */
export function cropAround(region: Box, image: Size, margin = 0.15, minSide = 32): Frame {
  const x1 = Math.min(region.x, region.x + region.w);
  const y1 = Math.min(region.y, region.y + region.h);
  const w = Math.abs(region.w);
  const h = Math.abs(region.h);
  const padX = Math.max(w * margin, (minSide - w) / 2, 0);
  const padY = Math.max(h * margin, (minSide - h) / 2, 0);
  const left = clamp(Math.floor(x1 - padX), 0, Math.max(0, image.width - 1));
  const top = clamp(Math.floor(y1 - padY), 0, Math.max(0, image.height - 1));
  const right = clamp(Math.ceil(x1 + w + padX), left + 1, image.width);
  const bottom = clamp(Math.ceil(y1 + h + padY), top + 1, image.height);
  return { x: left, y: top, width: right - left, height: bottom - top };
}
