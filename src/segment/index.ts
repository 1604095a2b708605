export type { Mask, MaskPart } from './mask';
export { emptyMask, maskArea } from './mask';
export type { GridRing, OutlineOptions } from './contours';
export { maskToParts, traceRings } from './contours';
export { simplifyRing } from './simplify';
export { rasterizeRings, ringsToRle } from './raster';
export type { CocoRle } from './rle';
export {
  decompressCounts,
  maskToRle,
  placedMaskToRle,
  rleArea,
  rleProblem,
  rleToMask,
} from './rle';
export { maskIoU, partRings, partsIoU } from './iou';
export type { Prompt, PromptPoint, Segmenter } from './mask';
export { LatestOnly } from './latest-only';
export { boxPrompt, outlineInBox } from './box-outline';
