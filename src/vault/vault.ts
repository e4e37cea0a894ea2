/**
 * The encrypted journal. Opening it unwraps the data key with the device key, or waits for a
 * passphrase or recovery key; every entry is sealed under the data key (records.ts).
 */
import type { JournalEntry } from '../core/journal.ts';
import { importAesKey, open, seal, utf8 } from './aead.ts';
import { randomBytes } from './bytes.ts';
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
import { applyChange, covers, newestFirst, readSnapshot, sealSnapshot, type SnapshotChange, type StoredEntry } from './snapshot.ts';

export type { StoredEntry } from './snapshot.ts';

export type VaultState =
  | { readonly kind: 'unlocked'; readonly protection: 'device' | 'passphrase' }
  | { readonly kind: 'locked' }
  /** The device key does not work in this browser: nothing is written until a passphrase is set. */
  | { readonly kind: 'needs-passphrase'; readonly reason: string };

/** The vault is locked: unlock it first. */
export class VaultLockedError extends Error {
  override readonly name = 'VaultLockedError';
  constructor() {
    super('The journal is locked. Unlock it with your passphrase or recovery key.');
  }
}

/** This browser cannot keep a device key, so nothing is stored before a passphrase is set. */
export class PassphraseRequiredError extends Error {
  override readonly name = 'PassphraseRequiredError';
  constructor() {
    super('Set a passphrase first: this browser cannot keep the journal safe without one.');
  }
}

/** The stored device key no longer opens the journal, and there is no passphrase to try. */
export class UnreadableVaultError extends Error {
  override readonly name = 'UnreadableVaultError';
}

/** The typed-back recovery key does not match the one shown: the passphrase is not in force yet. */
export class RecoveryKeyMismatchError extends Error {
  override readonly name = 'RecoveryKeyMismatchError';
  constructor() {
    super('That is not the recovery key shown. Check it and type it again; your passphrase is not set yet.');
  }
}

/** A passphrase ready to be put in force, once the person has written down the recovery key. */
export interface PendingPassphrase {
  readonly recoveryKey: string;
  readonly unlockMs: number;
  readonly kdf: KdfParams;
}

/** Where the count of wrong passphrases lives, so that reloading does not reset the delay. */
export interface FailureCounter {
  read(): number;
  write(failures: number): void;
}

export interface VaultOptions {
  readonly dbName?: string;
  readonly failures?: FailureCounter;
  /** Seams for tests: a browser whose device key cannot be stored, a clock for the delay, the KDF. */
  readonly newDeviceKey?: () => Promise<CryptoKey>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly calibrate?: typeof calibrate;
}

/** Delay before the nth consecutive wrong passphrase is checked: none for the first three, then doubling to 30 s. */
export const failureDelayMs = (failures: number): number => (failures < 3 ? 0 : Math.min(30_000, 1000 * 2 ** (failures - 3)));

export const MIN_PASSPHRASE_LENGTH = 8;

export interface Vault {
  state(): VaultState;
  /** Calls back on every state change; returns the unsubscribe function. */
  onChange(listener: (state: VaultState) => void): () => void;
  unlock(passphrase: string): Promise<void>;
  unlockWithRecoveryKey(recoveryKey: string): Promise<void>;
  lock(): void;
  preparePassphrase(passphrase: string): Promise<PendingPassphrase>;
  /** Puts the passphrase in force under a new data key (records re-sealed): the old device key opens nothing. */
  confirmPassphrase(passphrase: string, pending: PendingPassphrase, typedRecoveryKey: string): Promise<void>;
  /** Re-wraps the data key under a new passphrase after checking the current one; records are not touched. */
  changePassphrase(current: string, next: string): Promise<void>;
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
  rawRecords(): Promise<EncryptedRecord[]>;
  addEntries(entries: readonly StoredEntry[]): Promise<{ added: number; duplicates: number }>;
  close(): void;
}

const PROBE_AAD = utf8('sacred-breathing/probe/v1');
const bytesEqual = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

export async function openVault(options: VaultOptions = {}): Promise<Vault> {
  const db: VaultDb = await openVaultDb(options.dbName);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
  const failures: FailureCounter = options.failures ?? (() => {
    let n = 0;
    return { read: () => n, write: (v: number) => void (n = v) };
  })();
  const kdfCalibrate = options.calibrate ?? calibrate;
  const listeners = new Set<(s: VaultState) => void>();
  let state: VaultState = { kind: 'locked' };
  let dataKeyRaw: Uint8Array<ArrayBuffer> | undefined;
  let dataKey: CryptoKey | undefined;
  // Snapshot read-modify-writes run one after another, never interleaved.
  let snapshotQueue: Promise<unknown> = Promise.resolve();

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
  /** The key, for writes: only once it is kept somewhere that survives a reload. */
  const writeKey = (): CryptoKey => {
    if (state.kind === 'needs-passphrase') throw new PassphraseRequiredError();
    return key();
  };

  /** A full round trip through storage: seal, write, read back, open. Throws where the browser fails it. */
  async function probe(raw: Uint8Array<ArrayBuffer>): Promise<void> {
    const k = await importAesKey(raw);
    const secret = randomBytes(16);
    await db.put('keys', await seal(k, secret, PROBE_AAD), 'probe');
    const back = await open(k, (await db.get('keys', 'probe')) as { iv: Uint8Array<ArrayBuffer>; ct: Uint8Array<ArrayBuffer> }, PROBE_AAD);
    if (!bytesEqual(back, secret)) throw new Error('probe read back different bytes');
  }

  /** Creates the device key and keyring, then proves they survive a write and a read. */
  async function setUpDevice(raw: Uint8Array<ArrayBuffer>): Promise<void> {
    const deviceKey = await (options.newDeviceKey ?? newDeviceKey)();
    const keyring: Keyring = { version: 1, device: await wrapWithDevice(deviceKey, raw) };
    const tx = db.transaction('keys', 'readwrite');
    await Promise.all([tx.store.put(deviceKey, 'device'), tx.store.put(keyring, 'keyring'), tx.done]);
    const back = await unwrapWithDevice((await db.get('keys', 'device')) as CryptoKey, (await readKeyring())!.device!);
    if (!bytesEqual(back, raw)) throw new Error('device key round trip changed the data key');
    await probe(raw);
  }

  // Start: open with the device key, or wait for a passphrase, or create a new journal.
  const existing = await readKeyring();
  if (!existing) {
    const raw = newDataKey();
    await holdKey(raw);
    try {
      await setUpDevice(raw);
      state = { kind: 'unlocked', protection: 'device' };
    } catch (error) {
      // reason: the cleanup itself may fail in the same broken storage; the state says what to do.
      await db.delete('keys', 'device').catch(() => undefined);
      await db.delete('keys', 'keyring').catch(() => undefined);
      state = {
        kind: 'needs-passphrase',
        reason: `This browser cannot keep the journal's device key (${(error as Error).name}). Set a passphrase to keep your sessions.`,
      };
    }
  } else if (existing.device) {
    let raw: Uint8Array<ArrayBuffer> | undefined;
    try {
      raw = await unwrapWithDevice((await db.get('keys', 'device')) as CryptoKey, existing.device);
    } catch (error) {
      if (!existing.passphrase) {
        db.close();
        throw new UnreadableVaultError(
          `The key that opens this journal on this device can no longer be read (${(error as Error).name}). Import a backup, or erase to start again.`,
        );
      }
    }
    if (raw) {
      await holdKey(raw);
      state = { kind: 'unlocked', protection: 'device' };
      // reason: the key opened the journal; a failed probe write (a full disk) must not hide it.
      await probe(raw).catch((error: unknown) => console.warn('journal storage probe failed', (error as Error).name));
    }
  }

  async function patchSnapshot(change: SnapshotChange): Promise<void> {
    const k = key();
    const run = async () => {
      const snapshot = await readSnapshot(db, k);
      if (snapshot) await db.put('cache', await sealSnapshot(k, applyChange(snapshot, change)), 'history');
    };
    await (snapshotQueue = snapshotQueue.then(run, run));
  }

  async function unlockWith(unwrap: () => Promise<Uint8Array<ArrayBuffer>>): Promise<void> {
    await sleep(failureDelayMs(failures.read()));
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = await unwrap();
    } catch (error) {
      failures.write(failures.read() + 1);
      throw error;
    }
    failures.write(0);
    await holdKey(raw);
    setState({ kind: 'unlocked', protection: 'passphrase' });
  }

  const checkLength = (passphrase: string) => {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new RangeError(`A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  };

  async function openAll(k: CryptoKey, records: readonly EncryptedRecord[]) {
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
    return { entries: opened.filter((e): e is StoredEntry => e !== undefined).sort(newestFirst), skipped };
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
      checkLength(passphrase);
      const { params, ms } = await kdfCalibrate(randomBytes(16));
      return { recoveryKey: newRecoveryKey(), unlockMs: ms, kdf: params };
    },
    async confirmPassphrase(passphrase, pending, typedRecoveryKey) {
      const oldKey = key();
      decodeRecoveryKey(typedRecoveryKey); // a malformed key gets its own, more specific message
      if (normalizeRecoveryKey(typedRecoveryKey) !== normalizeRecoveryKey(pending.recoveryKey)) throw new RecoveryKeyMismatchError();
      // A new data key: the device key (whose bytes a copied browser profile may still hold) must
      // open nothing from now on. Records are re-sealed; damaged ones stay as they are.
      const raw = newDataKey();
      const newKey = await importAesKey(raw);
      const { entries, skipped } = await openAll(oldKey, await db.getAll('records'));
      const resealed = await Promise.all(entries.map((e) => sealEntry(newKey, e.id, e.entry)));
      const keyring: Keyring = {
        version: 1,
        passphrase: await wrapWithPassphrase(passphrase, raw, pending.kdf),
        recovery: await wrapWithRecoveryKey(pending.recoveryKey, raw),
      };
      const snapshot = await sealSnapshot(newKey, { entries, skipped });
      const tx = db.transaction(['keys', 'records', 'cache'], 'readwrite');
      await Promise.all([
        ...resealed.map((r) => tx.objectStore('records').put(r)),
        tx.objectStore('keys').put(keyring, 'keyring'),
        tx.objectStore('keys').delete('device'),
        tx.objectStore('cache').put(snapshot, 'history'),
        tx.done,
      ]);
      await holdKey(raw);
      await probe(raw);
      setState({ kind: 'unlocked', protection: 'passphrase' });
    },
    async changePassphrase(current, next) {
      key();
      checkLength(next);
      const ring = await readKeyring();
      if (!ring?.passphrase) throw new VaultLockedError();
      const raw = await unwrapWithPassphrase(current, ring.passphrase);
      const { params } = await kdfCalibrate(randomBytes(16));
      const wrap = await wrapWithPassphrase(next, raw, params);
      // Prove the new wrap opens before it replaces the old one.
      if (!bytesEqual(await unwrapWithPassphrase(next, wrap), raw)) throw new Error('the new passphrase wrap did not open');
      await db.put('keys', { ...ring, passphrase: wrap }, 'keyring');
    },
    async save(entry) {
      const id = newRecordId();
      await db.put('records', await sealEntry(writeKey(), id, entry));
      await patchSnapshot({ put: [{ id, entry }] });
      return id;
    },
    async update(id, entry) {
      await db.put('records', await sealEntry(writeKey(), id, entry));
      await patchSnapshot({ put: [{ id, entry }] });
    },
    async get(id) {
      const record = await db.get('records', id);
      return record && openEntry(key(), record);
    },
    async list() {
      const k = key();
      const result = await openAll(k, await db.getAll('records'));
      const write = async () => db.put('cache', await sealSnapshot(k, result), 'history');
      if (state.kind !== 'needs-passphrase') await (snapshotQueue = snapshotQueue.then(write, write));
      return { entries: result.entries, skipped: result.skipped.length };
    },
    async listCached() {
      const k = key();
      const [snapshot, ids] = await Promise.all([readSnapshot(db, k), db.getAllKeys('records')]);
      if (!snapshot || !covers(snapshot, ids)) return undefined;
      return { entries: snapshot.entries, skipped: snapshot.skipped.length };
    },
    async remove(id) {
      writeKey();
      const record = await db.get('records', id);
      await db.delete('records', id);
      await patchSnapshot({ drop: [id] });
      return record;
    },
    async restore(record) {
      const k = writeKey();
      await db.put('records', record);
      const entry = await openEntry(k, record).catch(() => undefined);
      await patchSnapshot(entry ? { put: [{ id: record.id, entry }] } : { skip: [record.id] });
    },
    keyring: async () => (await readKeyring()) ?? { version: 1 },
    async readableRecords() {
      const k = key();
      const records = await db.getAll('records');
      const ok = await Promise.all(records.map((r) => openEntry(k, r).then(() => true, () => false)));
      return { records: records.filter((_, i) => ok[i]), damaged: ok.filter((x) => !x).length };
    },
    rawRecords: () => db.getAll('records'),
    async addEntries(entries) {
      const k = writeKey();
      const sealed = await Promise.all(entries.map((e) => sealEntry(k, e.id, e.entry)));
      const tx = db.transaction('records', 'readwrite');
      const existing = new Set(await tx.store.getAllKeys());
      const fresh = sealed.filter((r) => !existing.has(r.id));
      await Promise.all([...fresh.map((r) => tx.store.put(r)), tx.done]);
      const addedIds = new Set(fresh.map((r) => r.id));
      await patchSnapshot({ put: entries.filter((e) => addedIds.has(e.id)) });
      return { added: fresh.length, duplicates: entries.length - fresh.length };
    },
    close: () => db.close(),
  };
}
