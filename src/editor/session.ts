import { minBoxSize } from '../domain';
import type {
  ImageAnnotations,
  LabelClass,
  LabelSchema,
  OcrLine,
  OcrLineId,
  Point,
  Region,
  RegionId,
  RegionShape,
  Size,
} from '../domain';
import type { Command } from './commands';
import {
  acceptAll,
  acceptOcrLine,
  acceptSuggestions,
  addRegions,
  deleteRegions,
  rejectSuggestions,
  removeOcrLine,
  setHidden,
  setLabel,
  setLocked,
  setShapes,
  outlineShapes,
} from './commands';
import { cloneBodies, RegionClipboard, sharedClipboard } from './clipboard';
import { History } from './history';
import { regionAt } from './hit-test';
import type { EditContext } from './records';
import { clampTranslation, regionBody, shapeBounds, translateShape, unionBounds } from './records';
import { actionForKey, editorAction, type EditorActionId } from './actions';
import { labelHotkey } from './key-combo';
import { BoxTool } from './tools/box';
import { PanTool } from './tools/pan';
import { PointTool } from './tools/point';
import { PolygonTool } from './tools/polygon';
import { SegmentTool } from './tools/segment';
import type { SegmentStatus } from './tools/segment';
import { SelectTool } from './tools/select';
import { outlinableBoxes, outlineBoxes, stillBoxes } from './outline-boxes';
import type { Segmenter } from '../segment';
import type {
  Draft,
  Tool,
  ToolContext,
  ToolKey,
  ToolName,
  ToolPath,
  ToolPointer,
} from './tools/tool';
import type { HeldView, Viewport } from './viewport';
import {
  actualSize,
  createViewport,
  fitViewport,
  resizeScreen,
  toImage,
  withHeldView,
  zoomAt,
} from './viewport';

/** What changed in one notification, so views redraw only their part. */
export interface SessionChange {
  annotations: boolean;
  selection: boolean;
  hover: boolean;
  draft: boolean;
  viewport: boolean;
  tool: boolean;
}

/** Things the session cannot do itself: the page around it decides. */
export interface SessionIntents {
  navigate(to: 'next' | 'previous' | 'next-unlabeled' | 'next-review' | 'next-work'): void;
  acceptImage(): void;
  toggleHelp(): void;
}

export interface SessionOptions {
  annotations: ImageAnnotations;
  schema: LabelSchema;
  imageSize: Size;
  author: string;
  screen?: Size;
  clock?: () => number;
  clipboard?: RegionClipboard;
  intents?: Partial<SessionIntents>;
  /** Opens on this zoom and place instead of fitted (the user's "keep zoom" between images). */
  view?: HeldView;
  /** The SAM-class model ready on this image, when one is loaded (setSegmenter later otherwise). */
  segmenter?: Segmenter | null;
}

/** A pointer event in screen (CSS) pixels relative to the canvas. */
export type ScreenPointer = Omit<ToolPointer, 'point'>;

/**
 * One mouse-wheel notch (≈100 px of delta) zooms ×1.22, like other editors; a fast flick or a
 * coalesced burst is capped at two notches so the view never jumps out of sight.
 */
export function wheelZoomFactor(deltaY: number): number {
  return Math.exp(-Math.max(-200, Math.min(200, deltaY)) * 0.002);
}

const NO_CHANGE: SessionChange = {
  annotations: false,
  selection: false,
  hover: false,
  draft: false,
  viewport: false,
  tool: false,
};

/**
 * One image being edited: annotations with undo, selection, hover, the active tool and the
 * viewport. Framework-free; views subscribe and redraw what a change names.
 */
export class EditorSession {
  readonly imageSize: Size;
  readonly author: string;
  #schema: LabelSchema;
  #history: History;
  #selection: ReadonlySet<RegionId> = new Set();
  /** An OCR line selected on the canvas or in the side panel; regions are then unselected. */
  #ocrSelection: OcrLineId | null = null;
  #hover: RegionId | null = null;
  #draft: Draft | null = null;
  #viewport: Viewport;
  /** The view shows the whole image as F would, and has not been moved since. */
  #fitted = true;
  #tools: Record<ToolName, Tool> & { segment: SegmentTool };
  #tool: Tool;
  #segmenter: Segmenter | null;
  /** Box → polygon in progress, and why the last one failed. */
  #outlining = false;
  #outlineError: unknown = null;
  /** Space held or middle button: the pan tool is lent out over the active tool. */
  #panOverride: 'space' | 'button' | null = null;
  #activeClassId: LabelClass['id'] | null;
  #clock: () => number;
  #clipboard: RegionClipboard;
  #intents: Partial<SessionIntents>;
  #listeners = new Set<(change: SessionChange) => void>();
  #pendingChange: SessionChange | null = null;
  #batchDepth = 0;
  #ctx: ToolContext;

  constructor(options: SessionOptions) {
    this.imageSize = options.imageSize;
    this.author = options.author;
    this.#schema = options.schema;
    this.#history = new History(options.annotations);
    const start = createViewport(options.imageSize, options.screen ?? { width: 800, height: 600 });
    this.#viewport = options.view ? withHeldView(start, options.view) : start;
    this.#fitted = !options.view;
    this.#clock = options.clock ?? Date.now;
    this.#clipboard = options.clipboard ?? sharedClipboard;
    this.#intents = options.intents ?? {};
    this.#activeClassId = options.schema.classes[0]?.id ?? null;
    this.#tools = {
      select: new SelectTool(),
      box: new BoxTool(),
      polygon: new PolygonTool(),
      point: new PointTool(),
      segment: new SegmentTool(),
      pan: new PanTool(),
    };
    this.#segmenter = options.segmenter ?? null;
    this.#tool = this.#tools.select;
    this.#ctx = this.#makeToolContext();
  }

  // ── state ──────────────────────────────────────────────────────────────
  get annotations(): ImageAnnotations {
    return this.#history.current;
  }
  get regions(): readonly Region[] {
    return this.#history.current.regions;
  }
  get schema(): LabelSchema {
    return this.#schema;
  }
  get selection(): ReadonlySet<RegionId> {
    return this.#selection;
  }
  get ocrSelection(): OcrLineId | null {
    return this.#ocrSelection;
  }
  get selectedOcrLine(): OcrLine | undefined {
    const id = this.#ocrSelection;
    return id === null ? undefined : this.annotations.ocr.find((l) => l.id === id);
  }
  get hover(): RegionId | null {
    return this.#hover;
  }
  get draft(): Draft | null {
    return this.#draft;
  }
  get viewport(): Viewport {
    return this.#viewport;
  }
  /** The view shows the whole image as F would, and has not been moved since. */
  get fitted(): boolean {
    return this.#fitted;
  }
  get toolName(): ToolName {
    return this.#tool.name;
  }
  /** Named state for tests and the status bar: 'box.creating', 'pan.panning', … */
  get toolPath(): ToolPath {
    return this.#panOverride ? this.#tools.pan.path : this.#tool.path;
  }
  get canUndo(): boolean {
    return this.#history.canUndo;
  }
  get canRedo(): boolean {
    return this.#history.canRedo;
  }
  /** True while a drag is under way: autosave waits for the gesture to end. */
  get inGesture(): boolean {
    return this.#history.inGesture;
  }
  get activeClass(): LabelClass | undefined {
    return this.#schema.classes.find((c) => c.id === this.#activeClassId);
  }
  get segmenter(): Segmenter | null {
    return this.#segmenter;
  }
  /** What the segment tool can do now, for the toolbar. */
  get segmentStatus(): SegmentStatus {
    return this.#tools.segment.status;
  }
  get segmentError(): unknown {
    return this.#tools.segment.error ?? this.#outlineError;
  }
  get segmentTolerance(): number {
    return this.#tools.segment.tolerance;
  }
  get outlining(): boolean {
    return this.#outlining;
  }
  get selectedRegions(): Region[] {
    return this.regions.filter((r) => this.#selection.has(r.id));
  }

  subscribe(listener: (change: SessionChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // ── edits ──────────────────────────────────────────────────────────────
  editContext(): EditContext {
    return { author: this.author, now: this.#clock() };
  }

  apply(command: Command): boolean {
    const next = command.run(this.annotations, this.editContext());
    if (next === this.annotations) return false;
    const stamped = { ...next, updatedAt: this.#clock() };
    this.#history.push(command.name, stamped);
    this.#afterEdit();
    return true;
  }

  undo(): boolean {
    this.#tool.cancel(this.#ctx);
    const done = this.#history.undo();
    if (done) this.#afterEdit();
    return done;
  }

  redo(): boolean {
    const done = this.#history.redo();
    if (done) this.#afterEdit();
    return done;
  }

  /** Esc: drop the gesture in progress, else clear the selection. */
  cancel(): boolean {
    if (this.#panOverride) this.#tools.pan.cancel(this.#ctx);
    if (this.#tool.cancel(this.#ctx)) return true;
    if (this.#history.bail()) {
      this.#afterEdit();
      return true;
    }
    if (this.#selection.size > 0 || this.#ocrSelection !== null) {
      this.select([]);
      return true;
    }
    return false;
  }

  setSchema(schema: LabelSchema): void {
    this.#schema = schema;
    if (!schema.classes.some((c) => c.id === this.#activeClassId))
      this.#activeClassId = schema.classes[0]?.id ?? null;
    this.#emit({ annotations: true });
  }

  /** Selects regions; any selected OCR line is let go. */
  select(ids: Iterable<RegionId>): void {
    const next = new Set(ids);
    if (sameSet(next, this.#selection) && this.#ocrSelection === null) return;
    this.#selection = next;
    this.#ocrSelection = null;
    this.#emit({ selection: true });
  }

  /** Selects one OCR line (null: none); selected regions are let go. */
  selectOcrLine(id: OcrLineId | null): void {
    const known = id !== null && this.annotations.ocr.some((l) => l.id === id);
    const next = known ? id : null;
    if (next === this.#ocrSelection && (next === null || this.#selection.size === 0)) return;
    this.#ocrSelection = next;
    if (next !== null) this.#selection = new Set();
    this.#emit({ selection: true });
  }

  setHover(id: RegionId | null): void {
    if (id === this.#hover) return;
    this.#hover = id;
    this.#emit({ hover: true });
  }

  /**
   * Picks a label: with regions selected it relabels them (one step); either way it becomes the
   * class new regions get.
   */
  chooseClass(labelClass: LabelClass): void {
    this.#activeClassId = labelClass.id;
    const ids = [...this.#selection];
    if (ids.length > 0) this.apply(setLabel(ids, labelClass));
    this.#emit({ tool: true });
  }

  deleteSelection(): void {
    const line = this.#ocrSelection;
    if (line !== null) {
      this.apply(removeOcrLine(line));
      this.selectOcrLine(null);
      return;
    }
    const selected = this.selectedRegions;
    if (selected.length === 0) return;
    // Deleting a suggestion rejects it: it stays stored so quality metrics can count it.
    const suggested = selected.filter((r) => r.state === 'suggested').map((r) => r.id);
    const others = selected.filter((r) => r.state !== 'suggested').map((r) => r.id);
    this.#batch('delete-regions', () => {
      if (suggested.length) this.apply(rejectSuggestions(suggested));
      if (others.length) this.apply(deleteRegions(others));
    });
    this.select([]);
  }

  copy(): void {
    const selected = this.selectedRegions;
    if (selected.length > 0) this.#clipboard.copy(selected, this.annotations.imageId);
  }

  paste(): void {
    const regions = this.#clipboard.paste(
      this.annotations.imageId,
      this.imageSize,
      this.editContext(),
    );
    if (regions.length === 0) return;
    this.apply(addRegions(regions));
    this.select(regions.map((r) => r.id));
  }

  duplicate(): void {
    const selected = this.selectedRegions;
    if (selected.length === 0) return;
    const copies = cloneBodies(selected.map(regionBody), 10, this.imageSize, this.editContext());
    this.apply(addRegions(copies));
    this.select(copies.map((r) => r.id));
  }

  nudge(dx: number, dy: number): void {
    const movable = this.selectedRegions.filter((r) => !r.locked);
    const bounds = unionBounds(movable.map((r) => shapeBounds(r.shape)));
    if (!bounds) return;
    const d = clampTranslation(bounds, dx, dy, this.imageSize);
    const shapes = new Map<RegionId, RegionShape>(
      movable.map((r) => [r.id, translateShape(r.shape, d.x, d.y)]),
    );
    this.apply(setShapes(shapes));
  }

  toggleHidden(): void {
    const selected = this.selectedRegions;
    if (selected.length === 0) return;
    this.apply(
      setHidden(
        selected.map((r) => r.id),
        !selected.every((r) => r.hidden),
      ),
    );
  }

  toggleLocked(): void {
    const selected = this.selectedRegions;
    if (selected.length === 0) return;
    this.apply(
      setLocked(
        selected.map((r) => r.id),
        !selected.every((r) => r.locked),
      ),
    );
  }

  acceptSelected(): void {
    if (this.#ocrSelection !== null) this.apply(acceptOcrLine(this.#ocrSelection));
    else this.apply(acceptSuggestions([...this.#selection]));
  }

  acceptAll(): void {
    this.apply(acceptAll());
  }

  // ── segmenting ─────────────────────────────────────────────────────────
  /** The model became ready on this image (or went away). */
  setSegmenter(segmenter: Segmenter | null): void {
    if (segmenter === this.#segmenter) return;
    this.#segmenter = segmenter;
    if (this.#tool === this.#tools.segment) this.#tools.segment.modelChanged(this.#ctx);
    this.#emit({ tool: true });
  }

  setSegmentTolerance(tolerance: number): void {
    this.#tools.segment.setTolerance(this.#ctx, tolerance);
  }

  /** Whether box → polygon has something to do: a model, and boxes among `regions`. */
  canOutline(regions: readonly Region[]): boolean {
    return this.#segmenter !== null && !this.#outlining && outlinableBoxes(regions).length > 0;
  }

  /**
   * Box → polygon for the given regions' boxes (the selection, or every box of the image): each
   * box becomes the outline of the object in it, keeping its label and attributes; one undo step.
   * Resolves with how many boxes changed.
   */
  async outlineBoxes(regions: readonly Region[]): Promise<number> {
    const model = this.#segmenter;
    const boxes = outlinableBoxes(regions);
    if (!model || this.#outlining || boxes.length === 0) return 0;
    this.#outlining = true;
    this.#outlineError = null;
    this.#emit({ tool: true });
    try {
      const found = await outlineBoxes(boxes, model, this.segmentTolerance);
      const shapes = stillBoxes(found, boxes, this.regions);
      if (shapes.size > 0) this.apply(outlineShapes(shapes));
      return shapes.size;
    } catch (error) {
      this.#outlineError = error;
      return 0;
    } finally {
      this.#outlining = false;
      this.#emit({ tool: true });
    }
  }

  // ── tools and view ─────────────────────────────────────────────────────
  setTool(name: ToolName): void {
    if (name === this.#tool.name) return;
    this.#tool.exit(this.#ctx);
    this.#tool = this.#tools[name];
    this.#tool.enter(this.#ctx);
    this.#emit({ tool: true });
  }

  setViewport(viewport: Viewport): void {
    this.#setView(viewport, false);
  }

  #setView(viewport: Viewport, fitted: boolean): void {
    this.#fitted = fitted;
    if (viewport === this.#viewport) return;
    this.#viewport = viewport;
    this.#emit({ viewport: true });
  }

  /**
   * The canvas got its size. Until the person zooms or pans, the image stays fitted: the first
   * sizes a page reports while its panels lay out are not the final one.
   */
  resize(screen: Size): void {
    const next = resizeScreen(this.#viewport, screen);
    this.#setView(this.#fitted ? fitViewport(next) : next, this.#fitted);
  }

  fit(): void {
    this.#setView(fitViewport(this.#viewport), true);
  }

  actualSize(): void {
    this.setViewport(actualSize(this.#viewport));
  }

  zoomBy(factor: number, anchor?: Point): void {
    const at = anchor ?? {
      x: this.#viewport.screen.width / 2,
      y: this.#viewport.screen.height / 2,
    };
    this.setViewport(zoomAt(this.#viewport, at, factor));
  }

  /** Wheel: with Ctrl (pinch) or a mouse wheel it zooms to the cursor; a trackpad pans. */
  wheel(screen: Point, deltaX: number, deltaY: number, zoom: boolean): void {
    if (zoom) this.zoomBy(wheelZoomFactor(deltaY), screen);
    else
      this.setViewport({
        ...this.#viewport,
        offsetX: this.#viewport.offsetX - deltaX,
        offsetY: this.#viewport.offsetY - deltaY,
      });
  }

  // ── input ──────────────────────────────────────────────────────────────
  #toolEvent(e: ScreenPointer): ToolPointer {
    return { ...e, point: toImage(this.#viewport, e.screen) };
  }

  pointerDown(e: ScreenPointer): void {
    if (e.button === 1 && !this.#panOverride) this.#panOverride = 'button';
    const tool = this.#panOverride ? this.#tools.pan : this.#tool;
    this.#batch('pointer', () => tool.pointerDown(this.#ctx, this.#toolEvent(e)));
    this.#emit({ tool: true });
  }

  pointerMove(e: ScreenPointer): void {
    const te = this.#toolEvent(e);
    const tool = this.#panOverride ? this.#tools.pan : this.#tool;
    this.#batch('pointer', () => {
      tool.pointerMove(this.#ctx, te);
      if (!tool.busy) {
        const hit = regionAt(this.regions, te.point, this.#ctx.tolerance(5));
        this.setHover(hit?.id ?? null);
      }
    });
  }

  pointerUp(e: ScreenPointer): void {
    const tool = this.#panOverride ? this.#tools.pan : this.#tool;
    this.#batch('pointer', () => tool.pointerUp(this.#ctx, this.#toolEvent(e)));
    if (this.#panOverride === 'button') this.#panOverride = null;
    this.#emit({ tool: true });
  }

  /** Space held: pan with the primary button until it is released. */
  setSpacePan(held: boolean): void {
    if (held && !this.#panOverride && !this.#tool.busy) this.#panOverride = 'space';
    else if (!held && this.#panOverride === 'space') {
      this.#tools.pan.pointerUp(this.#ctx, {
        point: { x: 0, y: 0 },
        screen: { x: 0, y: 0 },
        button: 0,
        shift: false,
        alt: false,
        mod: false,
        clicks: 0,
      });
      this.#panOverride = null;
    } else return;
    this.#emit({ tool: true });
  }

  /** Runs the shortcut for a key press; false when the key means nothing here. */
  keyDown(e: ToolKey): boolean {
    if (!this.#panOverride && this.#tool.keyDown(this.#ctx, e)) return true;
    const hotkey = labelHotkey(e);
    if (hotkey) {
      const labelClass = this.#schema.classes.find((c) => c.hotkey === hotkey);
      if (labelClass) this.chooseClass(labelClass);
      return labelClass !== undefined;
    }
    const action = actionForKey(e);
    if (!action) return false;
    // A shortcut of a disabled action is still the editor's key: the browser does nothing with it.
    if (action.enabled(this)) action.perform(this);
    return true;
  }

  /** Runs an action of the registry (src/editor/actions.ts) when it is enabled. */
  run(id: EditorActionId): void {
    const action = editorAction(id);
    if (action.enabled(this)) action.perform(this);
  }

  navigate(to: Parameters<SessionIntents['navigate']>[0]): void {
    this.#intents.navigate?.(to);
  }

  acceptImage(): void {
    this.#intents.acceptImage?.();
  }

  toggleHelp(): void {
    this.#intents.toggleHelp?.();
  }

  // ── internals ──────────────────────────────────────────────────────────
  #afterEdit(): void {
    // Records that vanished (undo of a create) cannot stay selected or hovered.
    const ids = new Set(this.regions.map((r) => r.id));
    const kept = [...this.#selection].filter((id) => ids.has(id));
    if (kept.length !== this.#selection.size) {
      this.#selection = new Set(kept);
      this.#emit({ selection: true });
    }
    if (this.#hover && !ids.has(this.#hover)) this.setHover(null);
    const line = this.selectedOcrLine;
    if (this.#ocrSelection !== null && (!line || line.state === 'rejected')) {
      this.#ocrSelection = null;
      this.#emit({ selection: true });
    }
    this.#emit({ annotations: true });
  }

  /** Several edits as one undo step and one notification. */
  #batch<T>(name: string, fn: () => T): T {
    const openMark = name !== 'pointer' && !this.#history.inGesture;
    if (openMark) this.#history.mark(name);
    this.#batchDepth += 1;
    try {
      return fn();
    } finally {
      this.#batchDepth -= 1;
      if (openMark) this.#history.commit();
      if (this.#batchDepth === 0 && this.#pendingChange) {
        const change = this.#pendingChange;
        this.#pendingChange = null;
        this.#notify(change);
      }
    }
  }

  #emit(part: Partial<SessionChange>): void {
    if (this.#batchDepth > 0) {
      const pending = this.#pendingChange ?? { ...NO_CHANGE };
      for (const k of Object.keys(part) as (keyof SessionChange)[]) pending[k] ||= part[k]!;
      this.#pendingChange = pending;
      return;
    }
    this.#notify({ ...NO_CHANGE, ...part });
  }

  #notify(change: SessionChange): void {
    for (const l of this.#listeners) l(change);
  }

  #makeToolContext(): ToolContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const session = this;
    return {
      get annotations() {
        return session.annotations;
      },
      get imageSize() {
        return session.imageSize;
      },
      get selection() {
        return session.selection;
      },
      get ocrSelection() {
        return session.ocrSelection;
      },
      get viewport() {
        return session.viewport;
      },
      get activeClass() {
        return session.activeClass;
      },
      get minBoxSize() {
        return minBoxSize(session.schema);
      },
      get segmenter() {
        return session.#segmenter;
      },
      tolerance: (px) => px / session.viewport.scale,
      apply: (command) => {
        session.apply(command);
      },
      mark: (name) => session.#history.mark(name),
      commit: () => {
        session.#history.commit();
        session.#emit({ annotations: true });
      },
      bail: () => {
        if (session.#history.bail()) session.#afterEdit();
      },
      select: (ids) => session.select(ids),
      selectOcrLine: (id) => session.selectOcrLine(id),
      setDraft: (draft) => {
        session.#draft = draft;
        session.#emit({ draft: true });
      },
      setViewport: (v) => session.setViewport(v),
    };
  }
}

function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
