import type { Polygon, Size } from '../domain';
import type { Mask, MaskPart } from './mask';
import { rasterizeRings } from './raster';

/** Intersection over union of two masks on the same grid; two empty masks agree fully. */
export function maskIoU(a: Pick<Mask, 'data'>, b: Pick<Mask, 'data'>): number {
  if (a.data.length !== b.data.length) throw new Error('maskIoU: masks of different sizes');
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.data.length; i++) {
    const x = a.data[i] !== 0;
    const y = b.data[i] !== 0;
    if (x && y) inter++;
    if (x || y) union++;
  }
  return union === 0 ? 1 : inter / union;
}

/** The rings of some parts, outlines and holes together, for an even-odd fill. */
export function partRings(parts: readonly MaskPart[]): Polygon[] {
  return parts.flatMap((p) => [p.outer, ...p.holes]);
}

/** IoU of two sets of polygon parts, measured on the pixels of an image of the given size. */
export function partsIoU(a: readonly MaskPart[], b: readonly MaskPart[], size: Size): number {
  return maskIoU(rasterizeRings(partRings(a), size), rasterizeRings(partRings(b), size));
}
