import type { Point, Region, RegionId } from '../domain';
import { ocrCorners, shapeBounds } from '../domain';
import type { EditorSession, SessionChange } from '../editor/session';
import { boxToScreen, toScreen, visibleImageRect } from '../editor/viewport';
import type { PyramidLevel } from './image-pyramid';
import { decodePyramid, pickLevel, sourceRect } from './image-pyramid';
import { RegionIndex } from './region-index';
import { placeRaster, rasterServes, RegionLayer } from './region-layer';
import { regionColor } from './region-style';
import type { RendererChoice } from './renderer-choice';
import {
  cssColor,
  paintHandles,
  paintLabel,
  paintOcrLines,
  paintOcrSelection,
  paintRegions,
  paintSegmentDraft,
  SELECT_COLOR,
  traceRegion,
} from './shape-paint';
import { FrameRequest } from './frame-request';

/** A gesture counts as paused after this long without a view change: then the layer is redrawn. */
const SETTLE_MS = 120;
/** The stage's background (EditorWorkspace's .stage), painted around the picture. */
const STAGE_COLOR = '#2b2f36';

/**
 * Draws an EditorSession on one 2D canvas, for machines that render in software. A frame is
 * drawn only when something changed, and costs two copies plus what is selected or being drawn:
 *  - the picture from the mip level nearest the screen resolution, cut to the visible part;
 *  - the other regions from a cached layer (R-tree culled), translated or scaled during a
 *    gesture and rasterised again when it pauses, when the view leaves what it holds, or when a
 *    region in it changes; new regions are painted onto it;
 *  - the selection, handles, hover and the shape being drawn, painted fresh.
 * One visible canvas, because in software every canvas layer is copied whole to the compositor
 * each frame it changes or moves (the profile in bench/README.md). The crosshair is two DOM
 * lines. Nothing shows before the picture is decoded: picture and regions appear together.
 */
export class CanvasRenderer {
  readonly rendererType = 'canvas2d';
  readonly choice: RendererChoice;
  #session: EditorSession;
  #host: HTMLElement;
  #canvas: HTMLCanvasElement;
  #ctx: CanvasRenderingContext2D;
  #crossX: HTMLDivElement;
  #crossY: HTMLDivElement;
  #index = new RegionIndex();
  #layer: RegionLayer;
  #levels: PyramidLevel<ImageBitmap>[] = [];
  #ready = false;
  #dpr = 1;
  #crosshair: Point | null = null;
  #dirty = true;
  #lastSelection: ReadonlySet<RegionId>;
  #lastSchema: EditorSession['schema'];
  #frames = new FrameRequest(() => this.#draw());
  #settle: ReturnType<typeof setTimeout> | undefined;
  #resizeObserver: ResizeObserver;
  #unsubscribe: () => void;
  #destroyed = false;
  /** Called after each drawn frame with its CPU time (ms). */
  onFrame: ((ms: number) => void) | null = null;

  constructor(host: HTMLElement, session: EditorSession, choice: RendererChoice) {
    this.choice = choice;
    this.#session = session;
    this.#host = host;
    this.#canvas = document.createElement('canvas');
    this.#canvas.style.display = 'block';
    // Opaque: the compositor copies it without blending.
    const ctx = this.#canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('2D canvas unavailable');
    this.#ctx = ctx;
    // The layer is never in the page: frames copy from it.
    this.#layer = new RegionLayer(document.createElement('canvas'));
    host.append(this.#canvas);
    this.#crossX = crosshairLine('width: 100%; height: 1px; top: 0; left: 0;');
    this.#crossY = crosshairLine('width: 1px; height: 100%; top: 0; left: 0;');
    host.append(this.#crossX, this.#crossY);
    this.#lastSelection = session.selection;
    this.#lastSchema = session.schema;
    this.#index.sync(session.regions);
    this.#unsubscribe = session.subscribe((c) => this.#onChange(c));
    this.#resizeObserver = new ResizeObserver(() => this.#fitHost());
    this.#resizeObserver.observe(host);
    this.#fitHost();
  }

  async loadImage(blob: Blob): Promise<void> {
    try {
      const levels = await decodePyramid(blob, this.#session.imageSize);
      if (this.#destroyed) {
        for (const l of levels) l.bitmap.close();
        return;
      }
      this.#levels = levels;
    } finally {
      // Regions show even when the picture cannot be decoded (its error is shown beside them).
      this.#ready = true;
      this.#invalidate();
    }
  }

  setCrosshair(screen: Point | null): void {
    this.#crosshair = screen;
    this.#placeCrosshair();
  }

  #placeCrosshair(): void {
    const tool = this.#session.toolName;
    const at = tool === 'select' || tool === 'pan' ? null : this.#crosshair;
    this.#crossX.hidden = this.#crossY.hidden = at === null;
    if (!at) return;
    this.#crossX.style.transform = `translateY(${Math.round(at.y)}px)`;
    this.#crossY.style.transform = `translateX(${Math.round(at.x)}px)`;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#frames.stop();
    clearTimeout(this.#settle);
    this.#unsubscribe();
    this.#resizeObserver.disconnect();
    for (const l of this.#levels) l.bitmap.close();
    this.#levels = [];
    this.#canvas.remove();
    this.#crossX.remove();
    this.#crossY.remove();
  }

  #fitHost(): void {
    const width = Math.max(1, this.#host.clientWidth);
    const height = Math.max(1, this.#host.clientHeight);
    this.#dpr = globalThis.devicePixelRatio || 1;
    this.#canvas.width = Math.round(width * this.#dpr);
    this.#canvas.height = Math.round(height * this.#dpr);
    this.#canvas.style.width = `${width}px`;
    this.#canvas.style.height = `${height}px`;
    this.#layer.invalidate();
    this.#session.resize({ width, height });
    this.#invalidate();
  }

  #colorOf = (r: Region) => regionColor(r, this.#session.schema);

  #onChange(c: SessionChange): void {
    const s = this.#session;
    if (c.annotations) this.#syncRegions();
    if (c.selection) {
      // Regions leaving the selection go back into the cached layer; ones entering it stay
      // there underneath (unchanged) until they change, and the overlay draws them on top.
      const left = [...this.#lastSelection]
        .filter((id) => !s.selection.has(id) && !this.#layer.holds(id))
        .map((id) => this.#index.get(id))
        .filter((r): r is Region => r !== undefined);
      this.#lastSelection = s.selection;
      if (left.length > 0) this.#layer.add(left, this.#colorOf);
    }
    if (c.viewport) {
      clearTimeout(this.#settle);
      this.#settle = setTimeout(() => this.#settled(), SETTLE_MS);
    }
    if (c.tool) this.#placeCrosshair();
    if (c.selection || c.hover || c.draft || c.viewport || c.annotations) this.#invalidate();
  }

  #invalidate(): void {
    this.#dirty = true;
    this.#frames.request();
  }

  #syncRegions(): void {
    const s = this.#session;
    if (s.schema !== this.#lastSchema) {
      this.#lastSchema = s.schema;
      this.#layer.invalidate();
    }
    const change = this.#index.sync(s.regions);
    const stale = [...change.changed, ...change.removed].some((r) => this.#layer.holds(r.id));
    if (stale) this.#layer.invalidate();
    else {
      const fresh = [...change.added, ...change.changed].filter((r) => !s.selection.has(r.id));
      this.#layer.add(fresh, this.#colorOf);
    }
  }

  /** The gesture paused: draw the regions sharp for the view it ended at. */
  #settled(): void {
    const raster = this.#layer.raster;
    const v = this.#session.viewport;
    if (
      raster &&
      raster.scale === v.scale &&
      raster.offsetX === v.offsetX &&
      raster.offsetY === v.offsetY
    )
      return;
    this.#layer.invalidate();
    this.#invalidate();
  }

  drawPending(): void {
    this.#frames.drawNow();
  }

  #draw(): void {
    if (!this.#ready || !this.#dirty) return;
    const t0 = performance.now();
    this.#dirty = false;
    const ctx = this.#ctx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = STAGE_COLOR;
    ctx.fillRect(0, 0, this.#canvas.width, this.#canvas.height);
    ctx.setTransform(this.#dpr, 0, 0, this.#dpr, 0, 0);
    this.#drawPicture();
    this.#drawRegions();
    paintOcrLines(this.#ctx, this.#session.annotations.ocr, this.#session.viewport);
    this.#drawOverlay();
    this.onFrame?.(performance.now() - t0);
  }

  #drawPicture(): void {
    const s = this.#session;
    const v = s.viewport;
    const src = sourceRect(s.imageSize, visibleImageRect(v));
    if (!src || this.#levels.length === 0) return;
    const level = pickLevel(this.#levels, v.scale * this.#dpr);
    const k = level.scale;
    const dest = boxToScreen(v, src);
    this.#ctx.imageSmoothingEnabled = true;
    this.#ctx.imageSmoothingQuality = 'low';
    this.#ctx.drawImage(
      level.bitmap,
      src.x * k,
      src.y * k,
      src.w * k,
      src.h * k,
      dest.x,
      dest.y,
      dest.w,
      dest.h,
    );
  }

  #drawRegions(): void {
    const s = this.#session;
    const v = s.viewport;
    const raster = this.#layer.raster;
    if (!raster || !rasterServes(raster, v, s.imageSize))
      this.#layer.rasterise(v, this.#index, s.selection, this.#colorOf, this.#dpr);
    const at = placeRaster(this.#layer.raster!, v);
    this.#ctx.drawImage(this.#layer.canvas, at.x, at.y, at.w, at.h);
  }

  #drawOverlay(): void {
    const s = this.#session;
    const v = s.viewport;
    const ctx = this.#ctx;
    const found = s.hover ? this.#index.get(s.hover) : undefined;
    const hover = found && !s.selection.has(found.id) && !found.hidden ? found : undefined;
    const selected = [...s.selection]
      .map((id) => this.#index.get(id))
      .filter((r): r is Region => r !== undefined && !r.hidden);
    ctx.setLineDash([]);
    if (hover) {
      ctx.beginPath();
      traceRegion(ctx, hover, v);
      ctx.lineWidth = 3;
      ctx.strokeStyle = 'rgba(255,255,255,0.9)';
      ctx.stroke();
      ctx.lineWidth = 1.5;
      ctx.strokeStyle = cssColor(this.#colorOf(hover));
      ctx.stroke();
    }
    if (selected.length > 0) {
      paintRegions(ctx, selected, this.#colorOf, v);
      ctx.setLineDash([]);
      ctx.beginPath();
      for (const r of selected) traceRegion(ctx, r, v);
      ctx.lineWidth = 2;
      ctx.strokeStyle = SELECT_COLOR;
      ctx.stroke();
      for (const r of selected.slice(0, 200))
        paintLabel(ctx, r, this.#colorOf(r), boxToScreen(v, shapeBounds(r.shape)));
      const only = selected.length === 1 && s.selection.size === 1 ? selected[0] : undefined;
      if (only && !only.locked) paintHandles(ctx, only, v);
    }
    const line = s.selectedOcrLine;
    const corners = line && line.state !== 'rejected' ? ocrCorners(line) : null;
    if (corners) paintOcrSelection(ctx, corners, v);
    this.#drawDraft();
  }

  #drawDraft(): void {
    const v = this.#session.viewport;
    const ctx = this.#ctx;
    const draft = this.#session.draft;
    ctx.setLineDash([]);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = SELECT_COLOR;
    if (draft?.kind === 'box' || draft?.kind === 'marquee') {
      const b = boxToScreen(v, draft.box);
      if (draft.kind === 'marquee') {
        ctx.fillStyle = 'rgba(31,111,235,0.08)';
        ctx.fillRect(b.x, b.y, b.w, b.h);
      }
      ctx.strokeRect(b.x, b.y, b.w, b.h);
    } else if (draft?.kind === 'segment') {
      paintSegmentDraft(ctx, draft, v);
    } else if (draft?.kind === 'polygon') {
      const pts = draft.points.map((p) => toScreen(v, p));
      if (draft.cursor) pts.push(toScreen(v, draft.cursor));
      if (pts.length > 0) {
        ctx.beginPath();
        pts.forEach((p, i) => (i === 0 ? ctx.moveTo(p.x, p.y) : ctx.lineTo(p.x, p.y)));
        ctx.stroke();
      }
      draft.points.forEach((p, i) => {
        const q = toScreen(v, p);
        const closing = i === 0 && draft.closing;
        ctx.beginPath();
        ctx.arc(q.x, q.y, closing ? 7 : 3.5, 0, Math.PI * 2);
        ctx.fillStyle = closing ? '#2ea043' : '#ffffff';
        ctx.fill();
        ctx.stroke();
      });
    }
  }
}

function crosshairLine(css: string): HTMLDivElement {
  const line = document.createElement('div');
  line.style.cssText = `position: absolute; pointer-events: none; will-change: transform; background: rgb(255 255 255 / 70%); ${css}`;
  line.hidden = true;
  return line;
}
