/**
 * The vault's IndexedDB schema. What is stored, all of it:
 *
 *   keys/device   CryptoKey   non-extractable AES-GCM key (only while no passphrase is set)
 *   keys/keyring  Keyring     the data key wrapped per way of opening (see keyring.ts)
 *   keys/probe    Sealed      random bytes sealed with the data key, rewritten at each start
 *   keys/failures number      wrong passphrases in a row, for the growing delay (beside the keyring,
 *                             so clearing site storage piecemeal cannot reset it without the keyring)
 *   records/<id>  { id, iv, ct }
 *       id: 16 random bytes, base64url; says nothing about the session
 *       iv: 12 bytes; ct: AES-256-GCM of pad(UTF-8 JSON of a JournalEntry) with the 16-byte tag
 *       additional data: "sacred-breathing/record/v1/<id>", so records cannot be swapped
 *   inbox/<id>    { id, epk, iv, ct }   a session finished while the journal was locked, sealed to
 *       the journal's public key (inbox.ts): ECDH P-256 with an ephemeral key, HKDF-SHA256, AES-GCM
 *       of the same padded plaintext as a record. Folded into records/ at the next unlock.
 *   cache/history Sealed     every opened entry, newest first, as one sealed JSON snapshot
 *       { v: 1, entries: [[id, entry], ...], skipped: [id, ...] }, padded, additional data
 *       "sacred-breathing/snapshot/v1". Only a cache: the records are the truth, and the history
 *       is checked against them after it is shown (see store.ts).
 *
 * No date, pattern name, length or other field is kept in the clear. The database's name changes
 * with each key generation (generations.ts).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { Sealed } from './aead.ts';
import { NewerVaultError } from './errors.ts';
import type { Keyring } from './keyring.ts';

export const VAULT_DB_NAME = 'sacred-breathing-vault';

export interface EncryptedRecord {
  readonly id: string;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ct: Uint8Array<ArrayBuffer>;
}

/** A session sealed to the journal's public key while it was locked (see inbox.ts). */
export interface InboxRecord {
  readonly id: string;
  /** The ephemeral P-256 public key, uncompressed (65 bytes). */
  readonly epk: Uint8Array<ArrayBuffer>;
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ct: Uint8Array<ArrayBuffer>;
}

export interface VaultSchema extends DBSchema {
  keys: { key: 'device' | 'keyring' | 'probe' | 'failures'; value: CryptoKey | Keyring | Sealed | number };
  records: { key: string; value: EncryptedRecord };
  cache: { key: 'history'; value: Sealed };
  inbox: { key: string; value: InboxRecord };
}

/** Every object store, for copying a generation whole. */
export const VAULT_STORES = ['keys', 'records', 'cache', 'inbox'] as const;

export type VaultDb = IDBPDatabase<VaultSchema>;

/**
 * Migrations, one per version, applied in order from the stored version. Never edit a released
 * step: add the next one.
 */
const MIGRATIONS: ((db: IDBPDatabase<VaultSchema>) => void)[] = [
  // v1: keys and encrypted records.
  (db) => {
    db.createObjectStore('keys');
    db.createObjectStore('records', { keyPath: 'id' });
  },
  // v2: a sealed snapshot of the opened history, so 10,000 sessions show without 10,000 decryptions.
  (db) => {
    db.createObjectStore('cache');
  },
  // v3: sessions sealed while the journal is locked, waiting for the next unlock.
  (db) => {
    db.createObjectStore('inbox', { keyPath: 'id' });
  },
];

export const VAULT_DB_VERSION = MIGRATIONS.length;

/** Opens (creating or upgrading) one generation's database; `onGone` runs when another tab deletes or upgrades it. */
export async function openVaultDb(name: string = VAULT_DB_NAME, onGone?: () => void): Promise<VaultDb> {
  try {
    return await openDB<VaultSchema>(name, VAULT_DB_VERSION, {
      upgrade(db, oldVersion) {
        for (let v = oldVersion; v < MIGRATIONS.length; v++) MIGRATIONS[v]!(db);
      },
      // Another tab erases everything or upgrades the schema: let go, so it is not blocked forever.
      blocking(_current, _next, event) {
        (event.target as IDBDatabase).close();
        onGone?.();
      },
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'VersionError') throw new NewerVaultError();
    throw error;
  }
}
