import { FormatError, type FormatName } from './errors';
import type { ReadHooks } from './zip/read';

/**
 * The most text one file may hold when a parser needs it whole (COCO JSON, CSV, VOC XML). Chromium's
 * TextDecoder gives back "" past ≈512 MiB, and a string that size doubles the tab's memory; JSONL
 * has no such limit, as it is read line by line.
 */
export const TEXT_MAX_BYTES = 256 * 1024 * 1024;
/** A line of JSONL longer than this is not one of ours (one image's annotations). */
export const LINE_MAX_CHARS = 64 * 1024 * 1024;

const MIB = 2 ** 20;

export function tooLarge(format: FormatName, file: string, size: number, limit: number) {
  return new FormatError({ format, file }, 'too-large', {
    size: Math.ceil(size / MIB),
    limit: Math.round(limit / MIB),
  });
}

/** The blob's bytes in the pieces the browser reads them in; cancellable between pieces. */
async function* pieces(blob: Blob, hooks: ReadHooks): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let done = 0;
  try {
    for (;;) {
      hooks.signal?.throwIfAborted();
      const next = await reader.read();
      if (next.done) return;
      done += next.value.length;
      hooks.onProgress?.(done, blob.size);
      yield next.value;
    }
  } finally {
    void reader.cancel().catch(() => undefined);
  }
}

/**
 * A text file line by line, decoded as a stream: no string ever holds the whole file, so a JSONL
 * of any size can be read with progress. Yields [1-based line, text] without the line break.
 */
export async function* blobLines(
  blob: Blob,
  format: FormatName,
  file: string,
  hooks: ReadHooks = {},
): AsyncGenerator<[number, string]> {
  const decoder = new TextDecoder();
  let carry = '';
  let line = 0;
  const split = function* (text: string): Generator<[number, string]> {
    const parts = (carry + text).split('\n');
    carry = parts.pop()!;
    if (carry.length > LINE_MAX_CHARS)
      throw new FormatError({ format, file, line: line + 1 }, 'invalid-value', {
        reason: 'line too long',
      });
    for (const part of parts) yield [++line, part.replace(/\r$/, '')];
  };
  for await (const piece of pieces(blob, hooks))
    yield* split(decoder.decode(piece, { stream: true }));
  yield* split(decoder.decode());
  if (carry) yield [++line, carry.replace(/\r$/, '')];
}

/** A whole text file for the parsers that need one string, refused by name past `limit`. */
export async function blobText(
  blob: Blob,
  format: FormatName,
  file: string,
  hooks: ReadHooks = {},
  limit = TEXT_MAX_BYTES,
): Promise<string> {
  if (blob.size > limit) throw tooLarge(format, file, blob.size, limit);
  const decoder = new TextDecoder();
  const parts: string[] = [];
  for await (const piece of pieces(blob, hooks))
    parts.push(decoder.decode(piece, { stream: true }));
  parts.push(decoder.decode());
  const text = parts.join('');
  // Bytes that decode to nothing are damage (or a decoder past its limit), never an empty file.
  if (blob.size > 0 && text.length === 0)
    throw new FormatError({ format, file }, 'invalid-value', {
      reason: 'not empty but decoded empty',
    });
  return text;
}
