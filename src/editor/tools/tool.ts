import type {
  Box,
  ImageAnnotations,
  LabelClass,
  OcrLineId,
  Point,
  RegionId,
  Size,
} from '../../domain';
import type { MaskPart, PromptPoint, Segmenter } from '../../segment';
import type { Command } from '../commands';
import type { Viewport } from '../viewport';

export type ToolName = 'select' | 'box' | 'polygon' | 'point' | 'segment' | 'pan';
export const TOOL_NAMES: readonly ToolName[] = [
  'select',
  'box',
  'polygon',
  'point',
  'segment',
  'pan',
];

/** The states of each tool, by name; every tool starts, and ends each gesture, in 'idle'. */
export interface ToolStates {
  select: 'idle' | 'marquee' | 'dragging' | 'resizing' | 'vertex';
  box: 'idle' | 'creating';
  polygon: 'idle' | 'drawing';
  point: 'idle';
  segment: 'idle' | 'pressing' | 'boxing' | 'prompted';
  pan: 'idle' | 'panning';
}
export type ToolState<N extends ToolName = ToolName> = ToolStates[N];
/** Where the active tool is, as tldraw names its state nodes: 'box.creating'. */
export type ToolPath = { [N in ToolName]: `${N}.${ToolStates[N]}` }[ToolName];

/** A pointer event already mapped to image pixels (unclamped: it may lie outside the image). */
export interface ToolPointer {
  point: Point;
  screen: Point;
  /** 0 primary, 1 middle, 2 secondary. */
  button: number;
  shift: boolean;
  alt: boolean;
  /** Ctrl, or Cmd on macOS. */
  mod: boolean;
  /** 2 on the second click of a double click. */
  clicks: number;
}

export interface ToolKey {
  key: string;
  /** Physical key (KeyboardEvent.code), when known. */
  code?: string;
  shift: boolean;
  alt: boolean;
  mod: boolean;
}

/** What the overlay shows while a gesture is under way. */
export type Draft =
  | { kind: 'box'; box: Box }
  | { kind: 'polygon'; points: Point[]; cursor: Point | null; closing: boolean }
  | { kind: 'marquee'; box: Box }
  /** The segment tool: the mask's parts (outlines with holes), its prompt and the model's state. */
  | {
      kind: 'segment';
      parts: MaskPart[];
      points: PromptPoint[];
      box: Box | null;
      status: 'no-model' | 'ready' | 'working' | 'failed';
    };

/** The slice of the session a tool may read and change. */
export interface ToolContext {
  readonly annotations: ImageAnnotations;
  readonly imageSize: Size;
  readonly selection: ReadonlySet<RegionId>;
  /** The OCR line selected on its own (never together with regions). */
  readonly ocrSelection: OcrLineId | null;
  readonly viewport: Viewport;
  /** The class new regions get (last one picked), if the schema has any. */
  readonly activeClass: LabelClass | undefined;
  /** The project's smallest box side, in image pixels. */
  readonly minBoxSize: number;
  /** The SAM-class model, ready on this image; null until one is loaded. */
  readonly segmenter: Segmenter | null;
  /** Screen pixels → image pixels for hit tests, so grabbing feels the same at any zoom. */
  tolerance(screenPixels: number): number;
  apply(command: Command): void;
  /** Opens an undo mark: everything until commit() is one step, bail() drops it. */
  mark(name: string): void;
  commit(): void;
  bail(): void;
  select(ids: Iterable<RegionId>): void;
  selectOcrLine(id: OcrLineId | null): void;
  setDraft(draft: Draft | null): void;
  setViewport(viewport: Viewport): void;
}

/**
 * A tool is a small state machine: `state` names where it is, one of its ToolStates, and handlers
 * move it between states. Handlers return true when they used the event.
 */
export abstract class Tool<N extends ToolName = ToolName> {
  abstract readonly name: N;
  // Each ToolStates entry includes 'idle'; TypeScript cannot see that through the generic index.
  state = 'idle' as ToolState<N>;

  get path(): ToolPath {
    return `${this.name}.${this.state}` as ToolPath;
  }

  enter(_ctx: ToolContext): void {
    this.state = 'idle' as ToolState<N>;
  }
  /** Leaving mid-gesture throws the gesture away. */
  exit(ctx: ToolContext): void {
    this.cancel(ctx);
  }
  pointerDown(_ctx: ToolContext, _e: ToolPointer): boolean {
    return false;
  }
  pointerMove(_ctx: ToolContext, _e: ToolPointer): boolean {
    return false;
  }
  pointerUp(_ctx: ToolContext, _e: ToolPointer): boolean {
    return false;
  }
  keyDown(_ctx: ToolContext, _e: ToolKey): boolean {
    return false;
  }
  /** Esc: drop the gesture in progress; false when there was none. */
  cancel(_ctx: ToolContext): boolean {
    return false;
  }
  get busy(): boolean {
    return this.state !== 'idle';
  }
}
