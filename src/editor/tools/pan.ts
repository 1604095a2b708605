import type { Point } from '../../domain';
import type { Viewport } from '../viewport';
import { panBy } from '../viewport';
import type { ToolContext, ToolPointer } from './tool';
import { Tool } from './tool';

/** pan.idle → (press) pan.panning → (release) pan.idle. Also lent out for space-drag and middle mouse. */
export class PanTool extends Tool<'pan'> {
  readonly name = 'pan';
  #from: Point | null = null;
  #start: Viewport | null = null;

  override pointerDown(ctx: ToolContext, e: ToolPointer): boolean {
    this.#from = e.screen;
    this.#start = ctx.viewport;
    this.state = 'panning';
    return true;
  }

  override pointerMove(ctx: ToolContext, e: ToolPointer): boolean {
    if (this.state !== 'panning' || !this.#from || !this.#start) return false;
    ctx.setViewport(panBy(this.#start, e.screen.x - this.#from.x, e.screen.y - this.#from.y));
    return true;
  }

  override pointerUp(_ctx: ToolContext, _e: ToolPointer): boolean {
    if (this.state !== 'panning') return false;
    this.#reset();
    return true;
  }

  /** Esc puts the view back where the drag started. */
  override cancel(ctx: ToolContext): boolean {
    if (this.state !== 'panning') return false;
    if (this.#start) ctx.setViewport(this.#start);
    this.#reset();
    return true;
  }

  #reset(): void {
    this.#from = null;
    this.#start = null;
    this.state = 'idle';
  }
}
