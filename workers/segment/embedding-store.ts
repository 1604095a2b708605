import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

/** One tensor as IndexedDB keeps it: its type, shape and bytes. */
export interface StoredTensor {
  type: string;
  dims: number[];
  data: ArrayBuffer;
}

export interface StoredEmbedding {
  tensors: Record<string, StoredTensor>;
  originalSize: [number, number];
  reshapedSize: [number, number];
}

interface Row {
  key: string;
  bytes: number;
  usedAt: number;
  embedding: StoredEmbedding;
}

interface Schema extends DBSchema {
  embeddings: { key: string; value: Row; indexes: { usedAt: number } };
}

const DB_NAME = 'annota-segment-embeddings';

/**
 * Image embeddings kept across visits (opening an image again skips the encoder), under a byte
 * cap: the least recently used go first. Keyed by model, revision and image, so another model's
 * embedding is never used. Every failure (private mode, quota) reads as "not stored": this is a
 * cache, the encoder is the truth.
 */
export class EmbeddingStore {
  #db: Promise<IDBPDatabase<Schema> | null> | null = null;

  constructor(
    readonly maxBytes: number,
    private readonly now: () => number = Date.now,
  ) {}

  static key(modelId: string, revision: string, imageId: string): string {
    return `${modelId}@${revision}:${imageId}`;
  }

  #open(): Promise<IDBPDatabase<Schema> | null> {
    this.#db ??= openDB<Schema>(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('embeddings', { keyPath: 'key' }).createIndex('usedAt', 'usedAt');
      },
    }).catch(() => null);
    return this.#db;
  }

  async get(key: string): Promise<StoredEmbedding | null> {
    try {
      const db = await this.#open();
      const row = await db?.get('embeddings', key);
      if (!db || !row) return null;
      await db.put('embeddings', { ...row, usedAt: this.now() });
      return row.embedding;
    } catch {
      return null;
    }
  }

  /** Keeps the embedding, then drops the least recently used until the cap holds (never it). */
  async put(key: string, embedding: StoredEmbedding): Promise<void> {
    const bytes = Object.values(embedding.tensors).reduce((n, t) => n + t.data.byteLength, 0);
    if (bytes > this.maxBytes) return;
    try {
      const db = await this.#open();
      if (!db) return;
      await db.put('embeddings', { key, bytes, usedAt: this.now(), embedding });
      const tx = db.transaction('embeddings', 'readwrite');
      let total = 0;
      const rows: { key: string; bytes: number }[] = [];
      for await (const cursor of tx.store.index('usedAt').iterate(null, 'prev')) {
        rows.push({ key: cursor.value.key, bytes: cursor.value.bytes });
        total += cursor.value.bytes;
      }
      for (const row of rows.reverse()) {
        if (total <= this.maxBytes) break;
        if (row.key === key) continue;
        await tx.store.delete(row.key);
        total -= row.bytes;
      }
      await tx.done;
    } catch {
      // Quota or a closed database: the embedding is simply not kept.
    }
  }

  async bytes(): Promise<number> {
    const db = await this.#open();
    const rows = (await db?.getAll('embeddings')) ?? [];
    return rows.reduce((n, r) => n + r.bytes, 0);
  }

  async clear(): Promise<void> {
    const db = await this.#open();
    await db?.clear('embeddings');
  }
}
