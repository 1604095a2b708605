import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkCachedFiles,
  fingerprintBody,
  fingerprintNewFiles,
  isFingerprint,
  type FileFingerprint,
  type FingerprintedCache,
} from './integrity';

/** A body delivered in uneven chunks, as a network or cache stream does. */
function body(bytes: Uint8Array, chunk = 7): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

function memoryCache(files: Record<string, Uint8Array>, declared: Record<string, number> = {}) {
  const prints = new Map<string, FileFingerprint>();
  const dropped: string[] = [];
  const cache: FingerprintedCache = {
    read: async (url) =>
      files[url]
        ? new Response(body(files[url]), {
            headers: { 'content-length': String(declared[url] ?? files[url].length) },
          })
        : undefined,
    drop: async (url) => {
      dropped.push(url);
      delete files[url];
      prints.delete(url);
    },
    fingerprint: async (url) => prints.get(url),
    keep: async (url, print) => void prints.set(url, print),
  };
  return { cache, prints, dropped };
}

const bytes = (n: number, seed = 1) =>
  Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 255);

describe('model file fingerprints (trust on first use)', () => {
  it('hashes each block with SHA-256, whatever the chunking of the stream', async () => {
    const data = bytes(100);
    const print = await fingerprintBody(body(data, 13), 32);
    expect(print.bytes).toBe(100);
    expect(print.blocks).toEqual(
      [0, 32, 64, 96].map((at) =>
        createHash('sha256')
          .update(data.subarray(at, at + 32))
          .digest('hex'),
      ),
    );
    expect(await fingerprintBody(body(data, 50), 32)).toEqual(print);
    expect((await fingerprintBody(null)).bytes).toBe(0);
  });

  it('fingerprints only files seen for the first time, then names a changed byte or a cut-short file and drops it', async () => {
    const files = {
      'https://h/m/resolve/r/config.json': bytes(40),
      'https://h/m/resolve/r/onnx/a.onnx_data': bytes(5000),
    };
    const { cache, prints, dropped } = memoryCache(files);
    const list = Object.keys(files).map((url) => ({ url, path: url.split('/r/')[1]! }));
    expect(await fingerprintNewFiles(list, cache)).toBe(2);
    expect(await fingerprintNewFiles(list, cache)).toBe(0);
    expect(await checkCachedFiles(list, cache)).toEqual([]);

    // Same size, one byte changed deep in the weights.
    const damaged = bytes(5000);
    damaged[4321] = damaged[4321]! ^ 0xff;
    files['https://h/m/resolve/r/onnx/a.onnx_data'] = damaged;
    expect(await checkCachedFiles(list, cache)).toEqual([
      { path: 'onnx/a.onnx_data', kind: 'hash', block: 0 },
    ]);
    expect(dropped).toEqual(['https://h/m/resolve/r/onnx/a.onnx_data']);
    expect(prints.has('https://h/m/resolve/r/onnx/a.onnx_data')).toBe(false);

    // Cut short, with the length header rewritten to match: the fingerprint still knows.
    files['https://h/m/resolve/r/config.json'] = bytes(30);
    expect(await checkCachedFiles(list, cache)).toEqual([
      { path: 'config.json', kind: 'size', expected: 40, actual: 30 },
    ]);
  });

  it('a body shorter than its declared length is damaged even before it was ever fingerprinted', async () => {
    const url = 'https://h/m/resolve/r/tokenizer.json';
    const { cache, dropped } = memoryCache({ [url]: bytes(10) }, { [url]: 64 });
    expect(await checkCachedFiles([{ url, path: 'tokenizer.json' }], cache)).toEqual([
      { path: 'tokenizer.json', kind: 'size', expected: 64, actual: 10 },
    ]);
    expect(dropped).toEqual([url]);
  });

  it('a stored fingerprint that is not one is ignored, not trusted', () => {
    expect(isFingerprint({ bytes: 1, blockBytes: 16, blocks: ['a'] })).toBe(true);
    expect(isFingerprint({ bytes: 1, blockBytes: 0, blocks: [] })).toBe(false);
    expect(isFingerprint({ bytes: '1', blockBytes: 16, blocks: [] })).toBe(false);
    expect(isFingerprint(null)).toBe(false);
  });
});
