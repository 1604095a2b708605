import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageItem } from '../../domain';
import { projectArb } from '../test/arbitraries';
import { streamToBlob, zipStream } from '../zip/write';
import { backupStream, restoreBackup } from './backup';

const bytesOf = (image: ImageItem) => new TextEncoder().encode(`pixels of ${image.relativePath}`);

describe('project backup', () => {
  it('restores exactly: project, images with bytes, every record incl. rejected and suggestions', async () => {
    await fc.assert(
      fc.asyncProperty(projectArb, async ({ project, items }) => {
        const stream = backupStream({
          project,
          items,
          total: items.length,
          readImage: async (image) => new Blob([bytesOf(image)]),
        });
        const restored = await restoreBackup(await streamToBlob(stream, 'application/zip'));
        expect(restored.project).toEqual(project);
        expect(restored.images.map((i) => i.item)).toEqual(items.map((i) => i.image));
        for (const { item, blob } of restored.images)
          expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytesOf(item));
        expect(restored.annotations).toEqual(
          items.flatMap((i) => (i.annotations ? [i.annotations] : [])),
        );
      }),
      { numRuns: 25 },
    );
  });

  it('names what is missing in a zip that is not a backup', async () => {
    const blob = await streamToBlob(
      zipStream([{ path: 'other.txt', data: 'x', compress: true }]),
      '',
    );
    await expect(restoreBackup(blob, 'b.zip')).rejects.toMatchObject({
      key: 'missing-file',
      field: 'project.json',
    });
  });
});
