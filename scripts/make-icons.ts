import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';

/**
 * Renders the PWA icons from public/favicon.svg. Run `npx tsx scripts/make-icons.ts` after changing
 * the favicon; the PNGs are committed so builds need no image tooling.
 */
const root = new URL('..', import.meta.url).pathname;
const outDir = join(root, 'public', 'icons');
const BRAND_BLUE = '#1f6feb';

async function main(): Promise<void> {
  const svg = await readFile(join(root, 'public', 'favicon.svg'));
  await mkdir(outDir, { recursive: true });
  for (const size of [192, 512]) {
    await sharp(svg, { density: (72 * size) / 64 })
      .resize(size, size)
      .png()
      .toFile(join(outDir, `icon-${size}.png`));
  }
  // Maskable icons are cropped to a circle by some launchers: keep the artwork in the inner 80%.
  for (const size of [192, 512]) {
    const inner = Math.round(size * 0.8);
    const art = await sharp(svg, { density: (72 * inner) / 64 })
      .resize(inner, inner)
      .png()
      .toBuffer();
    const offset = Math.round((size - inner) / 2);
    await sharp({ create: { width: size, height: size, channels: 4, background: BRAND_BLUE } })
      .composite([{ input: art, left: offset, top: offset }])
      .png()
      .toFile(join(outDir, `maskable-${size}.png`));
  }
  await sharp(svg, { density: (72 * 180) / 64 })
    .resize(180, 180)
    .flatten({ background: BRAND_BLUE })
    .png()
    .toFile(join(outDir, 'apple-touch-icon-180.png'));
}

await main();
