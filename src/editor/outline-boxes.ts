import type { Region, RegionId, RegionShape } from '../domain';
import type { Segmenter } from '../segment';
import { boxPrompt, outlineInBox } from '../segment';

/** Box regions a person can turn into outlines: drawn, not locked. */
export function outlinableBoxes(regions: readonly Region[]): Region[] {
  return regions.filter(
    (r) => r.shape.kind === 'box' && !r.hidden && !r.locked && r.state !== 'rejected',
  );
}

/**
 * Box → polygon: asks the model for the object inside each box (a box prompt) and gives its
 * outline; boxes the model finds nothing in are left out. One box at a time: the decoder is fast,
 * and the worker runs one request at a time anyway.
 */
export async function outlineBoxes(
  boxes: readonly Region[],
  model: Segmenter,
  tolerance: number,
  signal?: AbortSignal,
): Promise<Map<RegionId, RegionShape>> {
  const out = new Map<RegionId, RegionShape>();
  for (const region of boxes) {
    if (signal?.aborted) break;
    if (region.shape.kind !== 'box') continue;
    const mask = await model.decode(boxPrompt(region.shape.box));
    const shape = outlineInBox(mask, tolerance);
    if (shape) out.set(region.id, shape);
  }
  return out;
}

/**
 * The outlines still worth applying after the wait: a box moved, resized or deleted meanwhile keeps
 * what the person did.
 */
export function stillBoxes(
  outlines: ReadonlyMap<RegionId, RegionShape>,
  asked: readonly Region[],
  now: readonly Region[],
): Map<RegionId, RegionShape> {
  const current = new Map(now.map((r) => [r.id, r.shape]));
  const out = new Map<RegionId, RegionShape>();
  for (const r of asked) {
    const outline = outlines.get(r.id);
    if (outline && current.get(r.id) === r.shape) out.set(r.id, outline);
  }
  return out;
}
