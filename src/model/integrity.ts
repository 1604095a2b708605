/**
 * Model files are checked before every load (issue 14 row 13). No hashes of the pinned revision are
 * published for us to compare with, so each file is fingerprinted the first time a load from it
 * succeeds (trust on first use), and later loads compare with that, whatever the source: a cached
 * file whose bytes changed (a cut-short write, a damaged disk) is named, dropped and fetched again;
 * a mirror whose file has another length, or a folder whose file has other bytes, is refused with
 * the file named.
 *
 * The fingerprint is the SHA-256 of each 16 MiB block: WebCrypto hashes only whole buffers, and
 * one block at a time keeps a 1 GB weights file from being held twice in memory.
 */
/** Kept apart from transformers.js's bucket, by model, revision and path (see recordUrl). */
export const INTEGRITY_BUCKET = 'annota-model-integrity';

export const BLOCK_BYTES = 16 * 1024 * 1024;

export interface FileFingerprint {
  bytes: number;
  blockBytes: number;
  /** Hex SHA-256 of each block, in order. */
  blocks: string[];
}

export type IntegrityProblem =
  | { path: string; kind: 'size'; expected: number; actual: number }
  | { path: string; kind: 'hash'; block: number };

/**
 * Which file a fingerprint is of: the model, its revision and the path inside it, not the host.
 * The Hub, a mirror and a folder holding the same revision must hold the same bytes, so what was
 * trusted from one is checked on the others.
 */
export interface ModelFileId {
  modelId: string;
  revision: string;
  path: string;
}

/** The fingerprints trusted so far (Cache Storage in the app). */
export interface FingerprintRecords {
  get(file: ModelFileId): Promise<FileFingerprint | undefined>;
  keep(file: ModelFileId, fingerprint: FileFingerprint): Promise<void>;
  forget(file: ModelFileId): Promise<void>;
}

/** The cached model files, by URL, and the fingerprints trusted so far. */
export interface FingerprintedCache {
  read(url: string): Promise<Response | undefined>;
  drop(url: string): Promise<void>;
  records: FingerprintRecords;
}

/** A model file kept in the cache: its URL there and which file of which model it is. */
export type CachedModelFile = ModelFileId & { url: string };

const hex = (digest: ArrayBuffer) =>
  Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');

/** Reads a body block by block: at most one block is held at a time. */
export async function fingerprintBody(
  body: ReadableStream<Uint8Array> | null,
  blockBytes = BLOCK_BYTES,
): Promise<FileFingerprint> {
  const blocks: string[] = [];
  let bytes = 0;
  const block = new Uint8Array(blockBytes);
  let filled = 0;
  const seal = async () => {
    blocks.push(hex(await crypto.subtle.digest('SHA-256', block.subarray(0, filled))));
    filled = 0;
  };
  const reader = body?.getReader();
  for (;;) {
    const next = await reader?.read();
    if (!next || next.done) break;
    let chunk = next.value;
    bytes += chunk.length;
    while (chunk.length > 0) {
      const take = Math.min(blockBytes - filled, chunk.length);
      block.set(chunk.subarray(0, take), filled);
      filled += take;
      chunk = chunk.subarray(take);
      // digest() copies its input before it resolves, so the block can be filled again.
      if (filled === blockBytes) await seal();
    }
  }
  if (filled > 0 || blocks.length === 0) await seal();
  return { bytes, blockBytes, blocks };
}

export function isFingerprint(value: unknown): value is FileFingerprint {
  const v = value as Partial<FileFingerprint> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isSafeInteger(v.bytes) &&
    Number.isSafeInteger(v.blockBytes) &&
    v.blockBytes! > 0 &&
    Array.isArray(v.blocks) &&
    v.blocks.every((b) => typeof b === 'string')
  );
}

/** What differs between the fingerprint taken when the file was trusted and its bytes now. */
export function compareFingerprints(
  path: string,
  trusted: FileFingerprint,
  now: FileFingerprint,
): IntegrityProblem | null {
  if (now.bytes !== trusted.bytes)
    return { path, kind: 'size', expected: trusted.bytes, actual: now.bytes };
  const block = trusted.blocks.findIndex((hash, i) => now.blocks[i] !== hash);
  return block >= 0 ? { path, kind: 'hash', block } : null;
}

/** One line per problem, for the UI: `config.json (30 of 40 bytes)`. */
export function describeProblems(problems: readonly IntegrityProblem[]): string {
  return problems
    .map((p) =>
      p.kind === 'size'
        ? `${p.path} (${p.actual} of ${p.expected} bytes)`
        : `${p.path} (bytes differ from the copy first loaded)`,
    )
    .join(', ');
}

/**
 * Checks every cached file against its fingerprint; a damaged one is dropped with its fingerprint,
 * so the loader fetches it again and the new copy is trusted anew. A body shorter than the length
 * its response declared is damaged even before it was ever fingerprinted (a write cut short).
 */
export async function checkCachedFiles(
  files: readonly CachedModelFile[],
  cache: FingerprintedCache,
): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  for (const file of files) {
    const { path, url } = file;
    const response = await cache.read(url);
    if (!response) continue;
    const trusted = await cache.records.get(file);
    // A compressed response declares the compressed length: only a plain body can be measured by it.
    const declared = response.headers.has('content-encoding')
      ? NaN
      : Number(response.headers.get('content-length') ?? NaN);
    const now = await fingerprintBody(response.body, trusted?.blockBytes);
    const problem =
      Number.isFinite(declared) && declared !== now.bytes
        ? ({ path, kind: 'size', expected: declared, actual: now.bytes } as const)
        : trusted
          ? compareFingerprints(path, trusted, now)
          : null;
    if (problem) {
      problems.push(problem);
      await cache.drop(url);
      await cache.records.forget(file);
    }
  }
  return problems;
}

/** After a load succeeded from these cached files: fingerprints the ones seen for the first time. */
export async function fingerprintNewFiles(
  files: readonly CachedModelFile[],
  cache: FingerprintedCache,
): Promise<number> {
  let added = 0;
  for (const file of files) {
    if (await cache.records.get(file)) continue;
    const response = await cache.read(file.url);
    if (!response) continue;
    await cache.records.keep(file, await fingerprintBody(response.body));
    added += 1;
  }
  return added;
}

/**
 * Files read from a picked folder, each compared with the fingerprint trusted for that file of the
 * model (from a download or an earlier load of a folder). Returns the problems and the fingerprints
 * of the files seen for the first time, to keep once the load has worked.
 */
export async function checkFolderFiles(
  files: readonly (ModelFileId & { body: () => ReadableStream<Uint8Array> })[],
  records: FingerprintRecords,
): Promise<{ problems: IntegrityProblem[]; fresh: [ModelFileId, FileFingerprint][] }> {
  const problems: IntegrityProblem[] = [];
  const fresh: [ModelFileId, FileFingerprint][] = [];
  for (const file of files) {
    const trusted = await records.get(file);
    const now = await fingerprintBody(file.body(), trusted?.blockBytes);
    if (!trusted)
      fresh.push([{ modelId: file.modelId, revision: file.revision, path: file.path }, now]);
    const problem = trusted ? compareFingerprints(file.path, trusted, now) : null;
    if (problem) problems.push(problem);
  }
  return { problems, fresh };
}

/** Where a fingerprint is kept: an address of its own, whatever host the file came from. */
export function recordUrl({ modelId, revision, path }: ModelFileId): string {
  return `${RECORD_HOST}/${modelId}/resolve/${encodeURIComponent(revision)}/${path}`;
}

const RECORD_HOST = 'https://model-integrity.annota.invalid';

/** The fingerprints in their own Cache Storage bucket. */
export async function browserFingerprintRecords(): Promise<FingerprintRecords> {
  const prints = await caches.open(INTEGRITY_BUCKET);
  return {
    async get(file) {
      const response = await prints.match(recordUrl(file));
      const stored: unknown = await response?.json().catch(() => undefined);
      return isFingerprint(stored) ? stored : undefined;
    },
    async keep(file, fingerprint) {
      await prints.put(
        recordUrl(file),
        new Response(JSON.stringify(fingerprint), {
          headers: { 'content-type': 'application/json' },
        }),
      );
    },
    async forget(file) {
      await prints.delete(recordUrl(file));
    },
  };
}

/** The app's store: transformers.js's own bucket for the files, one of ours for fingerprints. */
export async function browserFingerprintedCache(filesBucket: string): Promise<FingerprintedCache> {
  const files = await caches.open(filesBucket);
  return {
    read: (url) => files.match(url),
    drop: async (url) => void (await files.delete(url)),
    records: await browserFingerprintRecords(),
  };
}
