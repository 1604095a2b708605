/// <reference lib="webworker" />
import { expose, transfer } from 'comlink';
import { sniffImageType, type SupportedImageType } from '../src/domain/image';
import { displayedSize, readImageHeader } from '../src/media/image-header';
import { modelInputBitmap } from '../src/media/model-input';
import type { ImageProbeApi, ProbeResult } from './image-probe.protocol';

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

function fit(width: number, height: number, box: number): { width: number; height: number } {
  const scale = Math.min(1, box / Math.max(width, height));
  return {
    width: Math.max(1, Math.round(width * scale)),
    height: Math.max(1, Math.round(height * scale)),
  };
}

function unreadable(detail: string): ProbeResult {
  return { ok: false, reason: 'unreadable', detail };
}

interface Decoded {
  bitmap: ImageBitmap;
  /** Displayed (EXIF-corrected) natural size. */
  width: number;
  height: number;
  channels?: number;
}

/**
 * Decodes only as much as the thumbnail needs: with the size known from the header, the browser
 * scales while decoding (a 100-megapixel photo never becomes a 400 MB bitmap here). Without a
 * readable header (AVIF), the image is decoded whole and measured.
 */
async function decode(blob: Blob, type: SupportedImageType, head: Uint8Array, box: number) {
  const header = readImageHeader(head, type);
  if (header && header.width > 0 && header.height > 0) {
    const size = displayedSize(header);
    const thumb = fit(size.width, size.height, box);
    try {
      const bitmap = await createImageBitmap(blob, {
        imageOrientation: 'from-image',
        resizeWidth: thumb.width,
        resizeHeight: thumb.height,
        resizeQuality: 'high',
      });
      const channels = header.channels;
      return { bitmap, ...size, ...(channels ? { channels } : {}) } satisfies Decoded;
    } catch (error) {
      if (header.truncated)
        throw new Error('the file is cut short (incomplete copy or download)', {
          cause: error,
        });
      throw error;
    }
  }
  const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
  return { bitmap, width: bitmap.width, height: bitmap.height } satisfies Decoded;
}

/** Decodes, measures (EXIF-corrected), hashes and thumbnails one file off the main thread. */
async function probe(file: Blob, thumbnailSize: number): Promise<ProbeResult> {
  if (file.size === 0) return { ok: false, reason: 'empty', detail: '0 bytes' };
  const bytes = await file.arrayBuffer();
  const mime = sniffImageType(new Uint8Array(bytes, 0, Math.min(32, bytes.byteLength)));
  if (!mime) return { ok: false, reason: 'not-image', detail: 'unknown file signature' };

  let decoded: Decoded;
  try {
    decoded = await decode(
      new Blob([bytes], { type: mime }),
      mime,
      new Uint8Array(bytes),
      thumbnailSize,
    );
  } catch (error) {
    return unreadable(error instanceof Error ? error.message : String(error));
  }
  const { bitmap, width, height, channels } = decoded;
  try {
    if (width === 0 || height === 0) return unreadable('zero size');
    const thumb = fit(width, height, thumbnailSize);
    const canvas = new OffscreenCanvas(thumb.width, thumb.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) return unreadable('no 2d context');
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, thumb.width, thumb.height);
    const [thumbBlob, contentHash] = await Promise.all([
      canvas.convertToBlob({ type: 'image/webp', quality: 0.8 }),
      sha256Hex(bytes),
    ]);
    return {
      ok: true,
      mime,
      width,
      height,
      contentHash,
      ...(channels ? { channels } : {}),
      thumbnail: { blob: thumbBlob, ...thumb },
    };
  } finally {
    bitmap.close();
  }
}

const api: ImageProbeApi = {
  probe,
  async modelInput(original, imageSize, crop, maxImageTokens) {
    const bitmap = await modelInputBitmap(original, imageSize, crop, maxImageTokens);
    return transfer(bitmap, [bitmap]);
  },
};
expose(api);
