/**
 * The open journal's shared parts, which the vault's modules (startup, unlock, passphrase,
 * entries, upkeep) work on: the current generation's database (it changes when the journal
 * moves), the data key while it is held, the state and its listeners, and the one queue every
 * storage operation runs through.
 */
import { importAesKey } from './aead.ts';
import { openVaultDb, type VaultDb } from './db.ts';
import { probeOpens } from './device.ts';
import { PassphraseRequiredError, VaultGoneError, VaultLockedError } from './errors.ts';
import { currentGeneration, deleteDatabase, dropLeftover, moveGeneration } from './generations.ts';
import { unwrapWithDevice, type Keyring } from './keyring.ts';
import { writeContent, type GenerationContent } from './rekey.ts';
import type { VaultState } from './vault-types.ts';

/** What the vault's modules share; see the module comment. */
export interface VaultContext {
  /** The base database name; generations are named after it. */
  readonly base: string;
  /** The current generation's database and its name. */
  db(): VaultDb;
  name(): string;
  state(): VaultState;
  /** Sets the state and tells every listener. */
  setState(next: VaultState): void;
  onChange(listener: (state: VaultState) => void): () => void;
  /** Holds the data key (raw and imported); undefined lets go of it. */
  hold(raw: Uint8Array<ArrayBuffer> | undefined): Promise<void>;
  /** Lets go of the data key at once (locking is synchronous). */
  forget(): void;
  /** Whether a data key is held. */
  held(): boolean;
  /** The data key; throws VaultLockedError while none is held. */
  key(): CryptoKey;
  /** The raw data key (to compare, or derive the manifest key from); throws VaultLockedError while none is held. */
  rawKey(): Uint8Array<ArrayBuffer>;
  /** The key for writes: only once it is kept somewhere that survives a reload (PassphraseRequiredError otherwise). */
  writeKey(): CryptoKey;
  /** Runs `fn` after every operation queued before it, never interleaved, and never across a move. */
  serial<T>(fn: () => Promise<T>): Promise<T>;
  readKeyring(): Promise<Keyring | undefined>;
  /** Moves the journal into a new database holding `content`, then deletes the old one. */
  move(content: GenerationContent): Promise<void>;
}

/** Opens the current generation of the journal named `base`, with no key held and the state locked. */
export async function openVaultContext(base: string): Promise<VaultContext> {
  const listeners = new Set<(s: VaultState) => void>();
  let state: VaultState = { kind: 'locked' };
  let dataKeyRaw: Uint8Array<ArrayBuffer> | undefined;
  let dataKey: CryptoKey | undefined;
  // Another tab deleted or upgraded our database (it moved the journal, or erased it).
  let stale = false;
  const onGone = () => {
    stale = true;
  };
  let name = await currentGeneration(base);
  let db: VaultDb = await openVaultDb(name, onGone);

  const setState = (next: VaultState) => {
    state = next;
    for (const l of listeners) l(next);
  };
  const hold = async (raw: Uint8Array<ArrayBuffer> | undefined) => {
    dataKeyRaw = raw;
    dataKey = raw && (await importAesKey(raw));
  };
  const readKeyring = async () => (await db.get('keys', 'keyring')) as Keyring | undefined;
  const key = (): CryptoKey => {
    if (!dataKey) throw new VaultLockedError();
    return dataKey;
  };

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
    const device =
      ring.device && (await unwrapWithDevice((await db.get('keys', 'device')) as CryptoKey, ring.device).catch(() => undefined));
    await hold(device);
    setState(dataKey ? { kind: 'unlocked', protection: 'device' } : { kind: 'locked' });
  }

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

  return {
    base,
    db: () => db,
    name: () => name,
    state: () => state,
    setState,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    hold,
    forget() {
      dataKey = undefined;
      dataKeyRaw = undefined;
    },
    held: () => dataKey !== undefined,
    key,
    rawKey() {
      key();
      return dataKeyRaw!;
    },
    writeKey() {
      if (state.kind === 'needs-passphrase') throw new PassphraseRequiredError();
      return key();
    },
    serial,
    readKeyring,
    move,
  };
}
