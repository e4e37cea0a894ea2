/**
 * The device-local database for what is not personal history: custom patterns and settings.
 * (The encrypted journal lives in its own database, see src/vault.)
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Pattern } from '../core/pattern.ts';

export const DB_NAME = 'sacred-breathing';
export const DB_VERSION = 1;

export interface LocalSchema extends DBSchema {
  patterns: { key: string; value: Pattern };
  settings: { key: string; value: unknown };
}

export type LocalDb = IDBPDatabase<LocalSchema>;

/** Opens (and creates or migrates) the local database. */
export function openLocalDb(name: string = DB_NAME): Promise<LocalDb> {
  return openDB<LocalSchema>(name, DB_VERSION, {
    upgrade(db, oldVersion) {
      // One step per version, so any old database walks forward through every migration.
      if (oldVersion < 1) {
        db.createObjectStore('patterns', { keyPath: 'id' });
        db.createObjectStore('settings');
      }
    },
    // Another tab erases everything: let go, so it is not blocked forever.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}
