import { isSafeRelativePath } from '../../domain';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { FormatError } from '../errors';
import type { FileData, FileEntry } from '../types';

/** Without Zip64 (fflate has none) offsets are 32-bit: past this the archive would be corrupt. */
export const ZIP_MAX_BYTES = 0xffffffff;

const CHUNK = 64 * 1024;

/** Text pieces are batched so deflate sees 64 KiB at a time, not one tiny string per record. */
async function* bytesOf(data: FileData): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  if (typeof data === 'string') {
    for (let i = 0; i < data.length; i += CHUNK) yield encoder.encode(data.slice(i, i + CHUNK));
  } else if (data instanceof Uint8Array) {
    for (let i = 0; i < data.length; i += CHUNK) yield data.subarray(i, i + CHUNK);
  } else if (typeof data === 'function') {
    const reader = (await data()).stream().getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  } else {
    let text = '';
    for await (const piece of data) {
      if (typeof piece === 'string') {
        text += piece;
        if (text.length >= CHUNK) {
          yield encoder.encode(text);
          text = '';
        }
      } else {
        if (text) yield encoder.encode(text);
        text = '';
        yield piece;
      }
    }
    if (text) yield encoder.encode(text);
  }
}

function toAsync<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in items) return items[Symbol.asyncIterator]();
  const it = items[Symbol.iterator]();
  return { next: async () => it.next() };
}

/**
 * Streams a zip of the entries. Pull-based: the next entry (and the next image read) only starts
 * when the consumer asks for more bytes, so a big export never sits in memory. Entries are
 * consumed strictly in order; each entry's data is read completely before the next is requested.
 * Images are stored, text deflated. No Zip64: an archive growing past 4 GiB fails with a FormatError
 * ('unsupported-zip') rather than producing a corrupt file; the entry count may pass 65,535.
 */
export function zipStream(
  entries: Iterable<FileEntry> | AsyncIterable<FileEntry>,
): ReadableStream<Uint8Array> {
  const ready: Uint8Array[] = [];
  let failure: Error | null = null;
  let finished = false;
  let written = 0;
  const zip = new Zip((error, chunk, final) => {
    if (error) failure = error;
    else {
      written += chunk.length;
      if (written > ZIP_MAX_BYTES)
        failure = new FormatError({ format: 'zip', file: 'export.zip' }, 'unsupported-zip', {
          reason: 'over 4 GiB',
        });
      else if (chunk.length > 0) ready.push(chunk);
      if (final) finished = true;
    }
  });
  const files = toAsync(entries);
  let current: { file: ZipDeflate | ZipPassThrough; bytes: AsyncGenerator<Uint8Array> } | null =
    null;
  let ended = false;

  async function step(): Promise<void> {
    if (!current) {
      if (ended) return;
      const next = await files.next();
      if (next.done) {
        ended = true;
        zip.end();
        return;
      }
      const entry = next.value;
      // Second line behind the record validators: no entry may unpack outside its folder.
      if (!isSafeRelativePath(entry.path))
        throw new FormatError(
          { format: 'zip', file: 'export.zip', field: entry.path },
          'invalid-value',
          {
            reason: 'unsafe entry name',
          },
        );
      const file = entry.compress
        ? new ZipDeflate(entry.path, { level: 6 })
        : new ZipPassThrough(entry.path);
      zip.add(file);
      current = { file, bytes: bytesOf(entry.data) };
      return;
    }
    const chunk = await current.bytes.next();
    if (chunk.done) {
      current.file.push(new Uint8Array(0), true);
      current = null;
    } else current.file.push(chunk.value);
  }

  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (ready.length === 0 && !finished && !failure) {
        // fflate reports the end synchronously from zip.end(); never spin if it did not.
        if (ended && !current) throw new Error('zip writer ended without its final chunk');
        await step();
      }
      if (failure) throw failure;
      while (ready.length > 0) controller.enqueue(ready.shift()!);
      if (finished) controller.close();
    },
    async cancel() {
      zip.terminate();
      await current?.bytes.return(undefined);
      await files.return?.();
    },
  });
}

/** Collects a stream into a Blob — the download fallback where showSaveFilePicker is missing. */
export async function streamToBlob(
  stream: ReadableStream<Uint8Array>,
  type: string,
): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(new Uint8Array(value));
  }
  return new Blob(parts, { type });
}
