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
  embeddings: {
    key: string;
    value: Row;
    /** byAge: [usedAt, bytes], so the cap is kept from index keys without reading any embedding. */
    indexes: { usedAt: number; byAge: [number, number] };
  };
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
    this.#db ??= openDB<Schema>(DB_NAME, 2, {
      upgrade(db, oldVersion, _newVersion, tx) {
        if (oldVersion < 1)
          db.createObjectStore('embeddings', { keyPath: 'key' }).createIndex('usedAt', 'usedAt');
        if (oldVersion < 2) tx.objectStore('embeddings').createIndex('byAge', ['usedAt', 'bytes']);
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
      // Index keys only: reading each row's value would deserialise every kept embedding (16 MB
      // each) on the worker's thread at every put, holding up the clicks behind it.
      let cursor = await tx.store.index('byAge').openKeyCursor(null, 'prev');
      while (cursor) {
        const [, bytes] = cursor.key;
        rows.push({ key: cursor.primaryKey, bytes });
        total += bytes;
        cursor = await cursor.continue();
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
