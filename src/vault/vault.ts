/**
 * The encrypted journal. Opening it unwraps the data key with the device key, or waits for a
 * passphrase or recovery key; every entry is sealed under the data key (records.ts), or, while
 * the journal is locked, to its inbox key (inbox.ts). Setting or changing the passphrase moves
 * the journal into a new database under a new data key (generations.ts, rekey.ts).
 */
import { importAesKey } from './aead.ts';
import { deriveManifestKey } from './backup-manifest.ts';
import { randomBytes } from '../shared/bytes.ts';
import { VAULT_DB_NAME, openVaultDb, type VaultDb } from './db.ts';
import { bytesEqual, probe, probeOpens, setUpDevice } from './device.ts';
import { entryOperations } from './entries.ts';
import { PassphraseRequiredError, RecoveryKeyMismatchError, UnreadableVaultError, VaultGoneError, VaultLockedError } from './errors.ts';
import { adoptLegacyFailures, failureDelayMs, localStorageFailures, readFailures, writeFailures, type LegacyFailureCounter } from './failures.ts';
import { currentGeneration, deleteDatabase, dropLeftover, moveGeneration, pointerDbName } from './generations.ts';
import { foldInbox } from './inbox-store.ts';
import { newInboxKeys } from './inbox.ts';
import { calibrate } from './kdf.ts';
import { newDataKey, unwrapWithDevice, unwrapWithPassphrase, unwrapWithRecoveryKey, wrapWithPassphrase, wrapWithRecoveryKey, type Keyring } from './keyring.ts';
import { decodeRecoveryKey, newRecoveryKey, normalizeRecoveryKey } from './recovery-key.ts';
import { copiedContent, rekeyedContent, writeContent, type GenerationContent } from './rekey.ts';
import { applyChange, readSnapshot, sealSnapshot, type SnapshotChange } from './snapshot.ts';
import type { PendingPassphrase, Vault, VaultState } from './vault-types.ts';

export type { StoredEntry } from './snapshot.ts';
export type { PendingPassphrase, Vault, VaultState } from './vault-types.ts';
export { PassphraseRequiredError, RecoveryKeyMismatchError, UnreadableVaultError, VaultGoneError, VaultLockedError } from './errors.ts';
export { failureDelayMs } from './failures.ts';

/** How to open the vault; every field has a default, the seams are for tests. */
export interface VaultOptions {
  /** The base database name; generations are named after it. */
  readonly dbName?: string;
  /** Where an earlier version counted wrong passphrases (localStorage by default), taken over once. */
  readonly legacyFailures?: LegacyFailureCounter;
  readonly newDeviceKey?: () => Promise<CryptoKey>;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly calibrate?: typeof calibrate;
}

/** The shortest passphrase accepted. */
export const MIN_PASSPHRASE_LENGTH = 8;

/** Opens the journal on this device, creating it (under a device key) the first time. */
export async function openVault(options: VaultOptions = {}): Promise<Vault> {
  const base = options.dbName ?? VAULT_DB_NAME;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((ok) => setTimeout(ok, ms)));
  const kdfCalibrate = options.calibrate ?? calibrate;
  const listeners = new Set<(s: VaultState) => void>();
  const issued = new WeakSet<PendingPassphrase>();
  let state: VaultState = { kind: 'locked' };
  let dataKeyRaw: Uint8Array<ArrayBuffer> | undefined;
  let dataKey: CryptoKey | undefined;
  // Another tab deleted or upgraded our database (it moved the journal, or erased it).
  let stale = false;
  const onGone = () => void (stale = true);
  let name = await currentGeneration(base);
  let db: VaultDb = await openVaultDb(name, onGone);
  await adoptLegacyFailures(db, 'legacyFailures' in options ? options.legacyFailures : localStorageFailures());

  const setState = (next: VaultState) => {
    state = next;
    for (const l of listeners) l(next);
  };
  const holdKey = async (raw: Uint8Array<ArrayBuffer> | undefined) => {
    dataKeyRaw = raw;
    dataKey = raw && (await importAesKey(raw));
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

  // Storage operations run one after another, never interleaved, and never across a move.
  let queue: Promise<unknown> = Promise.resolve();
  function serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = async () => {
      if (stale) await reattach();
      return fn();
    };
    const result = queue.then(run, run);
    queue = result.catch(() => undefined);
    return result;
  }

  /** Follows the pointer after another tab moved the journal; a key that no longer opens it is dropped. */
  async function reattach(): Promise<void> {
    stale = false;
    db.close();
    name = await currentGeneration(base);
    db = await openVaultDb(name, onGone);
    const ring = await readKeyring();
    if (!ring) {
      db.close();
      await deleteDatabase(name);
      stale = true;
      throw new VaultGoneError();
    }
    if (dataKey && (await probeOpens(db, dataKey))) return;
    await holdKey(ring.device ? await unwrapWithDevice((await db.get('keys', 'device')) as CryptoKey, ring.device).catch(() => undefined) : undefined);
    setState(dataKey ? { kind: 'unlocked', protection: 'device' } : { kind: 'locked' });
  }

  /** Moves the journal into a new database holding `content`, then deletes the old one. */
  async function move(content: GenerationContent): Promise<void> {
    let next: VaultDb | undefined;
    const moved = await moveGeneration(base, name, async (n) => {
      next = await openVaultDb(n, onGone);
      await writeContent(next, content).catch((error: unknown) => {
        next!.close();
        throw error;
      });
    });
    db.close();
    db = next!;
    name = moved;
    await dropLeftover(base);
  }

  /** Gives a journal from before the inbox its key pair, once it is open. */
  async function ensureInbox(): Promise<void> {
    const ring = await readKeyring();
    if (ring && !ring.inbox && dataKey) await db.put('keys', { ...ring, inbox: await newInboxKeys(dataKey) }, 'keyring');
  }

  async function fold(): Promise<void> {
    if (!dataKey || state.kind === 'needs-passphrase') return;
    const added = await foldInbox(db, dataKey, await readKeyring());
    if (added.length > 0) await patchSnapshot({ put: added });
  }

  async function patchSnapshot(change: SnapshotChange): Promise<void> {
    const k = key();
    const snapshot = await readSnapshot(db, k);
    if (snapshot) await db.put('cache', await sealSnapshot(k, applyChange(snapshot, change)), 'history');
  }

  /** What the journal needs once its key is held: an inbox key pair, the inbox folded in. */
  async function afterUnlock(): Promise<void> {
    // reason: the key opened the journal; a failed write (a full disk) must not hide it.
    await ensureInbox().then(fold).catch((error: unknown) => console.warn('journal inbox not folded', (error as Error).name));
  }

  // Start: open with the device key, or wait for a passphrase, or create a new journal.
  const existing = await readKeyring();
  if (!existing) {
    const raw = newDataKey();
    await holdKey(raw);
    try {
      await setUpDevice(db, raw, options.newDeviceKey);
      state = { kind: 'unlocked', protection: 'device' };
      await ensureInbox();
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
      // reason: as in afterUnlock, a failed probe write must not hide a journal that opened.
      await probe(db, raw).catch((error: unknown) => console.warn('journal storage probe failed', (error as Error).name));
      await afterUnlock();
    }
  } else if (existing.passphrase && name === base) {
    // A passphrase set before generations existed: that database's files may still hold the
    // device key and records of before. Move the journal out (as it is) and delete it.
    await move(await copiedContent(db));
  }

  async function unlockWith(kind: 'passphrase' | 'recovery', unwrap: (ring: Keyring) => Promise<Uint8Array<ArrayBuffer>>): Promise<void> {
    const [ring, failures] = await serial(async () => [await readKeyring(), await readFailures(db)] as const);
    if (!ring?.[kind]) throw new VaultLockedError();
    await sleep(failureDelayMs(failures));
    // Counted before the attempt, so closing the page mid-check does not escape the count.
    await serial(() => writeFailures(db, failures + 1));
    const raw = await unwrap(ring);
    await serial(async () => {
      await writeFailures(db, 0);
      await holdKey(raw);
      setState({ kind: 'unlocked', protection: 'passphrase' });
      await afterUnlock();
    });
  }

  const checkLength = (passphrase: string) => {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new RangeError(`A passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters.`);
  };

  return {
    state: () => state,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    unlock: (passphrase) => unlockWith('passphrase', (ring) => unwrapWithPassphrase(passphrase, ring.passphrase!)),
    unlockWithRecoveryKey: (recoveryKey) => unlockWith('recovery', (ring) => unwrapWithRecoveryKey(recoveryKey, ring.recovery!)),
    lock() {
      if (state.kind !== 'unlocked' || state.protection !== 'passphrase') return;
      dataKey = undefined;
      dataKeyRaw = undefined;
      setState({ kind: 'locked' });
    },
    async preparePassphrase(passphrase, current) {
      key();
      checkLength(passphrase);
      const ring = await serial(readKeyring);
      if (ring?.passphrase) {
        const raw = await unwrapWithPassphrase(current ?? '', ring.passphrase);
        if (!dataKeyRaw || !bytesEqual(raw, dataKeyRaw)) throw new VaultLockedError();
      }
      const { params, ms } = await kdfCalibrate(randomBytes(16));
      const pending = { recoveryKey: newRecoveryKey(), unlockMs: ms, kdf: params };
      issued.add(pending);
      return pending;
    },
    async confirmPassphrase(passphrase, pending, typedRecoveryKey) {
      key();
      if (!issued.has(pending)) throw new TypeError('confirmPassphrase needs what preparePassphrase returned');
      decodeRecoveryKey(typedRecoveryKey); // a malformed key gets its own, more specific message
      if (normalizeRecoveryKey(typedRecoveryKey) !== normalizeRecoveryKey(pending.recoveryKey)) throw new RecoveryKeyMismatchError();
      // A new data key: the old device key or passphrase (whose wraps the browser's files may still
      // hold) must open nothing from now on.
      const raw = newDataKey();
      const newKey = await importAesKey(raw);
      const keyring = {
        version: 1 as const,
        passphrase: await wrapWithPassphrase(passphrase, raw, pending.kdf),
        recovery: await wrapWithRecoveryKey(pending.recoveryKey, raw),
      };
      await serial(async () => {
        await fold();
        await move(await rekeyedContent(db, key(), newKey, keyring));
        await holdKey(raw);
      });
      issued.delete(pending);
      setState({ kind: 'unlocked', protection: 'passphrase' });
    },
    ...entryOperations({
      serial,
      db: () => db,
      key,
      writeKey,
      locked: () => !dataKey && state.kind === 'locked',
      needsPassphrase: () => state.kind === 'needs-passphrase',
      readKeyring,
      fold,
      patchSnapshot,
    }),
    async manifestKey() {
      key();
      return deriveManifestKey(dataKeyRaw!);
    },
    databaseNames: () => [pointerDbName(base), name],
    close: () => db.close(),
  };
}
