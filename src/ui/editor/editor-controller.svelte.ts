import type { Snippet } from 'svelte';
import { isTyping } from '../common/typing';
import type { ImageAnnotations, LabelSchema, Point, Region, RegionId, Size } from '../../domain';
import type { SaveState } from '../../editor/autosave';
import { Autosave } from '../../editor/autosave';
import type { Command } from '../../editor/commands';
import type { SessionIntents } from '../../editor/session';
import { EditorSession } from '../../editor/session';
import type { ToolName } from '../../editor/tools/tool';
import { toImage } from '../../editor/viewport';
import { EditorRenderer } from '../../render/editor-renderer';

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
  /** Extra panel at the top of the side column, given the live editor. */
  panel?: Snippet<[EditorController]>;
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
  hover = $state<RegionId | null>(null);
  tool = $state<ToolName>('select');
  toolPath = $state('select.idle');
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
  activeClassId = $state<string | null>(null);

  #options: EditorControllerOptions;
  #renderer: EditorRenderer | null = null;
  #lastDown = { time: 0, x: 0, y: 0 };
  #disposed = false;

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
    });
    this.autosave = new Autosave(options.save);
    this.autosave.subscribe((state) => {
      this.saveState = state;
      const e = this.autosave.error;
      this.saveError = state === 'error' ? (e instanceof Error ? e.message : String(e)) : null;
    });
    this.session.subscribe((c) => {
      const s = this.session;
      if (c.annotations) {
        this.annotations = s.annotations;
        this.canUndo = s.canUndo;
        this.canRedo = s.canRedo;
        // A drag saves once, when it ends; the gesture's commit notifies again.
        if (!s.inGesture) this.autosave.schedule(s.annotations);
      }
      if (c.selection) this.selection = s.selection;
      if (c.hover) this.hover = s.hover;
      if (c.viewport) this.zoom = s.viewport.scale;
      if (c.tool || c.annotations) {
        this.tool = s.toolName;
        this.toolPath = s.toolPath;
        this.activeClassId = s.activeClass?.id ?? null;
      }
    });
    this.annotations = this.session.annotations;
    this.selection = this.session.selection;
    this.activeClassId = this.session.activeClass?.id ?? null;
  }

  get renderer(): EditorRenderer | null {
    return this.#renderer;
  }

  async mount(host: HTMLElement): Promise<void> {
    try {
      const renderer = await EditorRenderer.create(host, this.session);
      if (this.#disposed) {
        renderer.destroy();
        return;
      }
      this.#renderer = renderer;
      host.dataset.renderer = renderer.rendererType;
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
    this.#renderer?.destroy();
    this.#renderer = null;
    await this.autosave.flush();
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

  regionById(id: RegionId): Region | undefined {
    return this.annotations.regions.find((r) => r.id === id);
  }

  async navigate(to: NavigateTarget): Promise<void> {
    await this.autosave.flush();
    this.#options.onNavigate(to);
  }

  async acceptImage(): Promise<void> {
    await this.autosave.flush();
    this.#options.onAcceptImage();
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

  pointerMove(host: HTMLElement, e: PointerEvent): void {
    const screen = this.#screenPoint(host, e);
    this.cursor = toImage(this.session.viewport, screen);
    this.#renderer?.setCrosshair(screen);
    this.session.pointerMove(this.#pointer(host, e));
  }

  pointerUp(host: HTMLElement, e: PointerEvent): void {
    if (host.hasPointerCapture(e.pointerId)) host.releasePointerCapture(e.pointerId);
    this.session.pointerUp(this.#pointer(host, e));
  }

  pointerLeave(): void {
    this.cursor = null;
    this.#renderer?.setCrosshair(null);
    this.session.setHover(null);
  }

  /**
   * A mouse wheel (whole line steps) or a pinch (ctrlKey) zooms to the cursor; two-finger
   * trackpad scrolling pans.
   */
  wheel(host: HTMLElement, e: WheelEvent): void {
    e.preventDefault();
    const screen = this.#screenPoint(host, e);
    const lineMode = e.deltaMode !== 0;
    const mouseWheel =
      lineMode || (e.deltaX === 0 && Number.isInteger(e.deltaY) && Math.abs(e.deltaY) >= 50);
    const scale = lineMode ? 40 : 1;
    if (e.ctrlKey || mouseWheel)
      this.session.wheel(screen, 0, e.deltaY * scale * (e.ctrlKey ? 5 : 1), true);
    else this.session.wheel(screen, e.deltaX, e.deltaY, false);
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
