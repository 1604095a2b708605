import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { noisyJpeg, solidBmp } from '../../e2e/support/images';
import { displayedSize, readImageHeader } from './image-header';

const solid = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#3a7' } });

async function header(buffer: Promise<Buffer>, type: Parameters<typeof readImageHeader>[1]) {
  return readImageHeader(new Uint8Array(await buffer), type);
}

describe('readImageHeader', () => {
  it('reads JPEG size and EXIF orientation, and the displayed size turns with it', async () => {
    const plain = await header(solid(123, 45).jpeg().toBuffer(), 'image/jpeg');
    expect(plain).toEqual({
      width: 123,
      height: 45,
      orientation: 1,
      truncated: false,
      channels: 3,
    });
    const rotated = await header(
      solid(80, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
      'image/jpeg',
    );
    expect(rotated).toMatchObject({ width: 80, height: 40, orientation: 6 });
    expect(displayedSize(rotated!)).toEqual({ width: 40, height: 80 });
    const mirrored = await header(
      solid(80, 40).jpeg().withMetadata({ orientation: 2 }).toBuffer(),
      'image/jpeg',
    );
    expect(displayedSize(mirrored!)).toEqual({ width: 80, height: 40 });
  });

  it('reads progressive and CMYK JPEGs', async () => {
    expect(
      await header(solid(64, 33).jpeg({ progressive: true }).toBuffer(), 'image/jpeg'),
    ).toMatchObject({ width: 64, height: 33 });
    expect(
      await header(solid(50, 20).toColourspace('cmyk').jpeg().toBuffer(), 'image/jpeg'),
    ).toMatchObject({ width: 50, height: 20, truncated: false });
  });

  it('notices a JPEG cut short', async () => {
    const full = await noisyJpeg(200, 150);
    const cut = readImageHeader(new Uint8Array(full.subarray(0, full.length >> 1)), 'image/jpeg');
    expect(cut).toMatchObject({ width: 200, height: 150, truncated: true });
  });

  it('reads PNG (8 and 16 bit, with eXIf orientation), GIF, WebP and BMP', async () => {
    expect(await header(solid(31, 17).png().toBuffer(), 'image/png')).toMatchObject({
      width: 31,
      height: 17,
      orientation: 1,
    });
    expect(
      await header(solid(31, 17).toColourspace('rgb16').png().toBuffer(), 'image/png'),
    ).toMatchObject({ width: 31, height: 17 });
    expect(
      await header(solid(31, 17).png().withMetadata({ orientation: 8 }).toBuffer(), 'image/png'),
    ).toMatchObject({ orientation: 8 });
    expect(await header(solid(29, 13).gif().toBuffer(), 'image/gif')).toMatchObject({
      width: 29,
      height: 13,
    });
    for (const options of [{}, { lossless: true }, { alphaQuality: 50 }]) {
      const webp = sharp({
        create: {
          width: 301,
          height: 77,
          channels: 4,
          background: { r: 1, g: 2, b: 3, alpha: 0.5 },
        },
      }).webp(options);
      expect(await header(webp.toBuffer(), 'image/webp')).toMatchObject({ width: 301, height: 77 });
    }
    expect(readImageHeader(new Uint8Array(solidBmp(10, 12, [0, 0, 255])), 'image/bmp')).toEqual({
      width: 10,
      height: 12,
      orientation: 1,
      truncated: false,
    });
  });

  it('reads the channels a JPEG or PNG stores, so a grey image exports depth 1', async () => {
    const grey = solid(20, 10).toColourspace('b-w');
    expect(await header(grey.clone().jpeg().toBuffer(), 'image/jpeg')).toMatchObject({
      channels: 1,
    });
    expect(await header(grey.clone().png().toBuffer(), 'image/png')).toMatchObject({ channels: 1 });
    expect(await header(solid(20, 10).png().toBuffer(), 'image/png')).toMatchObject({
      channels: 3,
    });
    const rgba = sharp({
      create: { width: 4, height: 4, channels: 4, background: { r: 1, g: 2, b: 3, alpha: 0.5 } },
    });
    expect(await header(rgba.png().toBuffer(), 'image/png')).toMatchObject({ channels: 4 });
  });

  it('gives up instead of guessing on a broken or unknown header', () => {
    const garbage = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 1, 2, 3]);
    expect(readImageHeader(garbage, 'image/jpeg')).toBeUndefined();
    expect(readImageHeader(new Uint8Array(8), 'image/png')).toBeUndefined();
    expect(readImageHeader(new Uint8Array(40), 'image/avif')).toBeUndefined();
  });
});
