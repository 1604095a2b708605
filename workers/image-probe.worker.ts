/// <reference lib="webworker" />
import { expose } from 'comlink';
import { sniffImageType } from '../src/domain/image';
import type { ImageProbeApi, ProbeResult } from './image-probe.protocol';

async function sha256Hex(bytes: ArrayBuffer): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Decodes, measures (EXIF-corrected), hashes and thumbnails one file off the main thread. */
async function probe(file: Blob, thumbnailSize: number): Promise<ProbeResult> {
  if (file.size === 0) return { ok: false, reason: 'empty', detail: '0 bytes' };
  const bytes = await file.arrayBuffer();
  const mime = sniffImageType(new Uint8Array(bytes, 0, Math.min(32, bytes.byteLength)));
  if (!mime) return { ok: false, reason: 'not-image', detail: 'unknown file signature' };

  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(new Blob([bytes], { type: mime }), {
      imageOrientation: 'from-image',
    });
  } catch (error) {
    return {
      ok: false,
      reason: 'unreadable',
      detail: error instanceof Error ? error.message : String(error),
    };
  }
  try {
    const { width, height } = bitmap;
    if (width === 0 || height === 0)
      return { ok: false, reason: 'unreadable', detail: 'zero size' };
    const scale = Math.min(1, thumbnailSize / Math.max(width, height));
    const tw = Math.max(1, Math.round(width * scale));
    const th = Math.max(1, Math.round(height * scale));
    const canvas = new OffscreenCanvas(tw, th);
    const ctx = canvas.getContext('2d');
    if (!ctx) return { ok: false, reason: 'unreadable', detail: 'no 2d context' };
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(bitmap, 0, 0, tw, th);
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
      thumbnail: { blob: thumbBlob, width: tw, height: th },
    };
  } finally {
    bitmap.close();
  }
}

const api: ImageProbeApi = { probe };
expose(api);
