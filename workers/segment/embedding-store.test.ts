import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { openDB } from 'idb';
import { beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingStore, type StoredEmbedding } from './embedding-store';

function embedding(bytes: number, fill: number): StoredEmbedding {
  return {
    tensors: {
      'image_embeddings.0': {
        type: 'float32',
        dims: [1, bytes / 4],
        data: new Float32Array(bytes / 4).fill(fill).buffer,
      },
    },
    originalSize: [600, 800],
    reshapedSize: [1024, 1024],
  };
}

let clock = 0;
beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
  clock = 0;
});

describe('EmbeddingStore (IndexedDB)', () => {
  it('gives back what it kept, tensors and sizes intact', async () => {
    const store = new EmbeddingStore(1000, () => ++clock);
    const key = EmbeddingStore.key('onnx-community/EdgeTAM-ONNX', 'abc', 'image-1');
    await store.put(key, embedding(40, 2.5));
    const back = await store.get(key);
    expect(back?.originalSize).toEqual([600, 800]);
    expect(Array.from(new Float32Array(back!.tensors['image_embeddings.0']!.data))).toEqual(
      new Array(10).fill(2.5),
    );
    expect(await store.get(EmbeddingStore.key('other/model', 'abc', 'image-1'))).toBeNull();
  });

  it('stays under its byte cap by dropping the least recently used', async () => {
    const store = new EmbeddingStore(100, () => ++clock);
    await store.put('a', embedding(40, 1));
    await store.put('b', embedding(40, 2));
    await store.get('a');
    await store.put('c', embedding(40, 3));
    expect(await store.get('b')).toBeNull();
    expect(await store.get('a')).not.toBeNull();
    expect(await store.get('c')).not.toBeNull();
    expect(await store.bytes()).toBe(80);
  });

  it('never keeps an embedding larger than the cap', async () => {
    const store = new EmbeddingStore(30, () => ++clock);
    await store.put('big', embedding(40, 1));
    expect(await store.get('big')).toBeNull();
    expect(await store.bytes()).toBe(0);
  });

  it('keeps the cap over embeddings a first version of the store kept (opened again, upgraded)', async () => {
    const old = await openDB('annota-segment-embeddings', 1, {
      upgrade(db) {
        db.createObjectStore('embeddings', { keyPath: 'key' }).createIndex('usedAt', 'usedAt');
      },
    });
    await old.put('embeddings', { key: 'old', bytes: 40, usedAt: 0, embedding: embedding(40, 9) });
    old.close();
    const store = new EmbeddingStore(100, () => ++clock);
    await store.put('a', embedding(40, 1));
    await store.put('b', embedding(40, 2));
    expect(await store.bytes()).toBe(80);
    expect(await store.get('old')).toBeNull();
    expect(await store.get('a')).not.toBeNull();
  });
});
