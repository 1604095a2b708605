/**
 * The PP-OCR files come from the app's own origin (copied there at build time) and are kept in
 * Cache Storage on first use, so OCR works offline afterwards without being in the first load.
 */
export const PPOCR_CACHE = 'annota-ppocr-v1';

export async function cachedBytes(
  url: string,
  onProgress: (loaded: number, total: number) => void,
): Promise<ArrayBuffer> {
  const cache = typeof caches === 'undefined' ? null : await caches.open(PPOCR_CACHE);
  const hit = await cache?.match(url);
  if (hit) {
    const bytes = await hit.arrayBuffer();
    onProgress(bytes.byteLength, bytes.byteLength);
    return bytes;
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get('content-length') ?? 0);
  const reader = response.body?.getReader();
  const parts: Uint8Array[] = [];
  let loaded = 0;
  if (reader)
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      loaded += value.byteLength;
      onProgress(loaded, Math.max(total, loaded));
    }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  await cache?.put(
    url,
    new Response(bytes, { headers: { 'content-type': 'application/octet-stream' } }),
  );
  return bytes.buffer;
}
