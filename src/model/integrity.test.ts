import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checkCachedFiles,
  checkFolderFiles,
  describeProblems,
  fingerprintBody,
  fingerprintNewFiles,
  isFingerprint,
  recordUrl,
  type CachedModelFile,
  type FileFingerprint,
  type FingerprintRecords,
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

/** Fingerprints kept by model, revision and path, as the app keeps them. */
function memoryRecords() {
  const prints = new Map<string, FileFingerprint>();
  const records: FingerprintRecords = {
    get: async (file) => prints.get(recordUrl(file)),
    keep: async (file, print) => void prints.set(recordUrl(file), print),
    forget: async (file) => void prints.delete(recordUrl(file)),
  };
  return { records, prints };
}

function memoryCache(
  files: Record<string, Uint8Array>,
  declared: Record<string, number> = {},
  { records, prints } = memoryRecords(),
) {
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
    },
    records,
  };
  return { cache, prints, dropped };
}

/** The cached files of model `m` at revision `r` on host `host`. */
const cachedFiles = (files: Record<string, unknown>): CachedModelFile[] =>
  Object.keys(files).map((url) => ({
    url,
    modelId: 'o/m',
    revision: 'r',
    path: url.split('/resolve/r/')[1]!,
  }));

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
      'https://h/o/m/resolve/r/config.json': bytes(40),
      'https://h/o/m/resolve/r/onnx/a.onnx_data': bytes(5000),
    };
    const { cache, prints, dropped } = memoryCache(files);
    const list = cachedFiles(files);
    expect(await fingerprintNewFiles(list, cache)).toBe(2);
    expect(await fingerprintNewFiles(list, cache)).toBe(0);
    expect(await checkCachedFiles(list, cache)).toEqual([]);

    // Same size, one byte changed deep in the weights.
    const damaged = bytes(5000);
    damaged[4321] = damaged[4321]! ^ 0xff;
    files['https://h/o/m/resolve/r/onnx/a.onnx_data'] = damaged;
    expect(await checkCachedFiles(list, cache)).toEqual([
      { path: 'onnx/a.onnx_data', kind: 'hash', block: 0 },
    ]);
    expect(dropped).toEqual(['https://h/o/m/resolve/r/onnx/a.onnx_data']);
    expect(prints.has(recordUrl({ modelId: 'o/m', revision: 'r', path: 'onnx/a.onnx_data' }))).toBe(
      false,
    );

    // Cut short, with the length header rewritten to match: the fingerprint still knows.
    files['https://h/o/m/resolve/r/config.json'] = bytes(30);
    expect(await checkCachedFiles(list, cache)).toEqual([
      { path: 'config.json', kind: 'size', expected: 40, actual: 30 },
    ]);
  });

  it('a body shorter than its declared length is damaged even before it was ever fingerprinted', async () => {
    const url = 'https://h/o/m/resolve/r/tokenizer.json';
    const { cache, dropped } = memoryCache({ [url]: bytes(10) }, { [url]: 64 });
    expect(await checkCachedFiles(cachedFiles({ [url]: 1 }), cache)).toEqual([
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

  it('what was trusted from one host is checked on another: the record is of the model file, not the URL', async () => {
    const shared = memoryRecords();
    const hub = { 'https://huggingface.co/o/m/resolve/r/config.json': bytes(40) };
    expect(await fingerprintNewFiles(cachedFiles(hub), memoryCache(hub, {}, shared).cache)).toBe(1);
    const mirror = { 'https://mirror.example/hf/o/m/resolve/r/config.json': bytes(40, 2) };
    const { cache, dropped } = memoryCache(mirror, {}, shared);
    expect(await checkCachedFiles(cachedFiles(mirror), cache)).toEqual([
      { path: 'config.json', kind: 'hash', block: 0 },
    ]);
    expect(dropped).toEqual(['https://mirror.example/hf/o/m/resolve/r/config.json']);
  });
});

describe('model folder fingerprints', () => {
  const id = (path: string) => ({ modelId: 'o/m', revision: 'r', path });
  const folder = (files: Record<string, Uint8Array>) =>
    Object.entries(files).map(([path, data]) => ({ ...id(path), body: () => body(data) }));

  it('a folder seen for the first time is fingerprinted, not judged; a later copy with other bytes or length is named', async () => {
    const { records } = memoryRecords();
    const good = { 'config.json': bytes(40), 'onnx/a.onnx_data': bytes(5000) };
    const first = await checkFolderFiles(folder(good), records);
    expect(first.problems).toEqual([]);
    expect(first.fresh.map(([file]) => file.path)).toEqual(['config.json', 'onnx/a.onnx_data']);
    for (const [file, print] of first.fresh) await records.keep(file, print);

    expect(await checkFolderFiles(folder(good), records)).toEqual({ problems: [], fresh: [] });

    const flipped = bytes(5000);
    flipped[10] = flipped[10]! ^ 1;
    const later = await checkFolderFiles(
      folder({ 'config.json': bytes(39), 'onnx/a.onnx_data': flipped }),
      records,
    );
    expect(later.problems).toEqual([
      { path: 'config.json', kind: 'size', expected: 40, actual: 39 },
      { path: 'onnx/a.onnx_data', kind: 'hash', block: 0 },
    ]);
    expect(describeProblems(later.problems)).toBe(
      'config.json (39 of 40 bytes), onnx/a.onnx_data (bytes differ from the copy first loaded)',
    );
  });

  it('a folder is checked against what a download of the same revision trusted', async () => {
    const shared = memoryRecords();
    const hub = { 'https://huggingface.co/o/m/resolve/r/tokenizer.json': bytes(64) };
    await fingerprintNewFiles(cachedFiles(hub), memoryCache(hub, {}, shared).cache);
    const { problems } = await checkFolderFiles(
      folder({ 'tokenizer.json': bytes(64, 9) }),
      shared.records,
    );
    expect(problems).toEqual([{ path: 'tokenizer.json', kind: 'hash', block: 0 }]);
  });
});
