import type { SupportedImageType } from '../domain';

/** What an image's first bytes say, read without decoding any pixels. */
export interface ImageHeader {
  /** Stored size, before EXIF orientation. */
  width: number;
  height: number;
  /** EXIF orientation 1–8, where the browser honours it (JPEG, PNG); 1 otherwise. */
  orientation: number;
  /** JPEG only: the scan never reaches its end marker, so the file was cut short. */
  truncated: boolean;
  /** Colour channels stored (1 grey, 3 colour, 2 or 4 with alpha), where the header says (JPEG, PNG). */
  channels?: number;
}

/** PNG colour types → channels: grey, RGB, palette (shown as RGB), grey+alpha, RGBA. */
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

/** The size the user sees: orientations 5–8 turn the image a quarter. */
export function displayedSize(header: ImageHeader): { width: number; height: number } {
  return header.orientation >= 5
    ? { width: header.height, height: header.width }
    : { width: header.width, height: header.height };
}

/** Orientation from a TIFF block (the body of an EXIF segment): IFD0 tag 0x0112. */
function tiffOrientation(bytes: Uint8Array, start: number, end: number): number {
  if (end - start < 8) return 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const order = view.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return 1;
  const little = order === 0x4949;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > view.byteLength) return 1;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > view.byteLength) return 1;
    if (view.getUint16(entry, little) === 0x0112) {
      const value = view.getUint16(entry + 8, little);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}

function readJpeg(bytes: Uint8Array, view: DataView): ImageHeader | undefined {
  let orientation = 1;
  let size: { width: number; height: number; channels?: number } | undefined;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return undefined;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2;
      continue;
    }
    const length = view.getUint16(at + 2);
    const body = at + 4;
    if (marker === 0xe1 && ascii(bytes, body, 6) === 'Exif\0\0')
      orientation = tiffOrientation(bytes, body + 6, Math.min(bytes.length, at + 2 + length));
    const isFrame = marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker);
    if (isFrame && body + 5 <= bytes.length)
      size = {
        height: view.getUint16(body + 1),
        width: view.getUint16(body + 3),
        ...(body + 6 <= bytes.length ? { channels: bytes[body + 5]! } : {}),
      };
    if (marker === 0xda) {
      if (!size) return undefined;
      // Entropy-coded data escapes 0xFF, so FF D9 after the scan starts is the real end marker.
      const truncated = !hasEndMarker(bytes, at);
      return { ...size, orientation, truncated };
    }
    at += 2 + length;
  }
  return size ? { ...size, orientation, truncated: true } : undefined;
}

function hasEndMarker(bytes: Uint8Array, from: number): boolean {
  for (let i = bytes.length - 2; i >= from; i--)
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  return false;
}

function readPng(bytes: Uint8Array, view: DataView): ImageHeader | undefined {
  if (bytes.length < 24 || ascii(bytes, 12, 4) !== 'IHDR') return undefined;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  let orientation = 1;
  let at = 8;
  while (at + 8 <= bytes.length) {
    const length = view.getUint32(at);
    const type = ascii(bytes, at + 4, 4);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'eXIf')
      orientation = tiffOrientation(bytes, at + 8, Math.min(bytes.length, at + 8 + length));
    at += 12 + length;
  }
  const channels = PNG_CHANNELS[bytes[25] ?? -1];
  return { width, height, orientation, truncated: false, ...(channels ? { channels } : {}) };
}

function readWebp(bytes: Uint8Array, view: DataView): ImageHeader | undefined {
  // Chromium does not apply a WebP's EXIF orientation, so neither do we.
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8X' && bytes.length >= 30) {
    const u24 = (i: number) => bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16);
    return { width: u24(24) + 1, height: u24(27) + 1, orientation: 1, truncated: false };
  }
  if (chunk === 'VP8 ' && bytes.length >= 30)
    return {
      width: view.getUint16(26, true) & 0x3fff,
      height: view.getUint16(28, true) & 0x3fff,
      orientation: 1,
      truncated: false,
    };
  if (chunk === 'VP8L' && bytes.length >= 25 && bytes[20] === 0x2f) {
    const bits = view.getUint32(21, true);
    return {
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      orientation: 1,
      truncated: false,
    };
  }
  return undefined;
}

function readBmp(bytes: Uint8Array, view: DataView): ImageHeader | undefined {
  if (bytes.length < 26) return undefined;
  const infoSize = view.getUint32(14, true);
  if (infoSize === 12)
    return {
      width: view.getUint16(18, true),
      height: view.getUint16(20, true),
      orientation: 1,
      truncated: false,
    };
  // A negative height marks rows stored top-down; the size is its magnitude.
  return {
    width: Math.abs(view.getInt32(18, true)),
    height: Math.abs(view.getInt32(22, true)),
    orientation: 1,
    truncated: false,
  };
}

/**
 * Reads size and orientation from the header of a JPEG, PNG, GIF, WebP or BMP, so a huge image
 * can be thumbnailed without decoding it at full size. Undefined for AVIF or an unparseable header:
 * the caller then decodes the whole image to measure it.
 */
export function readImageHeader(
  bytes: Uint8Array,
  type: SupportedImageType,
): ImageHeader | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    switch (type) {
      case 'image/jpeg':
        return readJpeg(bytes, view);
      case 'image/png':
        return readPng(bytes, view);
      case 'image/gif':
        return bytes.length >= 10
          ? {
              width: view.getUint16(6, true),
              height: view.getUint16(8, true),
              orientation: 1,
              truncated: false,
            }
          : undefined;
      case 'image/webp':
        return readWebp(bytes, view);
      case 'image/bmp':
        return readBmp(bytes, view);
      default:
        return undefined;
    }
  } catch (error) {
    // A length field pointing past the end: treat the header as unreadable, decode instead.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
