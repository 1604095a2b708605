import type { Region } from '../domain';
import { shapeBounds } from './records';

export type RegionOrder = 'position' | 'label';

/** Reading order (top to bottom, then left to right) or by label name, then position. */
export function sortRegions(regions: readonly Region[], order: RegionOrder): Region[] {
  const byPosition = (a: Region, b: Region): number => {
    const ba = shapeBounds(a.shape);
    const bb = shapeBounds(b.shape);
    return ba.y - bb.y || ba.x - bb.x;
  };
  const sorted = regions.slice();
  if (order === 'position') return sorted.sort(byPosition);
  return sorted.sort(
    (a, b) =>
      a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }) || byPosition(a, b),
  );
}
