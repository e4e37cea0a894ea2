/** The vault's public types: its state, a pending passphrase and the operations it offers. */
import type { JournalEntry } from '../core/journal.ts';
import type { EncryptedRecord } from './db.ts';
import type { KdfParams } from './kdf.ts';
import type { Keyring } from './keyring.ts';
import type { StoredEntry } from './snapshot.ts';

/** Whether the journal is open, and how it is protected. */
export type VaultState =
  | { readonly kind: 'unlocked'; readonly protection: 'device' | 'passphrase' }
  | { readonly kind: 'locked' }
  /**
   * The device key does not work in this browser: nothing is written until a passphrase is set.
   * `errorName` is the browser's error that keeping the key gave (DataCloneError, say).
   */
  | { readonly kind: 'needs-passphrase'; readonly errorName: string };

/** A passphrase ready to be put in force, once the person has written down the recovery key. */
export interface PendingPassphrase {
  readonly recoveryKey: string;
  readonly unlockMs: number;
  readonly kdf: KdfParams;
}

/** The opened journal; every storage operation runs one at a time, in call order. */
export interface Vault {
  state(): VaultState;
  /** Calls back on every state change; returns the unsubscribe function. */
  onChange(listener: (state: VaultState) => void): () => void;
  unlock(passphrase: string): Promise<void>;
  unlockWithRecoveryKey(recoveryKey: string): Promise<void>;
  lock(): void;
  /** Checks a new passphrase (and the current one, if one is set) and makes a recovery key to show. */
  preparePassphrase(passphrase: string, current?: string): Promise<PendingPassphrase>;
  /** Puts the passphrase in force: a new data key, every record re-sealed into a new database, the old database deleted. */
  confirmPassphrase(passphrase: string, pending: PendingPassphrase, typedRecoveryKey: string): Promise<void>;
  /** Saves an entry; while locked it is sealed to the inbox and folded in at the next unlock. */
  save(entry: JournalEntry): Promise<string>;
  update(id: string, entry: JournalEntry): Promise<void>;
  get(id: string): Promise<JournalEntry | undefined>;
  /** Opens every record (skipping and counting damaged ones) and refreshes the snapshot. */
  list(): Promise<{ entries: StoredEntry[]; skipped: number }>;
  /** The history from the snapshot, when it covers exactly the stored records; otherwise undefined. */
  listCached(): Promise<{ entries: StoredEntry[]; skipped: number } | undefined>;
  /** Deletes one record and returns it (still encrypted) so it can be restored (undo). */
  remove(id: string): Promise<EncryptedRecord | undefined>;
  restore(record: EncryptedRecord): Promise<void>;
  /** For backups: the keyring, the records that open (and how many did not), adding re-sealed entries. */
  keyring(): Promise<Keyring>;
  readableRecords(): Promise<{ records: EncryptedRecord[]; damaged: number }>;
  addEntries(entries: readonly StoredEntry[]): Promise<{ added: number; duplicates: number }>;
  /** The key that seals a backup's manifest (derived from the data key). */
  manifestKey(): Promise<CryptoKey>;
  /** Every database this vault uses now (the pointer and the current generation), for erase. */
  databaseNames(): readonly string[];
  close(): void;
}
