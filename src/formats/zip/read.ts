import { Inflate } from 'fflate';
import { normaliseRelativePath } from '../../domain';
import type { FormatLocation } from '../errors';
import { FormatError } from '../errors';

export interface ZipEntry {
  /** Normalised '/'-separated path ('..' and leading slashes dropped, so nothing escapes). */
  path: string;
  size: number;
  compressedSize: number;
  method: number;
  /** Offset of the local header. */
  offset: number;
  encrypted: boolean;
}

/**
 * The most one entry may inflate to when read whole. A few-MB zip can claim (or really hold)
 * gigabytes of text; past this it is refused with a clear error instead of filling the tab's
 * memory. Big JSONL is read line by line (`lines`), which has no such limit.
 */
export const ZIP_ENTRY_MAX_BYTES = 256 * 1024 * 1024;
/** A line of JSONL longer than this is not one of ours (one image's annotations). */
export const ZIP_LINE_MAX_CHARS = 64 * 1024 * 1024;
const READ_CHUNK = 1024 * 1024;

export interface ReadHooks {
  signal?: AbortSignal;
  /** Compressed bytes read so far, of the entry's compressed size. */
  onProgress?: (done: number, total: number) => void;
}

export interface ZipArchive {
  /** Files only (folders left out), in central-directory order. */
  entries: ZipEntry[];
  get(path: string): ZipEntry | undefined;
  bytes(entry: ZipEntry): Promise<Uint8Array>;
  text(entry: ZipEntry): Promise<string>;
  /**
   * The entry's text line by line, inflated and decoded as a stream: no single string holds the
   * whole entry, so size is bounded by the line, not the file. Yields [1-based line, text].
   */
  lines(entry: ZipEntry, hooks?: ReadHooks): AsyncGenerator<[number, string]>;
  /** Stored entries (images) are a slice of the archive Blob: nothing is read until used. */
  blob(entry: ZipEntry, type?: string): Promise<Blob>;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

async function view(blob: Blob, start: number, end: number): Promise<DataView> {
  return new DataView(await blob.slice(start, end).arrayBuffer());
}

function u64(v: DataView, at: number): number {
  return v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
}

/** Zip64 extra field (0x0001): the 64-bit values replace those set to 0xFFFFFFFF, in this order. */
function zip64Values(
  extra: DataView,
  sizes: { size: number; compressedSize: number; offset: number },
): void {
  for (let p = 0; p + 4 <= extra.byteLength;) {
    const id = extra.getUint16(p, true);
    const len = extra.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      for (const key of ['size', 'compressedSize', 'offset'] as const) {
        if (sizes[key] === 0xffffffff && q + 8 <= p + 4 + len) {
          sizes[key] = u64(extra, q);
          q += 8;
        }
      }
    }
    p += 4 + len;
  }
}

/** Reads a zip's central directory; entries are read lazily and only when asked for. */
export async function openZip(archive: Blob, file = 'archive.zip'): Promise<ZipArchive> {
  const at: FormatLocation = { format: 'zip', file };
  const invalid = (reason: string): never => {
    throw new FormatError(at, 'invalid-zip', { reason });
  };
  const tailStart = Math.max(0, archive.size - (0xffff + 22));
  const tail = await view(archive, tailStart, archive.size);
  let eocd = -1;
  for (let p = tail.byteLength - 22; p >= 0; p--)
    if (tail.getUint32(p, true) === EOCD) {
      eocd = p;
      break;
    }
  if (eocd < 0) invalid('no end of central directory');
  let cdSize = tail.getUint32(eocd + 12, true);
  let cdOffset = tail.getUint32(eocd + 16, true);
  if (eocd >= 20 && tail.getUint32(eocd - 20, true) === ZIP64_LOCATOR) {
    const recordAt = u64(tail, eocd - 20 + 8);
    const record = await view(archive, recordAt, recordAt + 56);
    if (record.getUint32(0, true) !== ZIP64_EOCD) invalid('bad zip64 record');
    cdSize = u64(record, 40);
    cdOffset = u64(record, 48);
  }
  if (cdOffset + cdSize > archive.size) invalid('central directory outside the file');
  const cd = await view(archive, cdOffset, cdOffset + cdSize);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  let p = 0;
  // Walk the directory by its size, not the entry count: writers without Zip64 (fflate included)
  // wrap the 16-bit count past 65,535 entries.
  for (let i = 0; p < cd.byteLength; i++) {
    if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== CENTRAL)
      invalid(`bad central entry ${i}`);
    const flags = cd.getUint16(p + 8, true);
    const method = cd.getUint16(p + 10, true);
    const nameLength = cd.getUint16(p + 28, true);
    const extraLength = cd.getUint16(p + 30, true);
    const commentLength = cd.getUint16(p + 32, true);
    const sizes = {
      compressedSize: cd.getUint32(p + 20, true),
      size: cd.getUint32(p + 24, true),
      offset: cd.getUint32(p + 42, true),
    };
    const nameBytes = new Uint8Array(cd.buffer, cd.byteOffset + p + 46, nameLength);
    const name = decoder.decode(nameBytes);
    zip64Values(new DataView(cd.buffer, cd.byteOffset + p + 46 + nameLength, extraLength), sizes);
    p += 46 + nameLength + extraLength + commentLength;
    const path = normaliseRelativePath(name);
    if (name.endsWith('/') || !path) continue;
    entries.push({ path, method, encrypted: (flags & 1) === 1, ...sizes });
  }
  const byPath = new Map(entries.map((e) => [e.path, e]));

  async function dataStart(entry: ZipEntry): Promise<number> {
    const local = await view(archive, entry.offset, entry.offset + 30);
    if (local.byteLength < 30 || local.getUint32(0, true) !== LOCAL)
      invalid(`bad local header for ${entry.path}`);
    return entry.offset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  }

  function check(entry: ZipEntry): void {
    if (entry.encrypted)
      throw new FormatError({ ...at, field: entry.path }, 'unsupported-zip', {
        reason: 'encrypted',
      });
    if (entry.method !== 0 && entry.method !== 8)
      throw new FormatError({ ...at, field: entry.path }, 'unsupported-zip', {
        method: entry.method,
      });
  }

  function tooBig(entry: ZipEntry, size: number): FormatError {
    return new FormatError({ ...at, field: entry.path }, 'unsupported-zip', {
      reason: `inflates to over ${Math.round(size / 2 ** 20)} MiB`,
    });
  }

  /**
   * Inflates piece by piece (1 MiB of input at a time) and yields the output; stops with a clear
   * error past `limit` or past the size the directory declared (a lying header is a zip bomb).
   */
  async function* inflated(
    entry: ZipEntry,
    limit: number,
    hooks: ReadHooks = {},
  ): AsyncGenerator<Uint8Array> {
    check(entry);
    const start = await dataStart(entry);
    let produced = 0;
    let out: Uint8Array[] = [];
    const take = (chunk: Uint8Array) => {
      produced += chunk.length;
      if (produced > limit) throw tooBig(entry, limit);
      if (produced > entry.size)
        throw new FormatError({ ...at, field: entry.path }, 'invalid-zip', {
          reason: 'inflates past its declared size',
        });
      out.push(chunk);
    };
    const inflater = entry.method === 8 ? new Inflate((chunk) => take(chunk)) : null;
    const push = (raw: Uint8Array, final: boolean) => {
      try {
        if (inflater) inflater.push(raw, final);
        else take(raw);
      } catch (error) {
        if (error instanceof FormatError) throw error;
        throw new FormatError({ ...at, field: entry.path }, 'invalid-zip', {
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    };
    if (entry.compressedSize === 0) push(new Uint8Array(0), true);
    for (let p = 0; p < entry.compressedSize; p += READ_CHUNK) {
      hooks.signal?.throwIfAborted();
      const end = Math.min(entry.compressedSize, p + READ_CHUNK);
      const raw = new Uint8Array(await archive.slice(start + p, start + end).arrayBuffer());
      if (raw.length < end - p) invalid(`${entry.path} is cut short`);
      push(raw, end === entry.compressedSize);
      hooks.onProgress?.(end, entry.compressedSize);
      const ready = out;
      out = [];
      yield* ready;
    }
    if (produced !== entry.size)
      throw new FormatError({ ...at, field: entry.path }, 'invalid-zip', {
        reason: `inflates to ${produced} bytes, declared ${entry.size}`,
      });
  }

  async function bytes(entry: ZipEntry): Promise<Uint8Array> {
    if (entry.size > ZIP_ENTRY_MAX_BYTES) throw tooBig(entry, ZIP_ENTRY_MAX_BYTES);
    const whole = new Uint8Array(entry.size);
    let filled = 0;
    for await (const chunk of inflated(entry, ZIP_ENTRY_MAX_BYTES)) {
      whole.set(chunk, filled);
      filled += chunk.length;
    }
    return whole;
  }

  async function* lines(entry: ZipEntry, hooks: ReadHooks = {}): AsyncGenerator<[number, string]> {
    const decoder = new TextDecoder();
    let carry = '';
    let line = 0;
    let decodedAny = false;
    const split = function* (text: string): Generator<[number, string]> {
      if (text) decodedAny = true;
      const parts = (carry + text).split('\n');
      carry = parts.pop()!;
      if (carry.length > ZIP_LINE_MAX_CHARS)
        throw new FormatError({ ...at, field: entry.path, line: line + 1 }, 'invalid-value', {
          reason: 'line too long',
        });
      for (const part of parts) yield [++line, part.replace(/\r$/, '')];
    };
    for await (const chunk of inflated(entry, Number.MAX_SAFE_INTEGER, hooks))
      yield* split(decoder.decode(chunk, { stream: true }));
    yield* split(decoder.decode());
    if (carry) yield [++line, carry.replace(/\r$/, '')];
    // A non-empty entry that decodes to nothing is damage, never an empty project.
    if (entry.size > 0 && !decodedAny)
      throw new FormatError({ ...at, field: entry.path }, 'invalid-zip', {
        reason: 'entry not empty but decoded empty',
      });
  }

  return {
    entries,
    get: (path) => byPath.get(normaliseRelativePath(path)),
    bytes,
    text: async (entry) => new TextDecoder().decode(await bytes(entry)),
    lines,
    blob: async (entry, type = '') => {
      check(entry);
      if (entry.method === 0) {
        const start = await dataStart(entry);
        return archive.slice(start, start + entry.compressedSize, type);
      }
      return new Blob([new Uint8Array(await bytes(entry))], { type });
    },
  };
}
