import { clampPoint, newId } from '../../domain';
import { createRegion } from '../commands';
import type { ToolContext, ToolPointer } from './tool';
import { Tool } from './tool';

/** point.idle only: each click drops a keypoint region. */
export class PointTool extends Tool<'point'> {
  readonly name = 'point';

  override pointerDown(ctx: ToolContext, e: ToolPointer): boolean {
    if (e.button !== 0) return false;
    const id = newId<'region'>();
    const point = clampPoint(e.point, ctx.imageSize);
    ctx.apply(createRegion(id, { kind: 'point', point }, ctx.activeClass));
    ctx.select([id]);
    return true;
  }
}
