/** The long side of the mask grid the page gets: enough for polygons, small to post. */
export const MASK_MAX_SIDE = 1024;

/**
 * The mask grid for an image: the image's own size when its long side fits, else scaled down to
 * `maxSide` on the long side with the aspect kept (each side at least one cell).
 */
export function maskGrid(
  imageWidth: number,
  imageHeight: number,
  maxSide = MASK_MAX_SIDE,
): { width: number; height: number } {
  const long = Math.max(imageWidth, imageHeight);
  if (long <= maxSide) return { width: imageWidth, height: imageHeight };
  const scale = maxSide / long;
  return {
    width: Math.max(1, Math.round(imageWidth * scale)),
    height: Math.max(1, Math.round(imageHeight * scale)),
  };
}
