import { createReadStream } from 'node:fs';
import { open, stat, truncate } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/**
 * The --out file: one JSON line per image, appended with one write each, so a kill leaves at most
 * one unfinished last line — which `prepareResults` cuts off before a resumed run appends.
 */

/** Cuts a torn last line (no final newline) off, so appending starts on a fresh line. */
export async function cutTornLine(path: string): Promise<boolean> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return false;
  }
  if (size === 0) return false;
  const handle = await open(path, 'r');
  try {
    // Read backwards in blocks until the last newline is found.
    const block = 64 * 1024;
    let end = size;
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] === 0x0a) return false;
    while (end > 0) {
      const start = Math.max(0, end - block);
      const buffer = Buffer.alloc(end - start);
      await handle.read(buffer, 0, buffer.length, start);
      const at = buffer.lastIndexOf(0x0a);
      if (at >= 0) {
        await truncate(path, start + at + 1);
        return true;
      }
      end = start;
    }
    await truncate(path, 0);
    return true;
  } finally {
    await handle.close();
  }
}

/** The `file_name` of every complete line already in the results: those images are skipped. */
export async function answeredPaths(path: string): Promise<Set<string>> {
  const done = new Set<string>();
  try {
    await stat(path);
  } catch {
    return done;
  }
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    try {
      const record = JSON.parse(line) as { file_name?: unknown };
      if (typeof record.file_name === 'string') done.add(record.file_name);
    } catch {
      // A line that is not JSON cannot name an image; it is left as it is.
    }
  }
  return done;
}

/** Appends whole lines; each line is a single write, so lines never interleave. */
export class ResultsWriter {
  private constructor(private readonly handle: Awaited<ReturnType<typeof open>>) {}

  static async open(path: string): Promise<ResultsWriter> {
    return new ResultsWriter(await open(path, 'a'));
  }

  async append(line: string): Promise<void> {
    const bytes = Buffer.from(line.endsWith('\n') ? line : `${line}\n`, 'utf8');
    let written = 0;
    while (written < bytes.length)
      written += (await this.handle.write(bytes, written, bytes.length - written)).bytesWritten;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
