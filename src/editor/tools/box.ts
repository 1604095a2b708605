import type { Point } from '../../domain';
import { boxFromCorners, clampBox, clampPoint, newId } from '../../domain';
import { createRegion } from '../commands';
import type { ToolContext, ToolPointer } from './tool';
import { Tool } from './tool';

/** A press that moves less than this many screen pixels is a click, not a drag: no box. */
const CLICK_PX = 5;
/** Sides thinner than this on screen are never meant, whatever the zoom. */
const MIN_SIZE_PX = 3;

/** box.idle → (press) box.creating → (release) box.idle with a new region; Esc drops it. */
export class BoxTool extends Tool<'box'> {
  readonly name = 'box';
  #start: Point | null = null;
  #startScreen: Point = { x: 0, y: 0 };

  override pointerDown(ctx: ToolContext, e: ToolPointer): boolean {
    if (e.button !== 0) return false;
    this.#start = clampPoint(e.point, ctx.imageSize);
    this.#startScreen = e.screen;
    this.state = 'creating';
    ctx.setDraft({ kind: 'box', box: { ...this.#start, w: 0, h: 0 } });
    return true;
  }

  override pointerMove(ctx: ToolContext, e: ToolPointer): boolean {
    if (this.state !== 'creating' || !this.#start) return false;
    ctx.setDraft({ kind: 'box', box: this.#boxTo(ctx, e) });
    return true;
  }

  override pointerUp(ctx: ToolContext, e: ToolPointer): boolean {
    if (this.state !== 'creating' || !this.#start) return false;
    const box = this.#boxTo(ctx, e);
    this.#reset(ctx);
    const dragged =
      Math.hypot(e.screen.x - this.#startScreen.x, e.screen.y - this.#startScreen.y) >= CLICK_PX;
    const min = Math.max(ctx.tolerance(MIN_SIZE_PX), ctx.minBoxSize);
    if (dragged && box.w >= min && box.h >= min) {
      const id = newId<'region'>();
      ctx.apply(createRegion(id, { kind: 'box', box }, ctx.activeClass));
      ctx.select([id]);
    }
    return true;
  }

  override cancel(ctx: ToolContext): boolean {
    if (this.state !== 'creating') return false;
    this.#reset(ctx);
    return true;
  }

  #boxTo(ctx: ToolContext, e: ToolPointer) {
    const start = this.#start!;
    let end = clampPoint(e.point, ctx.imageSize);
    if (e.shift) {
      // Shift draws a square, growing toward the pointer.
      const side = Math.max(Math.abs(end.x - start.x), Math.abs(end.y - start.y));
      end = {
        x: start.x + Math.sign(end.x - start.x || 1) * side,
        y: start.y + Math.sign(end.y - start.y || 1) * side,
      };
    }
    return clampBox(boxFromCorners(start, end), ctx.imageSize);
  }

  #reset(ctx: ToolContext): void {
    this.#start = null;
    this.state = 'idle';
    ctx.setDraft(null);
  }
}
