/**
 * The encrypted journal. Opening it unwraps the data key with the device key, or waits for a
 * passphrase or recovery key; every entry is sealed under the data key (records.ts).
 */
import type { JournalEntry } from '../core/journal.ts';
import { importAesKey, open, seal, utf8 } from './aead.ts';
import { pad, randomBytes, unpad } from './bytes.ts';
import { openVaultDb, type EncryptedRecord, type VaultDb } from './db.ts';
import { calibrate, type KdfParams } from './kdf.ts';
import {
  newDataKey,
  newDeviceKey,
  unwrapWithDevice,
  unwrapWithPassphrase,
  unwrapWithRecoveryKey,
  wrapWithDevice,
  wrapWithPassphrase,
  wrapWithRecoveryKey,
  type Keyring,
} from './keyring.ts';
import { decodeRecoveryKey, newRecoveryKey, normalizeRecoveryKey } from './recovery-key.ts';
import { newRecordId, openEntry, sealEntry } from './records.ts';

export type VaultState =
  | { readonly kind: 'unlocked'; readonly protection: 'device' | 'passphrase' }
  | { readonly kind: 'locked' }
  /** The device key does not work in this browser: the data key is held in memory until a passphrase is set. */
  | { readonly kind: 'needs-passphrase'; readonly reason: string };

/** The vault is locked: unlock it first. */
export class VaultLockedError extends Error {
  override readonly name = 'VaultLockedError';
  constructor() {
    super('The journal is locked. Unlock it with your passphrase or recovery key.');
  }
}

/** The typed-back recovery key does not match the one shown: the passphrase is not in force yet. */
export class RecoveryKeyMismatchError extends Error {
  override readonly name = 'RecoveryKeyMismatchError';
  constructor() {
    super('That is not the recovery key shown. Check it and type it again; your passphrase is not set yet.');
  }
}

export interface StoredEntry {
  readonly id: string;
  readonly entry: JournalEntry;
}

/** A passphrase ready to be put in force, once the person has written down the recovery key. */
export interface PendingPassphrase {
  readonly recoveryKey: string;
  readonly unlockMs: number;
  readonly kdf: KdfParams;
}

export interface VaultOptions {
  readonly dbName?: string;
  /** Seams for tests: a browser whose device key cannot be stored, and a clock for the failure delay. */
  readonly newDeviceKey?: () => Promise<CryptoKey>;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Delay before the nth consecutive wrong passphrase is checked: none for the first three, then doubling to 30 s. */
export const failureDelayMs = (failures: number): number => (failures < 3 ? 0 : Math.min(30_000, 1000 * 2 ** (failures - 3)));

export interface Vault {
  state(): VaultState;
  /** Calls back on every state change; returns the unsubscribe function. */
  onChange(listener: (state: VaultState) => void): () => void;
  unlock(passphrase: string): Promise<void>;
  unlockWithRecoveryKey(recoveryKey: string): Promise<void>;
  lock(): void;
  preparePassphrase(passphrase: string): Promise<PendingPassphrase>;
  confirmPassphrase(passphrase: string, pending: PendingPassphrase, typedRecoveryKey: string): Promise<void>;
  /** Re-wraps the data key under a new passphrase; records are not touched. */
  changePassphrase(next: string): Promise<void>;
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
  /** Internals for backup.ts: the keyring, all raw records, and adding re-sealed records. */
  keyring(): Promise<Keyring>;
  rawRecords(): Promise<EncryptedRecord[]>;
  addEntries(entries: readonly StoredEntry[]): Promise<{ added: number; duplicates: number }>;
  close(): void;
}

const PROBE_AAD = utf8('sacred-breathing/probe/v1');
const SNAPSHOT_AAD = utf8('sacred-breathing/snapshot/v1');

interface Snapshot {
  readonly entries: StoredEntry[];
  readonly skipped: string[];
}

/** Newest first; ISO instants in UTC sort as plain strings (localeCompare is ten times slower). */
const newestFirst = (a: StoredEntry, b: StoredEntry) => (a.entry.startedAt < b.entry.startedAt ? 1 : a.entry.startedAt > b.entry.startedAt ? -1 : 0);

export async function openVault(options: VaultOptions = {}): Promise<Vault> {
  const db: VaultDb = await openVaultDb(options.dbName);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
  const listeners = new Set<(s: VaultState) => void>();
  let state: VaultState = { kind: 'locked' };
  let dataKeyRaw: Uint8Array<ArrayBuffer> | undefined;
  let dataKey: CryptoKey | undefined;
  let failures = 0;

  const setState = (next: VaultState) => {
    state = next;
    for (const l of listeners) l(next);
  };
  const holdKey = async (raw: Uint8Array<ArrayBuffer>) => {
    dataKeyRaw = raw;
    dataKey = await importAesKey(raw);
  };
  const readKeyring = async () => (await db.get('keys', 'keyring')) as Keyring | undefined;
  const key = (): CryptoKey => {
    if (!dataKey) throw new VaultLockedError();
    return dataKey;
  };

  /** A full round trip through storage: seal, write, read back, open. Throws where the browser fails it. */
  async function probe(raw: Uint8Array<ArrayBuffer>): Promise<void> {
    const k = await importAesKey(raw);
    const secret = randomBytes(16);
    await db.put('keys', await seal(k, secret, PROBE_AAD), 'probe');
    const back = await open(k, (await db.get('keys', 'probe')) as { iv: Uint8Array<ArrayBuffer>; ct: Uint8Array<ArrayBuffer> }, PROBE_AAD);
    if (back.length !== secret.length || back.some((b, i) => b !== secret[i])) throw new Error('probe read back different bytes');
  }

  /** Creates the device key and keyring, then proves they survive a write and a read. */
  async function setUpDevice(raw: Uint8Array<ArrayBuffer>): Promise<void> {
    const deviceKey = await (options.newDeviceKey ?? newDeviceKey)();
    const keyring: Keyring = { version: 1, device: await wrapWithDevice(deviceKey, raw) };
    const tx = db.transaction('keys', 'readwrite');
    await Promise.all([tx.store.put(deviceKey, 'device'), tx.store.put(keyring, 'keyring'), tx.done]);
    const storedKey = (await db.get('keys', 'device')) as CryptoKey;
    const stored = (await readKeyring())!;
    const back = await unwrapWithDevice(storedKey, stored.device!);
    if (back.some((b, i) => b !== raw[i])) throw new Error('device key round trip changed the data key');
    await probe(raw);
  }

  // Start: open with the device key, or wait for a passphrase, or create a new journal.
  const existing = await readKeyring();
  if (!existing) {
    const raw = newDataKey();
    try {
      await setUpDevice(raw);
      await holdKey(raw);
      state = { kind: 'unlocked', protection: 'device' };
    } catch (error) {
      await holdKey(raw);
      await db.delete('keys', 'device').catch(() => undefined);
      await db.delete('keys', 'keyring').catch(() => undefined);
      state = {
        kind: 'needs-passphrase',
        reason: `This browser cannot keep the journal's device key (${(error as Error).name}). Set a passphrase to keep your sessions.`,
      };
    }
  } else if (existing.device) {
    try {
      const raw = await unwrapWithDevice((await db.get('keys', 'device')) as CryptoKey, existing.device);
      await probe(raw);
      await holdKey(raw);
      state = { kind: 'unlocked', protection: 'device' };
    } catch (error) {
      state = existing.passphrase
        ? { kind: 'locked' }
        : { kind: 'needs-passphrase', reason: `The device key could not be read back (${(error as Error).name}).` };
    }
  }

  async function readSnapshot(k: CryptoKey): Promise<Snapshot | undefined> {
    const sealed = await db.get('cache', 'history');
    if (!sealed) return undefined;
    try {
      const raw = JSON.parse(new TextDecoder().decode(unpad(await open(k, sealed, SNAPSHOT_AAD)))) as {
        v: number;
        entries: [string, JournalEntry][];
        skipped: string[];
      };
      if (raw.v !== 1) return undefined;
      return { entries: raw.entries.map(([id, entry]) => ({ id, entry })), skipped: raw.skipped };
    } catch {
      // reason: the snapshot is only a cache; a damaged or foreign one is rebuilt from the records.
      return undefined;
    }
  }

  async function writeSnapshot(k: CryptoKey, snapshot: Snapshot): Promise<void> {
    const plain = pad(utf8(JSON.stringify({ v: 1, entries: snapshot.entries.map((e) => [e.id, e.entry]), skipped: snapshot.skipped })));
    await db.put('cache', await seal(k, plain, SNAPSHOT_AAD), 'history');
  }

  /** Applies one change to the snapshot, if there is one (a missing one is rebuilt by list()). */
  async function patchSnapshot(change: { put?: readonly StoredEntry[]; drop?: readonly string[]; skip?: readonly string[] }): Promise<void> {
    const k = key();
    const snapshot = await readSnapshot(k);
    if (!snapshot) return;
    const gone = new Set([...(change.drop ?? []), ...(change.put ?? []).map((e) => e.id), ...(change.skip ?? [])]);
    await writeSnapshot(k, {
      entries: [...snapshot.entries.filter((e) => !gone.has(e.id)), ...(change.put ?? [])].sort(newestFirst),
      skipped: [...snapshot.skipped.filter((id) => !gone.has(id)), ...(change.skip ?? [])],
    });
  }

  async function unlockWith(unwrap: () => Promise<Uint8Array<ArrayBuffer>>): Promise<void> {
    await sleep(failureDelayMs(failures));
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = await unwrap();
    } catch (error) {
      failures++;
      throw error;
    }
    failures = 0;
    await holdKey(raw);
    setState({ kind: 'unlocked', protection: 'passphrase' });
  }

  async function writeKeyring(keyring: Keyring, dropDeviceKey: boolean): Promise<void> {
    const tx = db.transaction('keys', 'readwrite');
    await Promise.all([tx.store.put(keyring, 'keyring'), ...(dropDeviceKey ? [tx.store.delete('device')] : []), tx.done]);
  }

  return {
    state: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async unlock(passphrase) {
      const ring = await readKeyring();
      if (!ring?.passphrase) throw new VaultLockedError();
      await unlockWith(() => unwrapWithPassphrase(passphrase, ring.passphrase!));
    },
    async unlockWithRecoveryKey(recoveryKey) {
      const ring = await readKeyring();
      if (!ring?.recovery) throw new VaultLockedError();
      await unlockWith(() => unwrapWithRecoveryKey(recoveryKey, ring.recovery!));
    },
    lock() {
      if (state.kind !== 'unlocked' || state.protection !== 'passphrase') return;
      dataKey = undefined;
      dataKeyRaw = undefined;
      setState({ kind: 'locked' });
    },
    async preparePassphrase(passphrase) {
      key();
      if (passphrase.length < 8) throw new RangeError('A passphrase needs at least 8 characters.');
      const { params, ms } = await calibrate(randomBytes(16));
      return { recoveryKey: newRecoveryKey(), unlockMs: ms, kdf: params };
    },
    async confirmPassphrase(passphrase, pending, typedRecoveryKey) {
      key();
      decodeRecoveryKey(typedRecoveryKey); // a malformed key gets its own, more specific message
      if (normalizeRecoveryKey(typedRecoveryKey) !== normalizeRecoveryKey(pending.recoveryKey)) throw new RecoveryKeyMismatchError();
      const raw = dataKeyRaw!;
      const keyring: Keyring = {
        version: 1,
        passphrase: await wrapWithPassphrase(passphrase, raw, pending.kdf),
        recovery: await wrapWithRecoveryKey(pending.recoveryKey, raw),
      };
      // From now on only the passphrase or the recovery key opens the journal: the device key goes.
      await writeKeyring(keyring, true);
      await probe(raw);
      setState({ kind: 'unlocked', protection: 'passphrase' });
    },
    async changePassphrase(next) {
      key();
      const ring = await readKeyring();
      if (!ring?.passphrase) throw new VaultLockedError();
      if (next.length < 8) throw new RangeError('A passphrase needs at least 8 characters.');
      const { params } = await calibrate(randomBytes(16));
      await writeKeyring({ ...ring, passphrase: await wrapWithPassphrase(next, dataKeyRaw!, params) }, false);
    },
    async save(entry) {
      const id = newRecordId();
      await db.put('records', await sealEntry(key(), id, entry));
      await patchSnapshot({ put: [{ id, entry }] });
      return id;
    },
    async update(id, entry) {
      await db.put('records', await sealEntry(key(), id, entry));
      await patchSnapshot({ put: [{ id, entry }] });
    },
    async get(id) {
      const record = await db.get('records', id);
      return record && openEntry(key(), record);
    },
    async list() {
      const k = key();
      const records = await db.getAll('records');
      const skipped: string[] = [];
      const opened = await Promise.all(
        records.map(async (r) => {
          try {
            return { id: r.id, entry: await openEntry(k, r) };
          } catch {
            // reason: a damaged or tampered record is counted and skipped; the rest stay readable.
            skipped.push(r.id);
            return undefined;
          }
        }),
      );
      const entries = opened.filter((e): e is StoredEntry => e !== undefined).sort(newestFirst);
      await writeSnapshot(k, { entries, skipped });
      return { entries, skipped: skipped.length };
    },
    async listCached() {
      const k = key();
      const [snapshot, ids] = await Promise.all([readSnapshot(k), db.getAllKeys('records')]);
      if (!snapshot) return undefined;
      const known = new Set([...snapshot.entries.map((e) => e.id), ...snapshot.skipped]);
      if (known.size !== ids.length || ids.some((id) => !known.has(id))) return undefined;
      return { entries: snapshot.entries, skipped: snapshot.skipped.length };
    },
    async remove(id) {
      key();
      const record = await db.get('records', id);
      await db.delete('records', id);
      await patchSnapshot({ drop: [id] });
      return record;
    },
    async restore(record) {
      const k = key();
      await db.put('records', record);
      const entry = await openEntry(k, record).catch(() => undefined);
      await patchSnapshot(entry ? { put: [{ id: record.id, entry }] } : { skip: [record.id] });
    },
    keyring: async () => (await readKeyring()) ?? { version: 1 },
    rawRecords: () => db.getAll('records'),
    async addEntries(entries) {
      const k = key();
      const sealed = await Promise.all(entries.map((e) => sealEntry(k, e.id, e.entry)));
      const tx = db.transaction('records', 'readwrite');
      const existing = new Set(await tx.store.getAllKeys());
      const fresh = sealed.filter((r) => !existing.has(r.id));
      await Promise.all([...fresh.map((r) => tx.store.put(r)), tx.done]);
      const added = fresh.length;
      const addedIds = new Set(fresh.map((r) => r.id));
      await patchSnapshot({ put: entries.filter((e) => addedIds.has(e.id)) });
      return { added, duplicates: entries.length - added };
    },
    close: () => db.close(),
  };
}
