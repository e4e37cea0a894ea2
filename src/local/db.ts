/**
 * The device-local database for what is not personal history: custom patterns, settings and the
 * person's own glyphs. (The encrypted journal lives in its own database, see src/vault.)
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { Pattern } from '../core/pattern.ts';

export const DB_NAME = 'sacred-breathing';
export const DB_VERSION = 2;

/** A glyph the person added by CID, as stored: `addedAt` keeps the list in the order they were added. */
export interface OwnGlyphRecord {
  readonly cid: string;
  readonly name: string;
  readonly addedAt: number;
}

export interface LocalSchema extends DBSchema {
  patterns: { key: string; value: Pattern };
  settings: { key: string; value: unknown };
  'own-glyphs': { key: string; value: OwnGlyphRecord };
}

export type LocalDb = IDBPDatabase<LocalSchema>;

type Upgrade = IDBPTransaction<LocalSchema, StoreNames<LocalSchema>[], 'versionchange'>;

/** Where version 1 kept own glyphs: one array under this key of `settings`. */
export const V1_OWN_GLYPHS_KEY = 'own-glyphs';

/** Version 2: own glyphs get their own store, keyed by CID; the old array moves there and goes. */
async function moveOwnGlyphs(db: LocalDb, tx: Upgrade): Promise<void> {
  const store = db.createObjectStore('own-glyphs', { keyPath: 'cid' });
  const settings = tx.objectStore('settings');
  const old = await settings.get(V1_OWN_GLYPHS_KEY);
  const entries = Array.isArray(old) ? (old as unknown[]) : [];
  // Their position becomes addedAt (0, 1, …): before any glyph added later, in the same order.
  for (const [i, g] of entries.entries()) {
    const { cid, name } = (typeof g === 'object' && g !== null ? g : {}) as Record<string, unknown>;
    // What the glyph store could never show (no CID text, no name) is not carried over.
    if (typeof cid === 'string' && typeof name === 'string' && !(await store.getKey(cid))) await store.put({ cid, name, addedAt: i });
  }
  await settings.delete(V1_OWN_GLYPHS_KEY);
}

/** Opens (and creates or migrates) the local database. */
export function openLocalDb(name: string = DB_NAME): Promise<LocalDb> {
  return openDB<LocalSchema>(name, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      // One step per version, so any old database walks forward through every migration.
      if (oldVersion < 1) {
        db.createObjectStore('patterns', { keyPath: 'id' });
        db.createObjectStore('settings');
      }
      if (oldVersion < 2) await moveOwnGlyphs(db, tx);
    },
    // Another tab erases everything: let go, so it is not blocked forever.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}
