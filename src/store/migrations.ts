import type { IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
import type { AnnotaSchema } from './schema';

type UpgradeTx = IDBPTransaction<AnnotaSchema, StoreNames<AnnotaSchema>[], 'versionchange'>;

/**
 * Numbered migrations: migrations[n] upgrades a database at version n to n + 1.
 * Never edit a shipped migration; append a new one and bump SCHEMA_VERSION.
 */
export type Migration = (db: IDBPDatabase<AnnotaSchema>, tx: UpgradeTx) => void;

export const migrations: readonly Migration[] = [
  // 0 → 1: the initial schema.
  (db) => {
    db.createObjectStore('projects', { keyPath: 'id' });
    const images = db.createObjectStore('images', { keyPath: 'id' });
    images.createIndex('projectId', 'projectId');
    images.createIndex('projectHash', ['projectId', 'contentHash']);
    db.createObjectStore('imageBlobs', { keyPath: 'imageId' }).createIndex(
      'projectId',
      'projectId',
    );
    db.createObjectStore('thumbnails', { keyPath: 'imageId' }).createIndex(
      'projectId',
      'projectId',
    );
    db.createObjectStore('annotations', { keyPath: 'imageId' }).createIndex(
      'projectId',
      'projectId',
    );
    db.createObjectStore('jobs', { keyPath: 'id' }).createIndex('projectId', 'projectId');
    db.createObjectStore('settings', { keyPath: 'key' });
  },
];

export function runMigrations(
  db: IDBPDatabase<AnnotaSchema>,
  tx: UpgradeTx,
  oldVersion: number,
  newVersion: number,
  steps: readonly Migration[] = migrations,
): void {
  for (let v = oldVersion; v < newVersion; v++) {
    const step = steps[v];
    if (!step) throw new Error(`no migration from schema version ${v}`);
    step(db, tx);
  }
}
