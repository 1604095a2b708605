import { describe, expect, it } from 'vitest';
import { FormatError } from './errors';
import { parseJsonlLines } from './jsonl/parse';
import { blobLines, blobText } from './text-stream';

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('reading big text files as a stream', () => {
  it('splits lines across the pieces the browser reads, multi-byte characters included', async () => {
    // Several pieces of 64 KiB: lines and 3-byte characters straddle their edges.
    const lines = Array.from({ length: 6000 }, (_, i) => `${i} 标注 ${'x'.repeat(i % 97)}`);
    const bytes = new TextEncoder().encode(lines.join('\r\n'));
    // Odd-sized parts: a browser hands a file over in pieces whose edges fall anywhere.
    const parts = Array.from({ length: Math.ceil(bytes.length / 4099) }, (_, i) =>
      bytes.slice(i * 4099, (i + 1) * 4099),
    );
    const blob = new Blob(parts);
    const progress: number[] = [];
    const read = await collect(
      blobLines(blob, 'jsonl', 'a.jsonl', { onProgress: (done) => progress.push(done) }),
    );
    expect(read.map(([, text]) => text)).toEqual(lines);
    expect(read.at(-1)![0]).toBe(6000);
    expect(progress.at(-1)).toBe(blob.size);
    expect(progress.length).toBeGreaterThan(1);
  });

  it('stops when cancelled, between pieces', async () => {
    const controller = new AbortController();
    const blob = new Blob(['{}\n'.repeat(200_000)]);
    const read = collect(
      blobLines(blob, 'jsonl', 'a.jsonl', {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    );
    await expect(read).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a file a parser needs whole is refused past the limit by name and size, before reading', async () => {
    const blob = new Blob([new Uint8Array(3 * 2 ** 20)]);
    const refused = await blobText(blob, 'coco', 'big/instances.json', {}, 2 * 2 ** 20).catch(
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(FormatError);
    expect(refused).toMatchObject({
      key: 'too-large',
      file: 'big/instances.json',
      params: { size: 3, limit: 2 },
    });
    expect(await blobText(new Blob(['ok 好']), 'csv', 'a.csv')).toBe('ok 好');
  });

  it('JSONL read line by line names the bad line and field, and skips a byte-order mark', async () => {
    const good = JSON.stringify({ file_name: 'a.png', regions: [] });
    const bad = JSON.stringify({ file_name: 'b.png', regions: [{ label: 1, bbox: [0, 0, 1, 1] }] });
    const counts: number[] = [];
    const parsed = await parseJsonlLines(
      blobLines(new Blob([`\uFEFF${good}\n\n${good}\n`]), 'jsonl', 'a.jsonl'),
      'a.jsonl',
      (n) => counts.push(n),
    );
    expect(parsed.records).toHaveLength(2);
    expect(counts).toEqual([1, 2]);
    await expect(
      parseJsonlLines(blobLines(new Blob([`${good}\n${bad}\n`]), 'jsonl', 'a.jsonl'), 'a.jsonl'),
    ).rejects.toMatchObject({ key: 'wrong-type', line: 2, field: 'regions[0].label' });
  });
});
