import type { Polygon } from '../domain';

/**
 * A binary mask on a grid that covers a whole image: cell (c, r) covers image x in
 * [c·imageWidth/width, (c+1)·imageWidth/width) and likewise for y. The segment worker's masks have
 * this layout; a mask at image resolution has width = imageWidth.
 */
export interface Mask {
  width: number;
  height: number;
  /** 0 or 1 per cell, row-major. */
  data: Uint8Array;
  imageWidth: number;
  imageHeight: number;
}

/** One connected piece of a mask as polygons in image pixels: its outline and the holes in it. */
export interface MaskPart {
  outer: Polygon;
  holes: Polygon[];
}

/** A mask of image size with nothing set. */
export function emptyMask(width: number, height: number): Mask {
  return {
    width,
    height,
    data: new Uint8Array(width * height),
    imageWidth: width,
    imageHeight: height,
  };
}

export function maskArea(mask: Pick<Mask, 'data'>): number {
  let n = 0;
  for (const v of mask.data) if (v) n++;
  return n;
}

/** A click on the image: positive says "this belongs to the object", negative "this does not". */
export interface PromptPoint {
  x: number;
  y: number;
  positive: boolean;
}

/** What a SAM-class model is asked (image pixels); the same shape as the segment worker's prompt. */
export interface Prompt {
  points: PromptPoint[];
  box?: { x: number; y: number; width: number; height: number };
}

/** A SAM-class model ready on the current image: a mask for each prompt. */
export interface Segmenter {
  decode(prompt: Prompt): Promise<Mask>;
}
