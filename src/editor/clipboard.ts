import type { ImageId, Region, RegionBody, Size } from '../domain';
import { newId } from '../domain';
import type { EditContext } from './records';
import { clampShape, regionBody, translateShape } from './records';

/** Offset of a paste onto the same image, so the copy is visibly a copy. */
const SAME_IMAGE_OFFSET = 10;

/**
 * Copied regions, kept as bodies (no ids, no provenance): a paste makes new human regions.
 * One instance lives for the app session, so copy on one image and paste on another works.
 */
export class RegionClipboard {
  #bodies: RegionBody[] = [];
  #source: ImageId | null = null;
  #pastes = 0;

  get size(): number {
    return this.#bodies.length;
  }

  copy(regions: readonly Region[], imageId: ImageId): void {
    this.#bodies = regions.map((r) => ({ ...regionBody(r), hidden: false, locked: false }));
    this.#source = imageId;
    this.#pastes = 0;
  }

  /** New regions for `imageId`, clamped into its size; repeated pastes step further away. */
  paste(imageId: ImageId, size: Size, ctx: EditContext): Region[] {
    if (imageId === this.#source) this.#pastes += 1;
    const offset = imageId === this.#source ? SAME_IMAGE_OFFSET * this.#pastes : 0;
    return cloneBodies(this.#bodies, offset, size, ctx);
  }
}

export function cloneBodies(
  bodies: readonly RegionBody[],
  offset: number,
  size: Size,
  ctx: EditContext,
): Region[] {
  return bodies.map((body) => ({
    ...body,
    shape: clampShape(translateShape(body.shape, offset, offset), size),
    id: newId<'region'>(),
    provenance: { source: 'human', author: ctx.author, createdAt: ctx.now },
    state: 'accepted',
    updatedAt: ctx.now,
    updatedBy: ctx.author,
  }));
}

export const sharedClipboard = new RegionClipboard();
