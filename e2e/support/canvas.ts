import { expect, type Page } from '@playwright/test';
import sharp from 'sharp';

/** Reads the canvas's image↔screen mapping from the exact cursor coordinates it shows. */
export async function canvasMapping(page: Page) {
  const canvas = page.getByTestId('editor-canvas');
  const rect = (await canvas.boundingBox())!;
  const coords = page.getByTestId('cursor-coords');
  const probe = async (sx: number, sy: number) => {
    await page.mouse.move(rect.x + sx, rect.y + sy);
    await expect(coords).not.toHaveText('');
    return {
      x: Number(await coords.getAttribute('data-image-x')),
      y: Number(await coords.getAttribute('data-image-y')),
    };
  };
  const a = await probe(100, 100);
  const b = await probe(500, 400);
  const scale = 400 / (b.x - a.x);
  const toScreen = (ix: number, iy: number) => ({
    x: 100 + (ix - a.x) * scale,
    y: 100 + (iy - a.y) * scale,
  });
  const toImage = (sx: number, sy: number) => ({
    x: a.x + (sx - 100) / scale,
    y: a.y + (sy - 100) / scale,
  });
  return { rect, scale, toImage, toScreen };
}

/** The selection colour (src/render/shape-paint.ts SELECT_COLOR): outlines and handle borders. */
const SELECT_RGB = [0x1f, 0x6f, 0xeb] as const;

/** How many canvas pixels within `radius` of a canvas point show the selection colour. */
export async function selectionPixelsNear(
  page: Page,
  at: { x: number; y: number },
  radius = 6,
): Promise<number> {
  const png = await page.getByTestId('editor-canvas').screenshot();
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  let count = 0;
  for (let y = Math.round(at.y - radius); y <= Math.round(at.y + radius); y++) {
    for (let x = Math.round(at.x - radius); x <= Math.round(at.x + radius); x++) {
      if (x < 0 || y < 0 || x >= info.width || y >= info.height) continue;
      const i = (y * info.width + x) * info.channels;
      const d =
        Math.abs(data[i]! - SELECT_RGB[0]) +
        Math.abs(data[i + 1]! - SELECT_RGB[1]) +
        Math.abs(data[i + 2]! - SELECT_RGB[2]);
      if (d < 60) count += 1;
    }
  }
  return count;
}
