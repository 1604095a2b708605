import sharp from 'sharp';

type Rgb = [number, number, number];

function solid(width: number, height: number, rgb: Rgb) {
  return sharp({
    create: { width, height, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } },
  });
}

/** Solid-colour test images in every format the app supports, generated so nothing binary is committed. */
export const solidPng = (width: number, height: number, rgb: Rgb): Promise<Buffer> =>
  solid(width, height, rgb).png().toBuffer();
export const solidWebp = (width: number, height: number, rgb: Rgb): Promise<Buffer> =>
  solid(width, height, rgb).webp().toBuffer();
export const solidGif = (width: number, height: number, rgb: Rgb): Promise<Buffer> =>
  solid(width, height, rgb).gif().toBuffer();

/**
 * A JPEG stored as width×height pixels with EXIF orientation 6 (rotate 90° clockwise to display),
 * so a correct reader reports height×width.
 */
export async function rotatedJpeg(width: number, height: number): Promise<Buffer> {
  const left = await sharp({
    create: { width: width / 2, height, channels: 3, background: '#d00' },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: '#00d' } })
    .composite([{ input: left, left: 0, top: 0 }])
    .jpeg()
    .withMetadata({ orientation: 6 })
    .toBuffer();
}

/** A JPEG signature followed by garbage: sniffs as JPEG, cannot be decoded. */
export function corruptJpeg(): Buffer {
  const body = Buffer.alloc(600);
  for (let i = 0; i < body.length; i++) body[i] = (i * 37 + 11) % 251;
  return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), body]);
}

/** Uncompressed 24-bit BMP (bottom-up rows padded to 4 bytes); sharp cannot write BMP. */
export function solidBmp(width: number, height: number, rgb: [number, number, number]): Buffer {
  const rowSize = Math.ceil((width * 3) / 4) * 4;
  const pixels = rowSize * height;
  const out = Buffer.alloc(54 + pixels);
  out.write('BM', 0, 'ascii');
  out.writeUInt32LE(54 + pixels, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(width, 18);
  out.writeInt32LE(height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  out.writeUInt32LE(pixels, 34);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const at = 54 + y * rowSize + x * 3;
      out[at] = rgb[2];
      out[at + 1] = rgb[1];
      out[at + 2] = rgb[0];
    }
  return out;
}

/** A photo-like JPEG (noise compresses badly, so the scan data is long enough to cut). */
export async function noisyJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: {
      width,
      height,
      channels: 3,
      background: '#888',
      noise: { type: 'gaussian', mean: 128, sigma: 40 },
    },
  })
    .jpeg()
    .toBuffer();
}

/** The first half of a JPEG, as left by an interrupted copy or download. */
export async function truncatedJpeg(width: number, height: number): Promise<Buffer> {
  const full = await noisyJpeg(width, height);
  return full.subarray(0, Math.floor(full.length / 2));
}

/** A print-shop JPEG in CMYK colour. */
export async function cmykJpeg(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#2a8' } })
    .toColourspace('cmyk')
    .jpeg()
    .toBuffer();
}

/** A PNG with 16 bits per channel, as scanners and HDR tools write. */
export async function deepPng(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#a52' } })
    .toColourspace('rgb16')
    .png()
    .toBuffer();
}

/** A two-frame animated GIF: red, then blue. */
export async function animatedGif(width: number, height: number): Promise<Buffer> {
  const frame = (background: string) =>
    sharp({ create: { width, height, channels: 3, background } })
      .png()
      .toBuffer();
  return sharp([await frame('#f00'), await frame('#00f')], { join: { animated: true } })
    .gif({ delay: [200, 200], loop: 0 })
    .toBuffer();
}

/** A large uniform JPEG (small on disk), optionally with an EXIF orientation. */
export async function hugeJpeg(width: number, height: number, orientation = 1): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#345' } })
    .jpeg()
    .withMetadata({ orientation })
    .toBuffer();
}

/** `count` small PNGs with different pixels, so none is a duplicate of another. */
export async function distinctPngs(count: number, size = 8): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const rgb: [number, number, number] = [i % 256, Math.floor(i / 256) % 256, 77];
    out.push(await solidPng(size, size, rgb));
  }
  return out;
}
