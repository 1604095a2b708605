import type { Box, Region, RegionId, Size } from '../domain';
import { shapeBounds } from '../domain';
import { boxesIntersect } from '../editor/hit-test';
import type { Viewport } from '../editor/viewport';
import { boxToScreen, visibleImageRect } from '../editor/viewport';
import type { RegionIndex } from './region-index';
import type { Paint } from './shape-paint';
import { paintLabel, paintRegions } from './shape-paint';

/** Screen sizes of margin rasterised around the view, so a pan shows drawn regions at once. */
const MARGIN = 0.5;
/** Labels are drawn only when this few regions are in the layer: a dense overview stays legible. */
export const MAX_LABELS = 200;
/** Past this much magnification or shrinking the cached pixels look wrong: raster again. */
const MAX_STRETCH = 3;

/** Where and at which view a layer was rasterised. */
export interface Raster {
  /** The view it was drawn for. */
  scale: number;
  offsetX: number;
  offsetY: number;
  /** Its top-left corner in that view's screen pixels, and its size in CSS pixels. */
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The raster for view `v`: the screen plus MARGIN of it on each side. */
export function rasterFor(v: Viewport): Raster {
  const mx = Math.ceil(v.screen.width * MARGIN);
  const my = Math.ceil(v.screen.height * MARGIN);
  return {
    scale: v.scale,
    offsetX: v.offsetX,
    offsetY: v.offsetY,
    x: -mx,
    y: -my,
    w: v.screen.width + 2 * mx,
    h: v.screen.height + 2 * my,
  };
}

/** Where the cached layer lands on screen in view `v`: translated by a pan, scaled by a zoom. */
export function placeRaster(r: Raster, v: Viewport): Box {
  const k = v.scale / r.scale;
  return {
    x: (r.x - r.offsetX) * k + v.offsetX,
    y: (r.y - r.offsetY) * k + v.offsetY,
    w: r.w * k,
    h: r.h * k,
  };
}

/** The image area the raster holds. */
export function rasterArea(r: Raster): Box {
  return {
    x: (r.x - r.offsetX) / r.scale,
    y: (r.y - r.offsetY) / r.scale,
    w: r.w / r.scale,
    h: r.h / r.scale,
  };
}

/** Whether view `v` can be shown from the raster: every visible part of the image is in it. */
export function rasterServes(r: Raster, v: Viewport, image: Size): boolean {
  const k = v.scale / r.scale;
  if (k > MAX_STRETCH || k < 1 / MAX_STRETCH) return false;
  const seen = visibleImageRect(v);
  const x0 = Math.max(0, seen.x);
  const y0 = Math.max(0, seen.y);
  const x1 = Math.min(image.width, seen.x + seen.w);
  const y1 = Math.min(image.height, seen.y + seen.h);
  if (x1 <= x0 || y1 <= y0) return true;
  const a = rasterArea(r);
  const eps = 1e-6;
  return x0 >= a.x - eps && y0 >= a.y - eps && x1 <= a.x + a.w + eps && y1 <= a.y + a.h + eps;
}

/**
 * The regions that are not selected, drawn once for a view into a canvas. Frames move it
 * (translated or scaled) instead of drawing every region; it is drawn again when the
 * gesture pauses, the view leaves it, or a region in it changes. New regions are painted onto it.
 */
export class RegionLayer {
  readonly canvas: HTMLCanvasElement;
  readonly #ctx: CanvasRenderingContext2D;
  #raster: Raster | null = null;
  #drawn = new Map<RegionId, Region>();
  #labels = false;
  #dpr = 1;

  constructor(canvas: HTMLCanvasElement) {
    this.canvas = canvas;
    const ctx = this.canvas.getContext('2d');
    if (!ctx) throw new Error('2D canvas unavailable');
    this.#ctx = ctx;
  }

  get raster(): Raster | null {
    return this.#raster;
  }

  holds(id: RegionId): boolean {
    return this.#drawn.has(id);
  }

  invalidate(): void {
    this.#raster = null;
  }

  /** Draws every shown region of `index` around view `v`, leaving out `skip` (the selection). */
  rasterise(
    v: Viewport,
    index: RegionIndex,
    skip: ReadonlySet<RegionId>,
    colorOf: (r: Region) => number,
    dpr: number,
  ): void {
    const raster = rasterFor(v);
    const pw = Math.max(1, Math.round(raster.w * dpr));
    const ph = Math.max(1, Math.round(raster.h * dpr));
    if (this.canvas.width !== pw || this.canvas.height !== ph) {
      this.canvas.width = pw;
      this.canvas.height = ph;
    } else this.#ctx.clearRect(0, 0, pw, ph);
    this.#raster = raster;
    this.#dpr = dpr;
    this.#drawn.clear();
    const regions = index.search(rasterArea(raster)).filter((r) => shown(r) && !skip.has(r.id));
    for (const r of regions) this.#drawn.set(r.id, r);
    this.#labels = regions.length <= MAX_LABELS;
    this.#paint(regions, v, colorOf);
  }

  /** Paints regions that are new to the layer (an added box, a region just deselected). */
  add(regions: readonly Region[], colorOf: (r: Region) => number): void {
    const raster = this.#raster;
    if (!raster) return;
    const area = rasterArea(raster);
    const fresh = regions.filter(
      (r) => shown(r) && !this.#drawn.has(r.id) && boxesIntersect(shapeBounds(r.shape), area),
    );
    if (fresh.length === 0) return;
    for (const r of fresh) this.#drawn.set(r.id, r);
    this.#paint(fresh, viewOf(raster), colorOf);
  }

  #paint(regions: readonly Region[], v: Viewport, colorOf: (r: Region) => number): void {
    const ctx: Paint = this.#ctx;
    const raster = this.#raster!;
    ctx.setTransform(this.#dpr, 0, 0, this.#dpr, -raster.x * this.#dpr, -raster.y * this.#dpr);
    paintRegions(ctx, regions, colorOf, v);
    if (this.#labels)
      for (const r of regions) paintLabel(ctx, r, colorOf(r), boxToScreen(v, shapeBounds(r.shape)));
  }
}

function shown(r: Region): boolean {
  return !r.hidden && r.state !== 'rejected';
}

/** The view a raster was drawn for (its screen size does not matter for painting). */
function viewOf(r: Raster): Viewport {
  return {
    scale: r.scale,
    offsetX: r.offsetX,
    offsetY: r.offsetY,
    screen: { width: r.w, height: r.h },
    image: { width: 0, height: 0 },
  };
}
