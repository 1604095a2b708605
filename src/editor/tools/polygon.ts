import type { Point } from '../../domain';
import { clampPoint, newId, polygonFromPoints } from '../../domain';
import { createRegion } from '../commands';
import type { ToolContext, ToolKey, ToolPointer } from './tool';
import { Tool } from './tool';

/** How close to the first point (screen pixels) a click closes the polygon. */
const CLOSE_PX = 8;

/**
 * polygon.idle → (click) polygon.drawing; each click adds a point; clicking the first point,
 * double-clicking or Enter closes it into a region; Backspace drops the last point; Esc drops all.
 */
export class PolygonTool extends Tool<'polygon'> {
  readonly name = 'polygon';
  #points: Point[] = [];
  #cursor: Point | null = null;

  get points(): readonly Point[] {
    return this.#points;
  }

  override pointerDown(ctx: ToolContext, e: ToolPointer): boolean {
    if (e.button !== 0) return false;
    const p = clampPoint(e.point, ctx.imageSize);
    if (this.state === 'drawing' && (this.#nearFirst(ctx, p) || e.clicks >= 2)) {
      this.close(ctx);
      return true;
    }
    this.#points.push(p);
    this.state = 'drawing';
    this.#cursor = p;
    this.#draw(ctx);
    return true;
  }

  override pointerMove(ctx: ToolContext, e: ToolPointer): boolean {
    if (this.state !== 'drawing') return false;
    this.#cursor = clampPoint(e.point, ctx.imageSize);
    this.#draw(ctx);
    return true;
  }

  override keyDown(ctx: ToolContext, e: ToolKey): boolean {
    if (this.state !== 'drawing') return false;
    if (e.key === 'Enter') {
      this.close(ctx);
      return true;
    }
    if (e.key === 'Backspace') {
      this.#points.pop();
      if (this.#points.length === 0) this.#reset(ctx);
      else this.#draw(ctx);
      return true;
    }
    return false;
  }

  /** Three points or more become a region; fewer are dropped. */
  close(ctx: ToolContext): void {
    const points = dedupe(this.#points);
    this.#reset(ctx);
    if (points.length < 3) return;
    const id = newId<'region'>();
    ctx.apply(
      createRegion(id, { kind: 'polygon', points: polygonFromPoints(points) }, ctx.activeClass),
    );
    ctx.select([id]);
  }

  override cancel(ctx: ToolContext): boolean {
    if (this.state !== 'drawing') return false;
    this.#reset(ctx);
    return true;
  }

  #nearFirst(ctx: ToolContext, p: Point): boolean {
    const first = this.#points[0];
    return (
      this.#points.length >= 3 &&
      first !== undefined &&
      Math.hypot(first.x - p.x, first.y - p.y) <= ctx.tolerance(CLOSE_PX)
    );
  }

  #draw(ctx: ToolContext): void {
    const closing = this.#cursor !== null && this.#nearFirst(ctx, this.#cursor);
    ctx.setDraft({ kind: 'polygon', points: [...this.#points], cursor: this.#cursor, closing });
  }

  #reset(ctx: ToolContext): void {
    this.#points = [];
    this.#cursor = null;
    this.state = 'idle';
    ctx.setDraft(null);
  }
}

/** A double click lands twice on the same spot: keep one point. */
function dedupe(points: readonly Point[]): Point[] {
  return points.filter((p, i) => {
    const prev = points[i - 1];
    return !prev || Math.hypot(prev.x - p.x, prev.y - p.y) > 1e-6;
  });
}
