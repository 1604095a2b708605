import { describe, expect, it } from 'vitest';
import { expandPdfs, isPdf, pageFileName } from './pdf-pages';

const picked = (name: string, type = '') => ({
  file: new File(['x'], name, { type }),
  relativePath: `docs/${name}`,
});

describe('PDF pages', () => {
  it('knows a PDF by type or extension', () => {
    expect(isPdf(picked('a.PDF'))).toBe(true);
    expect(isPdf(picked('scan', 'application/pdf'))).toBe(true);
    expect(isPdf(picked('a.png', 'image/png'))).toBe(false);
  });

  it('names each page after its document, so pages sort with it and stay unique', () => {
    expect(pageFileName('docs/invoice.pdf', 3)).toBe('docs/invoice.pdf#p3.png');
  });

  it('passes other files through untouched without starting a PDF worker', async () => {
    const files = [picked('a.png', 'image/png')];
    expect(await expandPdfs(files, { dpi: 150 })).toEqual({ files, refused: [] });
  });
});
