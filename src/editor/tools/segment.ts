import type { Box, Point } from '../../domain';
import { boxFromCorners, clampBox, clampPoint, newId, polygonShape } from '../../domain';
import type { Mask, MaskPart, Prompt, PromptPoint } from '../../segment';
import { LatestOnly, maskToParts } from '../../segment';
import { createRegions } from '../commands';
import type { ToolContext, ToolKey, ToolPointer } from './tool';
import { Tool } from './tool';

/** A press that moves less than this many screen pixels is a click (a point), not a box. */
const CLICK_PX = 5;
/** Simplification tolerance (image pixels) until the person moves the slider. */
export const DEFAULT_SEGMENT_TOLERANCE = 1;
export const MAX_SEGMENT_TOLERANCE = 10;
/** Parts and holes smaller than this (square image pixels) are specks, not objects. */
const MIN_PART_AREA = 16;

/** What the segment tool can do now: the toolbar says it in words. */
export type SegmentStatus = 'no-model' | 'ready' | 'working' | 'failed';

/**
 * segment.idle: hovering previews the mask under the pointer (the model runs on the newest
 * pointer position only, one decode at a time).
 * press → segment.pressing; moving past a few pixels → segment.boxing (a box prompt on release);
 * a release without moving adds a point (Alt: a negative one) → segment.prompted.
 * segment.prompted: the preview is the prompt's mask; more clicks or a box refine it; Backspace
 * drops the last point; Enter accepts the mask as polygon regions (one per part, holes kept) with
 * the current label, as one undo step; Esc drops the prompt.
 */
export class SegmentTool extends Tool<'segment'> {
  readonly name = 'segment';
  #tolerance = DEFAULT_SEGMENT_TOLERANCE;
  #points: PromptPoint[] = [];
  #box: Box | null = null;
  #press: { start: Point; screen: Point; alt: boolean } | null = null;
  /** The newest mask and the prompt version it answers (-1: a hover preview). */
  #mask: Mask | null = null;
  #maskVersion = -2;
  #version = 0;
  #acceptWhenReady = false;
  #parts: MaskPart[] | null = null;
  #decodes = new LatestOnly<Mask>();
  #status: SegmentStatus = 'no-model';
  #error: unknown = null;

  get status(): SegmentStatus {
    return this.#status;
  }
  /** What the model threw when status is 'failed'. */
  get error(): unknown {
    return this.#error;
  }
  get tolerance(): number {
    return this.#tolerance;
  }
  get points(): readonly PromptPoint[] {
    return this.#points;
  }

  /** The slider: the preview (and what Enter keeps) follows at once, no new decode needed. */
  setTolerance(ctx: ToolContext, tolerance: number): void {
    this.#tolerance = Math.max(0, Math.min(MAX_SEGMENT_TOLERANCE, tolerance));
    this.#parts = null;
    this.#draw(ctx);
  }

  override enter(ctx: ToolContext): void {
    super.enter(ctx);
    this.#status = ctx.segmenter ? 'ready' : 'no-model';
    this.#draw(ctx);
  }

  override exit(ctx: ToolContext): void {
    this.#clear(ctx);
    ctx.setDraft(null);
  }

  /** The model was loaded (or dropped) while the tool is active. */
  modelChanged(ctx: ToolContext): void {
    this.#status = ctx.segmenter ? 'ready' : 'no-model';
    this.#error = null;
    if (this.#points.length > 0 || this.#box) this.#decode(ctx);
    else this.#draw(ctx);
  }

  override pointerDown(ctx: ToolContext, e: ToolPointer): boolean {
    if (e.button !== 0) return false;
    this.#press = { start: clampPoint(e.point, ctx.imageSize), screen: e.screen, alt: e.alt };
    this.state = 'pressing';
    return true;
  }

  override pointerMove(ctx: ToolContext, e: ToolPointer): boolean {
    const press = this.#press;
    if (this.state === 'pressing' && press) {
      if (Math.hypot(e.screen.x - press.screen.x, e.screen.y - press.screen.y) < CLICK_PX)
        return true;
      this.state = 'boxing';
    }
    if (this.state === 'boxing' && press) {
      this.#draw(ctx, this.#dragBox(ctx, press.start, e.point));
      return true;
    }
    if (this.state === 'idle' && ctx.segmenter) {
      const p = clampPoint(e.point, ctx.imageSize);
      // The hover preview: what a click here would give.
      this.#request(ctx, { points: [{ x: p.x, y: p.y, positive: true }] }, -1);
    }
    return false;
  }

  override pointerUp(ctx: ToolContext, e: ToolPointer): boolean {
    const press = this.#press;
    if (!press || (this.state !== 'pressing' && this.state !== 'boxing')) return false;
    this.#press = null;
    if (this.state === 'boxing') {
      const box = this.#dragBox(ctx, press.start, e.point);
      if (box.w >= 1 && box.h >= 1) this.#box = box;
    } else this.#points.push({ x: press.start.x, y: press.start.y, positive: !press.alt });
    this.state = this.#points.length > 0 || this.#box ? 'prompted' : 'idle';
    this.#version++;
    this.#decode(ctx);
    return true;
  }

  override keyDown(ctx: ToolContext, e: ToolKey): boolean {
    if (this.state !== 'prompted') return false;
    if (e.key === 'Enter' && !e.mod) {
      this.accept(ctx);
      return true;
    }
    if (e.key === 'Backspace') {
      if (this.#points.length > 0) this.#points.pop();
      else this.#box = null;
      this.#version++;
      if (this.#points.length === 0 && !this.#box) this.#clear(ctx);
      else this.#decode(ctx);
      this.#draw(ctx);
      return true;
    }
    return false;
  }

  /** Enter: the prompt's mask becomes regions; when it is still being decoded, as soon as it is. */
  accept(ctx: ToolContext): void {
    if (this.#mask && this.#maskVersion === this.#version) {
      this.#commit(ctx, this.#mask);
      return;
    }
    if (this.#decodes.busy) this.#acceptWhenReady = true;
  }

  override cancel(ctx: ToolContext): boolean {
    if (this.state === 'pressing' || this.state === 'boxing') {
      this.#press = null;
      this.state = this.#points.length > 0 || this.#box ? 'prompted' : 'idle';
      this.#draw(ctx);
      return true;
    }
    const had = this.state === 'prompted';
    this.#clear(ctx);
    this.#draw(ctx);
    return had;
  }

  #commit(ctx: ToolContext, mask: Mask): void {
    const parts =
      mask === this.#mask
        ? this.#previewParts()
        : maskToParts(mask, { tolerance: this.#tolerance, minArea: MIN_PART_AREA });
    this.#clear(ctx);
    this.#draw(ctx);
    if (parts.length === 0) return;
    const regions = parts.map((p) => ({
      id: newId<'region'>(),
      shape: polygonShape(p.outer, p.holes),
    }));
    ctx.apply(createRegions(regions, ctx.activeClass));
    ctx.select(regions.map((r) => r.id));
  }

  #decode(ctx: ToolContext): void {
    const prompt: Prompt = { points: [...this.#points] };
    const b = this.#box;
    if (b) prompt.box = { x: b.x, y: b.y, width: b.w, height: b.h };
    if (prompt.points.length === 0 && !prompt.box) return;
    this.#request(ctx, prompt, this.#version);
  }

  #request(ctx: ToolContext, prompt: Prompt, version: number): void {
    const model = ctx.segmenter;
    if (!model) {
      this.#status = 'no-model';
      this.#draw(ctx);
      return;
    }
    this.#status = 'working';
    this.#decodes.request(
      () => model.decode(prompt),
      (mask) => {
        this.#status = 'ready';
        this.#error = null;
        // A hover answer arriving after a click has nothing to show any more.
        if (version === -1 && this.state !== 'idle') {
          this.#draw(ctx);
          return;
        }
        this.#mask = mask;
        this.#maskVersion = version;
        this.#parts = null;
        if (this.#acceptWhenReady && version === this.#version) {
          this.#acceptWhenReady = false;
          this.#commit(ctx, mask);
        } else this.#draw(ctx);
      },
      (error) => {
        this.#status = 'failed';
        this.#error = error;
        this.#acceptWhenReady = false;
        this.#draw(ctx);
      },
    );
    this.#draw(ctx);
  }

  #dragBox(ctx: ToolContext, start: Point, to: Point): Box {
    return clampBox(boxFromCorners(start, clampPoint(to, ctx.imageSize)), ctx.imageSize);
  }

  /** Back to a clean idle: no prompt, no mask, no answer still awaited. */
  #clear(_ctx: ToolContext): void {
    this.#decodes.cancel();
    this.#points = [];
    this.#box = null;
    this.#press = null;
    this.#mask = null;
    this.#maskVersion = -2;
    this.#parts = null;
    this.#acceptWhenReady = false;
    this.#version++;
    this.state = 'idle';
    if (this.#status === 'working') this.#status = 'ready';
  }

  #previewParts(): MaskPart[] {
    if (!this.#mask) return [];
    this.#parts ??= maskToParts(this.#mask, {
      tolerance: this.#tolerance,
      minArea: MIN_PART_AREA,
    });
    return this.#parts;
  }

  #draw(ctx: ToolContext, dragging?: Box): void {
    ctx.setDraft({
      kind: 'segment',
      parts: this.#previewParts(),
      points: [...this.#points],
      box: dragging ?? this.#box,
      status: this.#status,
    });
  }
}
