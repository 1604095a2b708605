import { openDB, type IDBPDatabase } from 'idb';
import { migrations as shippedMigrations, runMigrations, type Migration } from './migrations';
import { NewerDatabaseError } from './errors';
import { DB_NAME, SCHEMA_VERSION, type AnnotaSchema } from './schema';

export type AnnotaDb = IDBPDatabase<AnnotaSchema>;

export interface OpenOptions {
  name?: string;
  version?: number;
  /** Another tab wants a newer schema: close so it can upgrade, and tell the user. */
  onVersionChange?: () => void;
  onBlocked?: () => void;
  /** Tests pass extra migrations to prove upgrades from older versions keep data. */
  migrations?: readonly Migration[];
}

export async function openAnnotaDb(options: OpenOptions = {}): Promise<AnnotaDb> {
  const version = options.version ?? SCHEMA_VERSION;
  // A failed migration aborts the upgrade; report the migration's error, not the bare AbortError.
  let migrationError: unknown;
  return openDB<AnnotaSchema>(options.name ?? DB_NAME, version, {
    upgrade(db, oldVersion, newVersion, tx) {
      tx.done.catch(() => undefined);
      try {
        runMigrations(
          db,
          tx,
          oldVersion,
          newVersion ?? version,
          options.migrations ?? shippedMigrations,
        );
      } catch (error) {
        // Abort rather than throw: a throw from the event handler would also surface as uncaught.
        migrationError = error;
        tx.abort();
      }
    },
    blocked() {
      options.onBlocked?.();
    },
    blocking() {
      options.onVersionChange?.();
    },
  }).catch((error: unknown) => {
    if (migrationError) throw migrationError;
    // An old tab after an app update: the stored schema is newer than this build knows.
    if (error instanceof Error && error.name === 'VersionError')
      throw new NewerDatabaseError(error);
    throw error;
  });
}
