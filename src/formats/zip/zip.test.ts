import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors';
import type { FileEntry } from '../types';
import { openZip } from './read';
import { streamToBlob, zipStream } from './write';

async function* pieces(): AsyncGenerator<string> {
  for (let i = 0; i < 5000; i++) yield `{"line":${i},"label":"猫🐶"}\n`;
}

const image = new Uint8Array(200_000).map((_, i) => (i * 31) % 251);

function entries(): FileEntry[] {
  return [
    { path: 'annotations.jsonl', data: pieces(), compress: true },
    { path: 'note.txt', data: 'plain text', compress: true },
    { path: 'bytes.bin', data: new Uint8Array([1, 2, 3]), compress: true },
    { path: 'images/子目录/猫 1.jpg', data: async () => new Blob([image]), compress: false },
  ];
}

describe('zip writer and reader', () => {
  it('round-trips text, streamed text, bytes and a stored image with unicode paths', async () => {
    const blob = await streamToBlob(zipStream(entries()), 'application/zip');
    const zip = await openZip(blob);
    expect(zip.entries.map((e) => e.path)).toEqual([
      'annotations.jsonl',
      'note.txt',
      'bytes.bin',
      'images/子目录/猫 1.jpg',
    ]);
    const jsonl = await zip.text(zip.get('annotations.jsonl')!);
    expect(jsonl.split('\n')).toHaveLength(5001);
    expect(await zip.text(zip.get('note.txt')!)).toBe('plain text');
    expect([...(await zip.bytes(zip.get('bytes.bin')!))]).toEqual([1, 2, 3]);
    const stored = zip.get('images/子目录/猫 1.jpg')!;
    // Images are stored, not compressed again.
    expect(stored.method).toBe(0);
    const back = new Uint8Array(await (await zip.blob(stored, 'image/jpeg')).arrayBuffer());
    expect(back).toEqual(image);
  });

  it('writes archives other zip readers accept', async () => {
    const blob = await streamToBlob(zipStream(entries()), 'application/zip');
    const files = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    expect(Object.keys(files)).toContain('images/子目录/猫 1.jpg');
    expect(files['note.txt']).toEqual(new TextEncoder().encode('plain text'));
  });

  it('pulls entries lazily: nothing is read before the consumer asks', async () => {
    let reads = 0;
    const lazy = (async function* (): AsyncGenerator<FileEntry> {
      for (let i = 0; i < 3; i++) {
        reads++;
        yield { path: `f${i}.txt`, data: 'x'.repeat(100_000), compress: true };
      }
    })();
    const reader = zipStream(lazy).getReader();
    expect(reads).toBe(0);
    await reader.read();
    expect(reads).toBe(1);
    await reader.cancel();
  });

  it('reads back archives with more than 65,535 entries (the 16-bit count wraps)', async () => {
    const many = function* (): Generator<FileEntry> {
      for (let i = 0; i < 66_000; i++) yield { path: `labels/${i}.txt`, data: '', compress: false };
    };
    const zip = await openZip(await streamToBlob(zipStream(many()), ''));
    expect(zip.entries).toHaveLength(66_000);
    expect(zip.entries.at(-1)?.path).toBe('labels/65999.txt');
  });

  it('rejects what is not a zip with a typed error', async () => {
    await expect(openZip(new Blob(['not a zip at all']), 'x.zip')).rejects.toMatchObject({
      name: 'FormatError',
      format: 'zip',
      file: 'x.zip',
      key: 'invalid-zip',
    });
    const blob = await streamToBlob(zipStream(entries()), 'application/zip');
    const truncated = blob.slice(0, blob.size - 30);
    await expect(openZip(truncated)).rejects.toBeInstanceOf(FormatError);
  });
});
