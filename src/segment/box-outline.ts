import type { Box, RegionShape } from '../domain';
import { polygonShape } from '../domain';
import { maskToParts } from './contours';
import type { Mask, Prompt } from './mask';

/** What the model is asked for a box region: the box alone, as SAM's box prompt. */
export function boxPrompt(box: Box): Prompt {
  return { points: [], box: { x: box.x, y: box.y, width: box.w, height: box.h } };
}

/**
 * The object a box was drawn around, as one polygon: the mask's largest part, with its holes. A
 * box stays one region (its label, attributes and history go with it), so stray specks the model
 * adds outside the object are dropped. Null when the mask is empty.
 */
export function outlineInBox(mask: Mask, tolerance: number): RegionShape | null {
  const [largest] = maskToParts(mask, { tolerance });
  return largest ? polygonShape(largest.outer, largest.holes) : null;
}
