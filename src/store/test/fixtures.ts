import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { newId, type ImageItem, type ProjectId } from '../../domain';
import type { NewImage } from '../repositories/images';

/** A fresh, empty IndexedDB for each test. */
export function freshIndexedDb(): void {
  globalThis.indexedDB = new IDBFactory();
}

export function makeImage(
  projectId: ProjectId,
  name: string,
  overrides: Partial<ImageItem> = {},
): NewImage {
  const now = Date.now();
  const item: ImageItem = {
    id: newId<'image'>(),
    projectId,
    fileName: name,
    relativePath: name,
    mime: 'image/png',
    byteSize: 4,
    width: 40,
    height: 30,
    contentHash: `hash-${name}`,
    status: 'new',
    reviewReasons: [],
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
  return {
    item,
    original: new Blob([new Uint8Array([1, 2, 3, 4])], { type: 'image/png' }),
    thumbnail: {
      blob: new Blob([new Uint8Array([9])], { type: 'image/webp' }),
      width: 20,
      height: 15,
    },
  };
}
