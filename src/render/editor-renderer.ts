import type { Renderer, RendererPreference } from 'pixi.js';
import { Application, Container, Graphics, ImageSource, Sprite, Text, Texture } from 'pixi.js';
// The app's CSP forbids eval (script-src 'self'); pixi's eval-free shader and uniform paths instead.
import 'pixi.js/unsafe-eval';
import type { Box, Point, Polygon, Region, RegionId } from '../domain';
import { ocrCorners, polygonBounds, polygonPoints } from '../domain';
import type { EditorSession, SessionChange } from '../editor/session';
import { HANDLES, handlePoint, boxesIntersect } from '../editor/hit-test';
import { shapeBounds, unionBounds } from '../editor/records';
import { boxToScreen, toScreen, visibleImageRect } from '../editor/viewport';
import { decodeTiles } from './image-tiles';
import type { RendererChoice } from './renderer-choice';
import { isSuggestion, regionCaption, regionColor } from './region-style';
import type { SegmentDraft } from './shape-paint';
import { OCR_COLOR, SEGMENT_NEGATIVE, SEGMENT_POSITIVE, shownOcrLines } from './shape-paint';
import { FrameRequest } from './frame-request';

/** Labels are drawn only when few regions are on screen, so a dense overview stays fast. */
const MAX_LABELS = 200;
const MIN_LABEL_WIDTH_PX = 24;
const SELECT_COLOR = 0x1f6feb;
const HANDLE_SIZE = 8;
const DASH = 6;

interface Chunk {
  graphic: Graphics;
  members: Set<RegionId>;
  /** Union of what the chunk draws, for culling; null when it draws nothing. */
  bounds: Box | null;
  dirty: boolean;
}

interface RegionView {
  record: Region;
  color: number;
  bounds: Box;
  chunk: Chunk;
}

/** Grid cell of a chunk, in image pixels. */
const CHUNK_CELL = 512;

export class RendererUnavailableError extends Error {
  override name = 'RendererUnavailableError';
}

/**
 * Draws an EditorSession with pixi.js. It owns no truth: it mirrors the session's records
 * (redrawing only records whose object changed), culls what is off screen, and keeps handles,
 * hover, drafts and the crosshair on a screen-space overlay.
 */
export class EditorRenderer {
  readonly app: Application;
  readonly rendererType: string;
  readonly choice: RendererChoice;
  #session: EditorSession;
  /** A render group: pan and zoom change one GPU transform instead of re-batching every vertex. */
  #world = new Container({ isRenderGroup: true });
  #imageLayer = new Container();
  #content = new Container();
  /** Screen space: suggestions, points, labels — redrawn when the view moves. */
  #dynamic = new Graphics();
  #labels = new Container();
  #overlay = new Graphics();
  #views = new Map<RegionId, RegionView>();
  #chunks: Chunk[] = [];
  #cells = new Map<string, Chunk>();
  #labelPool: Text[] = [];
  #crosshair: Point | null = null;
  #dirty = { content: true, view: true, overlay: true };
  #frames = new FrameRequest(() => this.#draw());
  #unsubscribe: () => void;
  #resizeObserver: ResizeObserver;
  #host: HTMLElement;
  #destroyed = false;
  /** Called after each drawn frame with its CPU time (ms): the benchmark listens. */
  onFrame: ((ms: number) => void) | null = null;

  private constructor(
    app: Application,
    host: HTMLElement,
    session: EditorSession,
    choice: RendererChoice,
  ) {
    this.app = app;
    this.choice = choice;
    this.rendererType = rendererName(app.renderer);
    this.#session = session;
    this.#host = host;
    this.#world.addChild(this.#imageLayer, this.#content);
    // Input goes through the session, not pixi's hit testing (which would walk every region).
    app.stage.eventMode = 'none';
    app.stage.interactiveChildren = false;
    app.stage.addChild(this.#world, this.#dynamic, this.#labels, this.#overlay);
    // The picture and its regions appear together, once the picture is decoded.
    app.stage.visible = false;
    this.#unsubscribe = session.subscribe((c) => this.#onChange(c));
    this.#resizeObserver = new ResizeObserver(() => this.#fitHost());
    this.#resizeObserver.observe(host);
    this.#fitHost();
    this.#frames.request();
  }

  /**
   * Starts pixi on `host`, trying WebGL, then WebGPU, then the 2D canvas (headless browsers
   * often only have one of them). Throws RendererUnavailableError when none works.
   */
  static async create(
    host: HTMLElement,
    session: EditorSession,
    choice: RendererChoice,
  ): Promise<EditorRenderer> {
    const preferences: RendererPreference[] = ['webgl', 'webgpu', 'canvas'];
    const failures: string[] = [];
    for (const preference of preferences) {
      const app = new Application();
      try {
        await app.init({
          preference: [preference],
          autoStart: false,
          antialias: false,
          backgroundAlpha: 0,
          resolution: globalThis.devicePixelRatio || 1,
          autoDensity: true,
          width: Math.max(1, host.clientWidth),
          height: Math.max(1, host.clientHeight),
        });
        app.ticker?.stop();
        app.canvas.style.display = 'block';
        host.appendChild(app.canvas);
        return new EditorRenderer(app, host, session, choice);
      } catch (error) {
        failures.push(`${preference}: ${error instanceof Error ? error.message : String(error)}`);
        try {
          app.destroy();
        } catch {
          // A half-initialised app may not tear down cleanly; nothing is left to free.
        }
      }
    }
    throw new RendererUnavailableError(failures.join('; '));
  }

  /** Decodes and shows the image; large images are tiled or downscaled to fit the GPU. */
  async loadImage(blob: Blob): Promise<void> {
    try {
      const tiles = await decodeTiles(
        blob,
        this.#session.imageSize,
        maxTextureSize(this.app.renderer),
      );
      if (this.#destroyed) {
        for (const t of tiles) t.bitmap.close();
        return;
      }
      for (const t of tiles) {
        // A mip chain, so a zoomed-out view samples a level near the screen's resolution instead
        // of the whole full-resolution tile for every pixel.
        const source = new ImageSource({
          resource: t.bitmap,
          autoGenerateMipmaps: true,
          scaleMode: 'linear',
        });
        const sprite = new Sprite(new Texture({ source }));
        sprite.position.set(t.x, t.y);
        sprite.width = t.w;
        sprite.height = t.h;
        this.#imageLayer.addChild(sprite);
      }
    } finally {
      if (!this.#destroyed) {
        this.app.stage.visible = true;
        this.#frames.request();
      }
    }
  }

  setCrosshair(screen: Point | null): void {
    this.#crosshair = screen;
    this.#dirty.overlay = true;
    this.#frames.request();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.#frames.stop();
    this.#unsubscribe();
    this.#resizeObserver.disconnect();
    for (const sprite of this.#imageLayer.children) {
      const source = (sprite as Sprite).texture.source.resource;
      if (source instanceof ImageBitmap) source.close();
    }
    this.app.destroy({ removeView: true }, { children: true, texture: true, textureSource: true });
  }

  #fitHost(): void {
    const width = Math.max(1, this.#host.clientWidth);
    const height = Math.max(1, this.#host.clientHeight);
    this.app.renderer.resize(width, height);
    this.#session.resize({ width, height });
    this.#dirty.view = true;
    this.#frames.request();
  }

  #onChange(c: SessionChange): void {
    if (c.annotations) this.#dirty.content = true;
    if (c.viewport || c.annotations) this.#dirty.view = true;
    if (c.selection || c.hover || c.draft || c.viewport || c.annotations || c.tool)
      this.#dirty.overlay = true;
    this.#frames.request();
  }

  drawPending(): void {
    this.#frames.drawNow();
  }

  #draw(): void {
    const t0 = performance.now();
    const v = this.#session.viewport;
    this.#world.position.set(v.offsetX, v.offsetY);
    this.#world.scale.set(v.scale);
    if (this.#dirty.content) this.#syncContent();
    if (this.#dirty.view) this.#drawDynamic();
    if (this.#dirty.overlay) this.#drawOverlay();
    this.#dirty = { content: false, view: false, overlay: false };
    this.app.render();
    this.onFrame?.(performance.now() - t0);
  }

  /**
   * Diff by object identity: records are immutable, so a changed record is a new object. Solid
   * regions are drawn in chunks per grid cell: thousands of regions stay a few dozen draw
   * objects, an edit redraws one chunk, and an off-screen cell is skipped.
   */
  #syncContent(): void {
    const schema = this.#session.schema;
    const seen = new Set<RegionId>();
    for (const r of this.#session.regions) {
      seen.add(r.id);
      const color = regionColor(r, schema);
      const old = this.#views.get(r.id);
      if (old && old.record === r && old.color === color) continue;
      const bounds = shapeBounds(r.shape);
      const view: RegionView = old ?? { record: r, color, bounds, chunk: this.#chunkAt(bounds) };
      view.record = r;
      view.color = color;
      view.bounds = bounds;
      if (!old) view.chunk.members.add(r.id);
      view.chunk.dirty = true;
      this.#views.set(r.id, view);
    }
    for (const [id, view] of this.#views) {
      if (seen.has(id)) continue;
      view.chunk.members.delete(id);
      view.chunk.dirty = true;
      this.#views.delete(id);
    }
    for (const chunk of this.#chunks) if (chunk.dirty) this.#drawChunk(chunk);
    this.#dirty.view = true;
  }

  /**
   * Chunks are cells of a grid over the image (by where a region starts), so culling skips whole
   * off-screen cells. A region that moves keeps its cell; the cell's bounds grow to cover it.
   */
  #chunkAt(bounds: Box): Chunk {
    const key = `${Math.floor(bounds.x / CHUNK_CELL)},${Math.floor(bounds.y / CHUNK_CELL)}`;
    let chunk = this.#cells.get(key);
    if (!chunk) {
      chunk = { graphic: new Graphics(), members: new Set(), bounds: null, dirty: true };
      this.#content.addChild(chunk.graphic);
      this.#chunks.push(chunk);
      this.#cells.set(key, chunk);
    }
    return chunk;
  }

  /** Accepted boxes and polygons live in image space: 1-px lines need no redraw on zoom. */
  #drawChunk(chunk: Chunk): void {
    const g = chunk.graphic;
    g.clear();
    chunk.dirty = false;
    const drawn: Box[] = [];
    for (const id of chunk.members) {
      const view = this.#views.get(id)!;
      const r = view.record;
      if (r.state !== 'accepted' || r.hidden || r.shape.kind === 'point') continue;
      if (r.shape.kind === 'box') {
        const b = r.shape.box;
        g.rect(b.x, b.y, b.w, b.h);
      } else for (const ring of [r.shape.points, ...(r.shape.holes ?? [])]) g.poly(ring, true);
      g.stroke({ color: view.color, width: 1, pixelLine: true });
      drawn.push(view.bounds);
    }
    chunk.bounds = unionBounds(drawn);
  }

  /** Culling, plus what must stay a constant size on screen: suggestions, points and labels. */
  #drawDynamic(): void {
    const v = this.#session.viewport;
    const visible = visibleImageRect(v);
    const g = this.#dynamic;
    g.clear();
    for (const chunk of this.#chunks)
      chunk.graphic.visible = chunk.bounds !== null && boxesIntersect(chunk.bounds, visible);
    const onScreen: RegionView[] = [];
    for (const view of this.#views.values()) {
      const r = view.record;
      const show = !r.hidden && r.state !== 'rejected' && boxesIntersect(view.bounds, visible);
      if (!show) continue;
      onScreen.push(view);
      if (isSuggestion(r)) drawDashedShape(g, r, view.color, v);
      else if (r.shape.kind === 'point') {
        const p = toScreen(v, r.shape.point);
        g.circle(p.x, p.y, 4).fill({ color: view.color }).stroke({ color: 0xffffff, width: 1.5 });
      }
    }
    this.#drawOcrLines(visible);
    this.#drawLabels(onScreen);
  }

  /** OCR lines (issue 15 item 9): dashed while suggested, thin once a person kept them. */
  #drawOcrLines(visible: Box): void {
    const v = this.#session.viewport;
    const g = this.#dynamic;
    for (const { line, outline } of shownOcrLines(this.#session.annotations.ocr)) {
      if (!boxesIntersect(polygonBounds(outline.flatMap((p) => [p.x, p.y])), visible)) continue;
      if (line.state === 'suggested') dashedOutline(g, outline, OCR_COLOR, v);
      else {
        g.poly(outline.map((p) => toScreen(v, p))).stroke({ color: OCR_COLOR, width: 1 });
      }
    }
  }

  #drawLabels(onScreen: RegionView[]): void {
    const v = this.#session.viewport;
    const shown = onScreen.length <= MAX_LABELS ? onScreen : [];
    let used = 0;
    for (const view of shown) {
      const b = boxToScreen(v, view.bounds);
      if (view.record.shape.kind !== 'point' && b.w < MIN_LABEL_WIDTH_PX) continue;
      const text = this.#labelPool[used] ?? this.#newLabel();
      used += 1;
      const caption = regionCaption(view.record);
      if (text.text !== caption) text.text = caption;
      text.style.fill = view.color;
      text.position.set(b.x + 2, Math.max(0, b.y - 16));
      text.visible = true;
    }
    for (let i = used; i < this.#labelPool.length; i++) this.#labelPool[i]!.visible = false;
  }

  #newLabel(): Text {
    const text = new Text({
      text: '',
      style: {
        fontFamily: 'system-ui, sans-serif',
        fontSize: 12,
        fontWeight: '600',
        fill: 0xffffff,
        stroke: { color: 0x000000, width: 3, join: 'round' },
      },
      resolution: Math.max(2, globalThis.devicePixelRatio || 1),
    });
    this.#labelPool.push(text);
    this.#labels.addChild(text);
    return text;
  }

  #drawOverlay(): void {
    const s = this.#session;
    const v = s.viewport;
    const g = this.#overlay;
    g.clear();
    const byId = (id: RegionId | null) => (id ? this.#views.get(id)?.record : undefined);
    const hover = byId(s.hover);
    if (hover && !s.selection.has(hover.id)) {
      traceShape(g, hover, v);
      g.stroke({ color: 0xffffff, width: 3, alpha: 0.9 });
      traceShape(g, hover, v);
      g.stroke({ color: regionColor(hover, s.schema), width: 1.5 });
    }
    for (const id of s.selection) {
      const r = byId(id);
      if (!r || r.hidden) continue;
      // Black and white around the class colour: no class colour can look like a selection.
      traceShape(g, r, v);
      g.stroke({ color: 0x000000, width: 7, alpha: 0.55 });
      traceShape(g, r, v);
      g.stroke({ color: 0xffffff, width: 4 });
      traceShape(g, r, v);
      g.stroke({ color: regionColor(r, s.schema), width: 2 });
    }
    if (s.selection.size === 1) {
      const [id] = s.selection;
      const r = byId(id!);
      if (r && !r.hidden && !r.locked) drawHandles(g, r, v);
    }
    const line = s.selectedOcrLine;
    const corners = line && line.state !== 'rejected' ? ocrCorners(line) : null;
    if (corners) {
      g.poly(
        corners.map((p) => toScreen(v, p)),
        true,
      ).stroke({ color: SELECT_COLOR, width: 2 });
      drawHandlePoints(g, corners, v);
    }
    const draft = s.draft;
    if (draft?.kind === 'box' || draft?.kind === 'marquee') {
      const b = boxToScreen(v, draft.box);
      g.rect(b.x, b.y, b.w, b.h);
      if (draft.kind === 'marquee') g.fill({ color: SELECT_COLOR, alpha: 0.08 });
      g.stroke({ color: SELECT_COLOR, width: 1.5 });
    } else if (draft?.kind === 'segment') {
      drawSegmentDraft(g, draft, v);
    } else if (draft?.kind === 'polygon') {
      const pts = draft.points.map((p) => toScreen(v, p));
      if (draft.cursor) pts.push(toScreen(v, draft.cursor));
      if (pts.length > 0) {
        g.moveTo(pts[0]!.x, pts[0]!.y);
        for (const p of pts.slice(1)) g.lineTo(p.x, p.y);
        g.stroke({ color: SELECT_COLOR, width: 1.5 });
      }
      draft.points.forEach((p, i) => {
        const q = toScreen(v, p);
        g.circle(q.x, q.y, i === 0 && draft.closing ? 7 : 3.5);
        g.fill({ color: i === 0 && draft.closing ? 0x2ea043 : 0xffffff }).stroke({
          color: SELECT_COLOR,
          width: 1.5,
        });
      });
    }
    if (this.#crosshair && s.toolName !== 'select' && s.toolName !== 'pan') {
      const { x, y } = this.#crosshair;
      g.moveTo(0, y).lineTo(v.screen.width, y).moveTo(x, 0).lineTo(x, v.screen.height);
      g.stroke({ color: 0xffffff, width: 1, alpha: 0.7, pixelLine: true });
    }
  }
}

function traceShape(g: Graphics, r: Region, v: EditorSession['viewport']): void {
  switch (r.shape.kind) {
    case 'box': {
      const b = boxToScreen(v, r.shape.box);
      g.rect(b.x, b.y, b.w, b.h);
      return;
    }
    case 'polygon':
      for (const ring of [r.shape.points, ...(r.shape.holes ?? [])])
        g.poly(ringToScreen(ring, v), true);
      return;
    case 'point': {
      const p = toScreen(v, r.shape.point);
      g.circle(p.x, p.y, 7);
      return;
    }
  }
}

/** The segment tool's preview: each part filled with its holes cut out, as even-odd would. */
function drawSegmentDraft(g: Graphics, draft: SegmentDraft, v: EditorSession['viewport']): void {
  for (const part of draft.parts) {
    g.poly(ringToScreen(part.outer, v), true).fill({ color: SELECT_COLOR, alpha: 0.25 });
    for (const hole of part.holes) g.poly(ringToScreen(hole, v), true).cut();
  }
  for (const part of draft.parts)
    for (const ring of [part.outer, ...part.holes]) g.poly(ringToScreen(ring, v), true);
  if (draft.parts.length > 0) g.stroke({ color: SELECT_COLOR, width: 1.5 });
  if (draft.box) {
    const b = draft.box;
    dashedOutline(
      g,
      [
        { x: b.x, y: b.y },
        { x: b.x + b.w, y: b.y },
        { x: b.x + b.w, y: b.y + b.h },
        { x: b.x, y: b.y + b.h },
      ],
      SELECT_COLOR,
      v,
    );
  }
  for (const p of draft.points) {
    const q = toScreen(v, p);
    g.circle(q.x, q.y, 5)
      .fill({ color: p.positive ? SEGMENT_POSITIVE : SEGMENT_NEGATIVE })
      .stroke({ color: 0xffffff, width: 1.5 });
  }
}

/** A ring in image pixels as flat screen coordinates, as Graphics.poly takes them. */
function ringToScreen(ring: Polygon, v: EditorSession['viewport']): number[] {
  return polygonPoints(ring).flatMap((p) => {
    const q = toScreen(v, p);
    return [q.x, q.y];
  });
}

function drawHandles(g: Graphics, r: Region, v: EditorSession['viewport']): void {
  const points =
    r.shape.kind === 'box'
      ? HANDLES.map((h) => handlePoint((r.shape as { box: Box }).box, h))
      : r.shape.kind === 'polygon'
        ? polygonPoints(r.shape.points)
        : [];
  drawHandlePoints(g, points, v);
}

function drawHandlePoints(
  g: Graphics,
  points: readonly Point[],
  v: EditorSession['viewport'],
): void {
  const half = HANDLE_SIZE / 2;
  for (const p of points) {
    const q = toScreen(v, p);
    g.rect(q.x - half, q.y - half, HANDLE_SIZE, HANDLE_SIZE);
  }
  if (points.length) g.fill({ color: 0xffffff }).stroke({ color: SELECT_COLOR, width: 1.5 });
}

/** Dashes are laid out in screen pixels so they look the same at every zoom. */
function drawDashedShape(
  g: Graphics,
  r: Region,
  color: number,
  v: EditorSession['viewport'],
): void {
  if (r.shape.kind === 'point') {
    const p = toScreen(v, r.shape.point);
    g.circle(p.x, p.y, 5).stroke({ color, width: 2 });
    return;
  }
  if (r.shape.kind === 'box') dashedOutline(g, boxCorners(r.shape.box), color, v);
  else
    for (const ring of [r.shape.points, ...(r.shape.holes ?? [])])
      dashedOutline(g, polygonPoints(ring), color, v);
}

function boxCorners(b: Box): Point[] {
  return [
    { x: b.x, y: b.y },
    { x: b.x + b.w, y: b.y },
    { x: b.x + b.w, y: b.y + b.h },
    { x: b.x, y: b.y + b.h },
  ];
}

function dashedOutline(
  g: Graphics,
  pts: readonly Point[],
  color: number,
  v: EditorSession['viewport'],
): void {
  const screen = pts.map((p) => toScreen(v, p));
  for (let i = 0; i < screen.length; i++) {
    const a = screen[i]!;
    const b = screen[(i + 1) % screen.length]!;
    const len = Math.hypot(b.x - a.x, b.y - a.y);
    for (let d = 0; d < len; d += DASH * 2) {
      const e = Math.min(len, d + DASH);
      g.moveTo(a.x + ((b.x - a.x) * d) / len, a.y + ((b.y - a.y) * d) / len);
      g.lineTo(a.x + ((b.x - a.x) * e) / len, a.y + ((b.y - a.y) * e) / len);
    }
  }
  g.stroke({ color, width: 2 });
}

function rendererName(renderer: Renderer): string {
  return renderer.name ?? 'unknown';
}

function maxTextureSize(renderer: Renderer): number {
  const gl = (renderer as { gl?: WebGLRenderingContext }).gl;
  if (gl) return gl.getParameter(gl.MAX_TEXTURE_SIZE) as number;
  const gpu = (renderer as { gpu?: { device?: GPUDevice } }).gpu;
  return gpu?.device?.limits.maxTextureDimension2D ?? 4096;
}
