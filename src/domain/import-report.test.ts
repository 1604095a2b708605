import { describe, expect, it } from 'vitest';
import { DuplicateIndex, looksLikeImage } from './import-report';

describe('import candidates', () => {
  it('considers image extensions and image MIME types', () => {
    expect(looksLikeImage('a.JPG', '')).toBe(true);
    expect(looksLikeImage('scan.avif', '')).toBe(true);
    expect(looksLikeImage('noext', 'image/png')).toBe(true);
    expect(looksLikeImage('notes.txt', 'text/plain')).toBe(false);
    expect(looksLikeImage('archive.zip', 'application/zip')).toBe(false);
  });
});

describe('DuplicateIndex', () => {
  it('finds duplicates of existing images and within one import', () => {
    const index = new DuplicateIndex([{ contentHash: 'h1', relativePath: 'old/a.jpg' }]);
    expect(index.claim('h1', 'new/a-copy.jpg')).toBe('old/a.jpg');
    expect(index.claim('h2', 'b.jpg')).toBeUndefined();
    expect(index.claim('h2', 'sub/b.jpg')).toBe('b.jpg');
  });
});
