/**
 * Model files kept in the browser's cache are checked before every load (issue 14 row 13). No
 * hashes of the pinned revision are published for us to compare with, so each file is fingerprinted
 * the first time a load from it succeeds (trust on first use), and later loads compare with that:
 * a file whose bytes changed (a cut-short write, a damaged disk) is named, dropped and fetched again.
 *
 * The fingerprint is the SHA-256 of each 16 MiB block: WebCrypto hashes only whole buffers, and
 * one block at a time keeps a 1 GB weights file from being held twice in memory.
 */
import { INTEGRITY_BUCKET } from './cache';

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

/** Where the cached files and their fingerprints are kept, by file URL (Cache Storage in the app). */
export interface FingerprintedCache {
  read(url: string): Promise<Response | undefined>;
  drop(url: string): Promise<void>;
  fingerprint(url: string): Promise<FileFingerprint | undefined>;
  keep(url: string, fingerprint: FileFingerprint): Promise<void>;
}

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

/**
 * Checks every cached file that has a fingerprint; a damaged one is dropped with its fingerprint,
 * so the loader fetches it again. A body shorter than the length its response declared is damaged
 * even before it was ever fingerprinted (a write cut short).
 */
export async function checkCachedFiles(
  files: readonly { path: string; url: string }[],
  cache: FingerprintedCache,
): Promise<IntegrityProblem[]> {
  const problems: IntegrityProblem[] = [];
  for (const { path, url } of files) {
    const response = await cache.read(url);
    if (!response) continue;
    const trusted = await cache.fingerprint(url);
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
    }
  }
  return problems;
}

/** After a load succeeded from these files: fingerprints the ones seen for the first time. */
export async function fingerprintNewFiles(
  files: readonly { url: string }[],
  cache: FingerprintedCache,
): Promise<number> {
  let added = 0;
  for (const { url } of files) {
    if (await cache.fingerprint(url)) continue;
    const response = await cache.read(url);
    if (!response) continue;
    await cache.keep(url, await fingerprintBody(response.body));
    added += 1;
  }
  return added;
}

/** The app's store: transformers.js's own bucket for the files, one of ours for fingerprints. */
export async function browserFingerprintedCache(filesBucket: string): Promise<FingerprintedCache> {
  const files = await caches.open(filesBucket);
  const prints = await caches.open(INTEGRITY_BUCKET);
  return {
    read: (url) => files.match(url),
    async drop(url) {
      await files.delete(url);
      await prints.delete(url);
    },
    async fingerprint(url) {
      const response = await prints.match(url);
      const stored: unknown = await response?.json().catch(() => undefined);
      return isFingerprint(stored) ? stored : undefined;
    },
    keep: (url, fingerprint) =>
      prints.put(
        url,
        new Response(JSON.stringify(fingerprint), {
          headers: { 'content-type': 'application/json' },
        }),
      ),
  };
}
