import type { Snippet } from 'svelte';
import { isTyping } from '../common/typing';
import type {
  ImageAnnotations,
  LabelSchema,
  OcrLineId,
  Point,
  Region,
  RegionId,
  Size,
} from '../../domain';
import type { SaveState } from '../../editor/autosave';
import { Autosave } from '../../editor/autosave';
import type { Command } from '../../editor/commands';
import type { ScreenPointer, SessionIntents } from '../../editor/session';
import { EditorSession, wheelZoomFactor } from '../../editor/session';
import type { ToolName, ToolPath } from '../../editor/tools/tool';
import type { SegmentStatus } from '../../editor/tools/segment';
import { DEFAULT_SEGMENT_TOLERANCE } from '../../editor/tools/segment';
import { editorAction, type EditorActionId } from '../../editor/actions';
import { heldView, toImage } from '../../editor/viewport';
import { carryView, keepsZoom, rememberKeepsZoom, takeCarriedView } from './kept-zoom';
import type { EditorCanvas } from '../../render/create-renderer';
import { createEditorCanvas } from '../../render/create-renderer';
import type { RendererChoice } from '../../render/renderer-choice';

export type NavigateTarget =
  | 'next'
  | 'previous'
  | 'next-unlabeled'
  | 'next-review'
  /** The next image not yet done: where "Done & next" goes. */
  | 'next-work';

export interface EditorControllerOptions {
  image: Blob;
  imageSize: Size;
  annotations: ImageAnnotations;
  schema: LabelSchema;
  author: string;
  save: (next: ImageAnnotations) => Promise<void>;
  onNavigate: (to: NavigateTarget) => void;
  onAcceptImage: () => void;
}

/** What the page gives the editor component: the controller's options plus hooks into it. */
export interface AnnotationEditorProps extends EditorControllerOptions {
  /** Lets the page act on the same session (e.g. the AI panel's suggestions as undoable edits). */
  onReady?: (editor: EditorController) => void;
  /** Shown but not editable (the image is open for editing in another tab). */
  readOnly?: boolean;
  /** Extra panel at the top of the side column, given the live editor. */
  panel?: Snippet<[EditorController]>;
}

/** Wheel input summed until the next animation frame. */
interface PendingWheel {
  anchor: Point;
  factor: number;
  dx: number;
  dy: number;
}

/** Two presses this close in time and space are a double click. */
const DOUBLE_CLICK_MS = 400;
const DOUBLE_CLICK_PX = 6;

/**
 * Glue between the framework-free session, the pixi renderer and Svelte: it mirrors the session
 * into runes state for the panels and turns DOM events into session calls.
 */
export class EditorController {
  readonly session: EditorSession;
  readonly autosave: Autosave;
  annotations = $state.raw<ImageAnnotations>(null!);
  selection = $state.raw<ReadonlySet<RegionId>>(null!);
  /** The OCR line selected on the canvas or in the side panel. */
  ocrSelection = $state<OcrLineId | null>(null);
  hover = $state<RegionId | null>(null);
  tool = $state<ToolName>('select');
  toolPath = $state<ToolPath>('select.idle');
  zoom = $state(1);
  canUndo = $state(false);
  canRedo = $state(false);
  saveState = $state<SaveState>('saved');
  saveError = $state<string | null>(null);
  cursor = $state<Point | null>(null);
  helpOpen = $state(false);
  renderError = $state<string | null>(null);
  imageError = $state<string | null>(null);
  loading = $state(true);
  /** Which renderer draws and why, for the image panel's details. */
  rendererChoice = $state<(Omit<RendererChoice, 'kind'> & { kind: string }) | null>(null);
  activeClassId = $state<string | null>(null);
  /** The segment tool and box → polygon, mirrored for the segment bar. */
  segmentStatus = $state<SegmentStatus>('no-model');
  segmentTolerance = $state(DEFAULT_SEGMENT_TOLERANCE);
  segmentError = $state<unknown>(null);
  outlining = $state(false);
  /** A SAM-class model is ready on this image. */
  segmentReady = $state(false);
  /** Moving to another image keeps this zoom and place instead of fitting (a remembered option). */
  keepZoom = $state(keepsZoom());

  #options: EditorControllerOptions;
  #renderer: EditorCanvas | null = null;
  #lastDown = { time: 0, x: 0, y: 0 };
  #pending: { move: ScreenPointer | null; wheel: PendingWheel | null } = {
    move: null,
    wheel: null,
  };
  #inputFrame = 0;
  #disposed = false;
  // Not reactive on purpose: drafts are flushed, never rendered.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #drafts = new Set<() => void>();
  // Not reactive either: `typing` below is the one value the header reads.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #typing = new Set<() => void>();
  typing = $state(false);
  /** Bumped on every session change, so what reads the session through it stays current. */
  #changes = $state(0);

  constructor(options: EditorControllerOptions) {
    this.#options = options;
    const intents: SessionIntents = {
      navigate: (to) => void this.navigate(to),
      acceptImage: () => void this.acceptImage(),
      toggleHelp: () => (this.helpOpen = !this.helpOpen),
    };
    this.session = new EditorSession({
      annotations: options.annotations,
      schema: options.schema,
      imageSize: options.imageSize,
      author: options.author,
      intents,
      // Always taken, so a view carried by a move is never applied to an image opened later.
      view: takeCarriedView(),
    });
    this.autosave = new Autosave(options.save);
    this.autosave.subscribe((state) => {
      this.saveState = state;
      const e = this.autosave.error;
      this.saveError = state === 'error' ? (e instanceof Error ? e.message : String(e)) : null;
    });
    this.session.subscribe((c) => {
      const s = this.session;
      this.#changes += 1;
      if (c.annotations) {
        this.annotations = s.annotations;
        this.canUndo = s.canUndo;
        this.canRedo = s.canRedo;
        // A drag saves once, when it ends; the gesture's commit notifies again.
        if (!s.inGesture) this.autosave.schedule(s.annotations);
      }
      if (c.selection) {
        this.selection = s.selection;
        this.ocrSelection = s.ocrSelection;
      }
      if (c.hover) this.hover = s.hover;
      if (c.viewport) this.zoom = s.viewport.scale;
      if (c.tool || c.annotations) {
        this.tool = s.toolName;
        this.toolPath = s.toolPath;
        this.activeClassId = s.activeClass?.id ?? null;
      }
      if (c.tool || c.draft) {
        this.segmentStatus = s.segmentStatus;
        this.segmentTolerance = s.segmentTolerance;
        this.segmentError = s.segmentError;
        this.outlining = s.outlining;
        this.segmentReady = s.segmenter !== null;
        // The tool's state changes when a decode answers, not only on input.
        this.toolPath = s.toolPath;
      }
    });
    this.annotations = this.session.annotations;
    this.selection = this.session.selection;
    this.activeClassId = this.session.activeClass?.id ?? null;
  }

  /** Whether an action of the registry can run now; the toolbar greys it out when not. */
  actionEnabled(id: EditorActionId): boolean {
    void this.#changes;
    return editorAction(id).enabled(this.session);
  }

  get renderer(): EditorCanvas | null {
    return this.#renderer;
  }

  async mount(host: HTMLElement): Promise<void> {
    try {
      const renderer = await createEditorCanvas(host, this.session);
      if (this.#disposed) {
        renderer.destroy();
        return;
      }
      this.#renderer = renderer;
      host.dataset.renderer = renderer.rendererType;
      this.rendererChoice = { ...renderer.choice, kind: renderer.rendererType };
      this.zoom = this.session.viewport.scale;
    } catch (error) {
      this.loading = false;
      this.renderError = error instanceof Error ? error.message : String(error);
      return;
    }
    try {
      await this.#renderer.loadImage(this.#options.image);
    } catch (error) {
      this.imageError = error instanceof Error ? error.message : String(error);
    } finally {
      this.loading = false;
    }
  }

  async dispose(): Promise<void> {
    this.#disposed = true;
    cancelAnimationFrame(this.#inputFrame);
    this.#renderer?.destroy();
    this.#renderer = null;
    await this.flush();
  }

  /** A text field's unsaved draft, written out by flush() (see saves-while-typing.ts). */
  holdDraft(flush: () => void): () => void {
    this.#drafts.add(flush);
    return () => this.#drafts.delete(flush);
  }

  /** Turns open text drafts into edits and writes everything pending; before leaving the image. */
  async flush(): Promise<void> {
    for (const draft of this.#drafts) draft();
    await this.autosave.flush();
  }

  /** A text field holds typed text not yet turned into an edit (see saves-while-typing.ts). */
  draftDirty(flush: () => void, dirty: boolean): void {
    if (dirty) this.#typing.add(flush);
    else this.#typing.delete(flush);
    this.typing = this.#typing.size > 0;
  }

  /** What the header says: text still being typed is not saved yet, whatever the last save did. */
  get shownSaveState(): SaveState {
    return this.typing && this.saveState === 'saved' ? 'pending' : this.saveState;
  }

  /** Something typed or edited is not stored yet (pending, saving, or the last save failed). */
  get unsaved(): boolean {
    return this.shownSaveState !== 'saved';
  }

  apply(command: Command): void {
    this.session.apply(command);
  }

  selectRegion(id: RegionId, toggle: boolean): void {
    const current = [...this.session.selection];
    if (!toggle) this.session.select([id]);
    else if (current.includes(id)) this.session.select(current.filter((x) => x !== id));
    else this.session.select([...current, id]);
  }

  selectOcrLine(id: OcrLineId): void {
    this.session.selectOcrLine(id);
  }

  regionById(id: RegionId): Region | undefined {
    return this.annotations.regions.find((r) => r.id === id);
  }

  async navigate(to: NavigateTarget): Promise<void> {
    await this.flush();
    this.#carryView();
    this.#options.onNavigate(to);
  }

  async acceptImage(): Promise<void> {
    await this.flush();
    this.#carryView();
    this.#options.onAcceptImage();
  }

  setKeepZoom(on: boolean): void {
    this.keepZoom = on;
    rememberKeepsZoom(on);
  }

  /** A fitted view is not carried: the next image is fitted to its own size. */
  #carryView(): void {
    const s = this.session;
    carryView(this.keepZoom && !s.fitted ? heldView(s.viewport) : null);
  }

  // ── DOM input ──────────────────────────────────────────────────────────
  #screenPoint(host: HTMLElement, e: MouseEvent): Point {
    const rect = host.getBoundingClientRect();
    return { x: e.clientX - rect.left, y: e.clientY - rect.top };
  }

  #pointer(host: HTMLElement, e: PointerEvent, clicks = 1) {
    return {
      screen: this.#screenPoint(host, e),
      button: e.button < 0 ? 0 : e.button,
      shift: e.shiftKey,
      alt: e.altKey,
      mod: e.ctrlKey || e.metaKey,
      clicks,
    };
  }

  pointerDown(host: HTMLElement, e: PointerEvent): void {
    if (e.button === 2) return;
    this.#flushInput();
    host.setPointerCapture(e.pointerId);
    const p = this.#screenPoint(host, e);
    const last = this.#lastDown;
    const double =
      e.timeStamp - last.time < DOUBLE_CLICK_MS &&
      Math.hypot(p.x - last.x, p.y - last.y) < DOUBLE_CLICK_PX;
    this.#lastDown = double ? { time: 0, x: 0, y: 0 } : { time: e.timeStamp, x: p.x, y: p.y };
    if (e.button === 1) e.preventDefault();
    this.session.pointerDown(this.#pointer(host, e, double ? 2 : 1));
  }

  /**
   * The cursor read-out follows every event; the session (hover, drags) sees at most one move
   * per animation frame — the latest — so a burst of events costs one update.
   */
  pointerMove(host: HTMLElement, e: PointerEvent): void {
    this.#flushWheel();
    const screen = this.#screenPoint(host, e);
    this.cursor = toImage(this.session.viewport, screen);
    this.#pending.move = this.#pointer(host, e);
    this.#scheduleInput();
  }

  pointerUp(host: HTMLElement, e: PointerEvent): void {
    this.#flushInput();
    if (host.hasPointerCapture(e.pointerId)) host.releasePointerCapture(e.pointerId);
    this.session.pointerUp(this.#pointer(host, e));
  }

  pointerLeave(): void {
    this.#flushInput();
    this.cursor = null;
    this.#renderer?.setCrosshair(null);
    this.session.setHover(null);
  }

  /**
   * A mouse wheel (whole line steps) or a pinch (ctrlKey) zooms to the cursor; two-finger
   * trackpad scrolling pans. Events are summed and applied once per animation frame.
   */
  wheel(host: HTMLElement, e: WheelEvent): void {
    e.preventDefault();
    const screen = this.#screenPoint(host, e);
    const lineMode = e.deltaMode !== 0;
    const mouseWheel =
      lineMode || (e.deltaX === 0 && Number.isInteger(e.deltaY) && Math.abs(e.deltaY) >= 50);
    const scale = lineMode ? 40 : 1;
    const w = this.#pending.wheel ?? { anchor: screen, factor: 1, dx: 0, dy: 0 };
    w.anchor = screen;
    // A pinch reports small deltas: amplify those, but a Ctrl+wheel notch zooms like a plain notch.
    if (e.ctrlKey || mouseWheel)
      w.factor *= wheelZoomFactor(e.deltaY * scale * (e.ctrlKey && !mouseWheel ? 5 : 1));
    else {
      w.dx += e.deltaX;
      w.dy += e.deltaY;
    }
    this.#pending.wheel = w;
    this.#scheduleInput();
  }

  #scheduleInput(): void {
    if (this.#inputFrame) return;
    this.#inputFrame = requestAnimationFrame(() => {
      this.#inputFrame = 0;
      this.#flushInput();
      this.#renderer?.drawPending();
    });
  }

  #flushWheel(): void {
    const w = this.#pending.wheel;
    if (!w) return;
    this.#pending.wheel = null;
    if (w.factor !== 1) this.session.zoomBy(w.factor, w.anchor);
    if (w.dx !== 0 || w.dy !== 0) this.session.wheel(w.anchor, w.dx, w.dy, false);
  }

  /** Applies what is waiting before anything that depends on it (a press, a key, a release). */
  #flushInput(): void {
    this.#flushWheel();
    const move = this.#pending.move;
    if (!move) return;
    this.#pending.move = null;
    this.#renderer?.setCrosshair(move.screen);
    this.session.pointerMove(move);
  }

  keyDown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && this.#escape(e.target)) {
      e.preventDefault();
      return;
    }
    if (isTyping(e.target)) return;
    // Enter on a focused button or link is that control's click, not "Done & next".
    if (e.key === 'Enter' && e.target instanceof HTMLElement && e.target.closest('button, a'))
      return;
    this.#flushInput();
    if (e.key === ' ') {
      e.preventDefault();
      this.session.setSpacePan(true);
      this.toolPath = this.session.toolPath;
      return;
    }
    const handled = this.session.keyDown({
      key: e.key,
      code: e.code,
      shift: e.shiftKey,
      alt: e.altKey,
      mod: e.ctrlKey || e.metaKey,
    });
    if (handled) e.preventDefault();
  }

  /**
   * Esc first closes the help, then leaves a text field (its text is kept: fields save on change),
   * so the next key is a shortcut again; only then does it reach the tools.
   */
  #escape(target: EventTarget | null): boolean {
    if (this.helpOpen) {
      this.helpOpen = false;
      return true;
    }
    if (isTyping(target) && target instanceof HTMLElement) {
      target.blur();
      return true;
    }
    return false;
  }

  keyUp(e: KeyboardEvent): void {
    if (e.key === ' ') {
      this.session.setSpacePan(false);
      this.toolPath = this.session.toolPath;
    }
  }
}
