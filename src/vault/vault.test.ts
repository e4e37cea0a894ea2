import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import {
  openVault,
  failureDelayMs,
  PassphraseRequiredError,
  RecoveryKeyMismatchError,
  UnreadableVaultError,
  VaultLockedError,
} from './vault.ts';
import { unwrapWithDevice, type Keyring } from './keyring.ts';
import { openVaultDb } from './db.ts';
import {
  KeyChangedElsewhereError,
  NewerVaultError,
  PassphraseTooShortError,
  WrongPassphraseError,
  WrongRecoveryKeyError,
} from './errors.ts';
import { currentGeneration } from './generations.ts';
import { importAesKey } from './aead.ts';
import { openEntry } from './records.ts';
import { sampleEntry } from '../core/testing/entries.ts';
import { storedRecords } from './testing/records.ts';

let n = 0;
const freshName = () => `vault-test-${++n}`;
const noSleep = async () => undefined;
const PASS = 'a long, memorable passphrase';

/** Sets a passphrase the way the UI does: prepare, show the key, type it back. */
async function setPassphrase(vault: Awaited<ReturnType<typeof openVault>>, passphrase = PASS): Promise<string> {
  const pending = await vault.preparePassphrase(passphrase);
  await vault.confirmPassphrase(passphrase, pending, pending.recoveryKey.toLowerCase().replace(/-/g, ' '));
  return pending.recoveryKey;
}

describe('vault with the device key', () => {
  it('saves and lists entries, newest first, across reopenings', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name });
    expect(vault.state()).toEqual({ kind: 'unlocked', protection: 'device' });
    await vault.save(sampleEntry(1));
    await vault.save(sampleEntry(3));
    await vault.save(sampleEntry(2));
    vault.close();
    const again = await openVault({ dbName: name });
    expect(again.state()).toEqual({ kind: 'unlocked', protection: 'device' });
    const { entries, skipped } = await again.list();
    expect(skipped).toBe(0);
    expect(entries.map((e) => e.entry.note)).toEqual(['session 3', 'session 2', 'session 1']);
  });

  it('stores only an opaque id, an IV and a padded ciphertext', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name });
    await vault.save(sampleEntry(1, { note: 'x' }));
    await vault.save(sampleEntry(2, { note: 'a somewhat longer note about the evening' }));
    const records = await storedRecords(name);
    for (const r of records) {
      expect(Object.keys(r).sort()).toEqual(['ct', 'id', 'iv']);
      expect(r.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(r.iv.length).toBe(12);
    }
    // Both notes pad to the same bucket: the lengths do not tell them apart.
    expect(records[0]!.ct.length).toBe(records[1]!.ct.length);
    const text = JSON.stringify(records.map((r) => new TextDecoder().decode(r.ct)));
    expect(text).not.toContain('Six a minute');
    expect(text).not.toContain('2026');
  });

  it('skips and counts a tampered record, and a record moved under another id', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name });
    const ids = [await vault.save(sampleEntry(1)), await vault.save(sampleEntry(2)), await vault.save(sampleEntry(3))];
    const db = await openVaultDb(name);
    const first = (await db.get('records', ids[0]!))!;
    const flipped = new Uint8Array(first.ct);
    flipped[5] = flipped[5]! ^ 1;
    await db.put('records', { ...first, ct: flipped });
    const second = (await db.get('records', ids[1]!))!;
    await db.put('records', { ...second, id: ids[2]! }); // a valid ciphertext under the wrong id
    const { entries, skipped } = await vault.list();
    expect(skipped).toBe(2);
    expect(entries.map((e) => e.entry.note)).toEqual(['session 2']);
    await vault.save(sampleEntry(4));
    expect((await vault.list()).entries.map((e) => e.entry.note)).toEqual(['session 4', 'session 2']);
  });

  it('deletes one entry and restores it (undo)', async () => {
    const vault = await openVault({ dbName: freshName() });
    const id = await vault.save(sampleEntry(1));
    const removed = await vault.remove(id);
    expect((await vault.list()).entries).toEqual([]);
    await vault.restore(removed!);
    expect((await vault.list()).entries.map((e) => e.id)).toEqual([id]);
  });

  it('falls back to a passphrase, naming the browser’s refusal, where the device key cannot be stored', async () => {
    // Some browsers cannot keep a CryptoKey in IndexedDB (it fails to clone): simulate that.
    const name = freshName();
    const vault = await openVault({ dbName: name, newDeviceKey: async () => ({ notStorable: () => 1 }) as unknown as CryptoKey });
    const state = vault.state();
    expect(state.kind).toBe('needs-passphrase');
    expect(state.kind === 'needs-passphrase' && state.errorName).toMatch(/^[A-Za-z]+Error$/); // the browser's refusal, for the words
    // Nothing is written under a key that would not survive a reload…
    await expect(vault.save(sampleEntry(1))).rejects.toBeInstanceOf(PassphraseRequiredError);
    expect(await storedRecords(name)).toEqual([]);
    // …until a passphrase keeps it.
    await setPassphrase(vault);
    expect(vault.state()).toEqual({ kind: 'unlocked', protection: 'passphrase' });
    const id = await vault.save(sampleEntry(1));
    expect((await vault.list()).entries.map((e) => e.id)).toEqual([id]);
  });
});

describe('vault start-up', () => {
  it('refuses clearly when the stored device key no longer opens the journal', async () => {
    const name = freshName();
    (await openVault({ dbName: name })).close();
    const db = await openVaultDb(name);
    await db.put('keys', await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']), 'device');
    db.close();
    await expect(openVault({ dbName: name })).rejects.toBeInstanceOf(UnreadableVaultError);
  });

  it('keeps counting wrong passphrases across reopenings, in IndexedDB beside the keyring', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name, sleep: noSleep });
    await setPassphrase(vault);
    vault.lock();
    for (let i = 0; i < 4; i++) await vault.unlock(`wrong ${i} passphrase`).catch(() => undefined);
    vault.close();
    // A reload: nothing is handed in from outside, the count comes from the vault's own database.
    const waits: number[] = [];
    const again = await openVault({ dbName: name, sleep: async (ms) => void waits.push(ms) });
    await again.unlock('wrong wrong wrong').catch(() => undefined);
    expect(waits).toEqual([2000]);
    await again.unlock(PASS);
    expect(waits).toEqual([2000, 4000]);
    again.lock();
    await again.unlock('wrong again, once').catch(() => undefined);
    expect(waits).toEqual([2000, 4000, 0]);
  });

  it('takes over a count an earlier version kept in localStorage, then removes it there', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name, sleep: noSleep });
    await setPassphrase(vault);
    vault.close();
    let legacy: number | undefined = 5;
    const waits: number[] = [];
    const again = await openVault({
      dbName: name,
      sleep: async (ms) => void waits.push(ms),
      legacyFailures: {
        read: () => legacy ?? 0,
        clear: () => {
          legacy = undefined;
        },
      },
    });
    expect(legacy).toBeUndefined();
    await again.unlock('not it either').catch(() => undefined);
    expect(waits).toEqual([4000]);
  });
});

describe('vault with a passphrase', () => {
  it('re-keys when the passphrase is set, into a new database: the old one, its device key and records are deleted', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name });
    const id = await vault.save(sampleEntry(1));
    const old = await openVaultDb(name);
    const deviceKey = (await old.get('keys', 'device')) as CryptoKey;
    const oldRing = (await old.get('keys', 'keyring')) as Keyring;
    const before = (await old.get('records', id))!;
    old.close();
    await setPassphrase(vault);
    // The database the device key lived in is gone, not just emptied.
    const names = (await indexedDB.databases()).map((d) => d.name).filter((n) => n?.startsWith(`${name}-`) || n === name);
    expect(names).not.toContain(name);
    expect(names.sort()).toEqual([`${name}-pointer`, vault.databaseNames()[1]].sort());
    const db = await openVaultDb(await currentGeneration(name));
    const after = (await db.get('records', id))!;
    expect(after.ct).not.toEqual(before.ct);
    expect(await db.get('keys', 'device')).toBeUndefined();
    expect((await vault.keyring()).device).toBeUndefined();
    // Whatever the old device key could open (a copy of the old files) opens nothing here.
    const oldDataKey = await importAesKey(await unwrapWithDevice(deviceKey, oldRing.device!));
    await expect(openEntry(oldDataKey, after)).rejects.toThrow();
    expect((await vault.list()).entries.map((e) => e.entry.note)).toEqual(['session 1']);
    db.close();
  });

  it('locks without the device key, refuses a wrong passphrase without changing anything, opens with the right one', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name, sleep: noSleep });
    const id = await vault.save(sampleEntry(1));
    await setPassphrase(vault);
    const current = await openVaultDb(await currentGeneration(name));
    expect(await current.get('keys', 'device')).toBeUndefined();
    current.close();
    vault.close();

    const reopened = await openVault({ dbName: name, sleep: noSleep });
    expect(reopened.state()).toEqual({ kind: 'locked' });
    await expect(reopened.list()).rejects.toBeInstanceOf(VaultLockedError);
    const before = await storedRecords(name);
    const ringBefore = await reopened.keyring();
    await expect(reopened.unlock('not the passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(reopened.state()).toEqual({ kind: 'locked' });
    expect(await storedRecords(name)).toEqual(before);
    expect(await reopened.keyring()).toEqual(ringBefore);

    await reopened.unlock(PASS);
    expect((await reopened.list()).entries.map((e) => e.id)).toEqual([id]);
    reopened.lock();
    expect(reopened.state()).toEqual({ kind: 'locked' });
  });

  it('opens with the recovery key, as typed by a person, and refuses a wrong one', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name, sleep: noSleep });
    await vault.save(sampleEntry(1));
    const recoveryKey = await setPassphrase(vault);
    vault.lock();
    const other = recoveryKey.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(vault.unlockWithRecoveryKey(other)).rejects.toBeInstanceOf(WrongRecoveryKeyError);
    await vault.unlockWithRecoveryKey(` ${recoveryKey.toLowerCase()} `);
    expect((await vault.list()).entries).toHaveLength(1);
  });

  it('does not put a passphrase in force until the recovery key is typed back', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name });
    const pending = await vault.preparePassphrase(PASS);
    const wrong = pending.recoveryKey.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    await expect(vault.confirmPassphrase(PASS, pending, wrong)).rejects.toBeInstanceOf(RecoveryKeyMismatchError);
    expect(vault.state()).toEqual({ kind: 'unlocked', protection: 'device' });
    expect((await vault.keyring()).passphrase).toBeUndefined();
    expect(pending.kdf).toMatchObject({ alg: 'argon2id', m: 19_456, p: 1 });
    expect(pending.kdf.t).toBeGreaterThanOrEqual(2);
  });

  it('changes the passphrase under a new data key and a new recovery key, after checking the current one', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name, sleep: noSleep });
    await vault.save(sampleEntry(1));
    const oldRecoveryKey = await setPassphrase(vault);
    const records = await storedRecords(name);
    const NEXT = 'another long passphrase';
    await expect(vault.preparePassphrase(NEXT, 'not the current one')).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(vault.preparePassphrase(NEXT)).rejects.toBeInstanceOf(WrongPassphraseError);
    const pending = await vault.preparePassphrase(NEXT, PASS);
    await vault.confirmPassphrase(NEXT, pending, pending.recoveryKey);
    const after = await storedRecords(name);
    expect(after.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(after[0]!.ct).not.toEqual(records[0]!.ct);
    vault.lock();
    await expect(vault.unlock(PASS)).rejects.toBeInstanceOf(WrongPassphraseError);
    await expect(vault.unlockWithRecoveryKey(oldRecoveryKey)).rejects.toBeInstanceOf(WrongRecoveryKeyError);
    await vault.unlockWithRecoveryKey(pending.recoveryKey);
    vault.lock();
    await vault.unlock(NEXT);
    expect((await vault.list()).entries.map((e) => e.entry.note)).toEqual(['session 1']);
  });

  it('refuses a passphrase below the minimum length, saying the minimum', async () => {
    const vault = await openVault({ dbName: freshName() });
    const error = await vault.preparePassphrase('short').then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(PassphraseTooShortError);
    expect(error).toMatchObject({ code: 'passphrase-too-short', min: 8 });
  });

  it('says the passphrase was changed in another tab (not "locked") when this tab’s key no longer opens the journal', async () => {
    const name = freshName();
    const a = await openVault({ dbName: name, sleep: noSleep });
    await setPassphrase(a);
    const b = await openVault({ dbName: name, sleep: noSleep });
    await b.unlock(PASS);
    const NEXT = 'another long passphrase';
    const pending = await b.preparePassphrase(NEXT, PASS);
    await b.confirmPassphrase(NEXT, pending, pending.recoveryKey);
    // Tab a still shows itself unlocked until it next touches storage.
    expect(a.state()).toEqual({ kind: 'unlocked', protection: 'passphrase' });
    const error = await a.preparePassphrase('a third long passphrase', NEXT).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KeyChangedElsewhereError);
    expect(a.state()).toEqual({ kind: 'locked' });
    await a.unlock(NEXT);
    expect(a.state()).toEqual({ kind: 'unlocked', protection: 'passphrase' });
  });

  it('waits longer after each wrong passphrase from the fourth on', async () => {
    const waits: number[] = [];
    const vault = await openVault({ dbName: freshName(), sleep: async (ms) => void waits.push(ms) });
    await setPassphrase(vault);
    vault.lock();
    for (let i = 0; i < 5; i++) await vault.unlock(`wrong ${i} passphrase`).catch(() => undefined);
    expect(waits).toEqual([0, 0, 0, 1000, 2000]);
    await vault.unlock(PASS);
    expect(failureDelayMs(0)).toBe(0);
    expect(failureDelayMs(40)).toBe(30_000);
  });
});

describe('vault schema', () => {
  it('creates its stores from nothing and refuses a database from a newer version', async () => {
    const name = freshName();
    const db = await openVaultDb(name);
    expect([...db.objectStoreNames].sort()).toEqual(['cache', 'inbox', 'keys', 'records']);
    db.close();
    const newer = await openDB(name, 99, { upgrade: () => undefined });
    newer.close();
    await expect(openVaultDb(name)).rejects.toBeInstanceOf(NewerVaultError);
  });
});

describe('history snapshot', () => {
  it('serves the history from one sealed snapshot that follows every change', async () => {
    const vault = await openVault({ dbName: freshName() });
    expect(await vault.listCached()).toBeUndefined(); // no snapshot before the first full read
    const a = await vault.save(sampleEntry(1));
    expect(await vault.listCached()).toBeUndefined();
    await vault.list();
    const b = await vault.save(sampleEntry(2));
    await vault.update(a, sampleEntry(1, { note: 'edited' }));
    const removed = await vault.remove(b);
    await vault.restore(removed!);
    await vault.addEntries([{ id: 'AAAAAAAAAAAAAAAAAAAAAA', entry: sampleEntry(3) }]);
    const cached = await vault.listCached(); // read before list() rewrites the snapshot
    expect(cached).toEqual(await vault.list());
    expect((await vault.listCached())!.entries.map((e) => e.entry.note)).toEqual(['session 3', 'session 2', 'edited']);
  });

  it('is not used when records changed behind its back, and the full read finds the damage', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name });
    const id = await vault.save(sampleEntry(1));
    await vault.save(sampleEntry(2));
    await vault.list();
    const db = await openVaultDb(name);
    // Another writer adds a record: the snapshot no longer covers the store.
    await db.put('records', { id: 'BBBBBBBBBBBBBBBBBBBBBB', iv: new Uint8Array(12), ct: new Uint8Array(40) });
    expect(await vault.listCached()).toBeUndefined();
    expect((await vault.list()).skipped).toBe(1);
    // A record changed in place keeps the ids: the snapshot still shows, and the check after it counts the damage.
    const record = (await db.get('records', id))!;
    const ct = new Uint8Array(record.ct);
    ct[0] = ct[0]! ^ 1;
    await db.put('records', { ...record, ct });
    expect((await vault.listCached())!.skipped).toBe(1);
    expect((await vault.list()).skipped).toBe(2);
  });

  it('rebuilds a damaged snapshot from the records', async () => {
    const name = freshName();
    const vault = await openVault({ dbName: name });
    await vault.save(sampleEntry(1));
    await vault.list();
    const db = await openVaultDb(name);
    await db.put('cache', { iv: new Uint8Array(12), ct: new Uint8Array(64) }, 'history');
    expect(await vault.listCached()).toBeUndefined();
    expect((await vault.list()).entries).toHaveLength(1);
    expect((await vault.listCached())!.entries).toHaveLength(1);
  });
});

describe('vault migrations', () => {
  it('upgrades a version-1 journal in place, keeping its keys and records', async () => {
    const name = freshName();
    const v1 = await openVault({ dbName: name });
    await v1.save(sampleEntry(1));
    const ring = await v1.keyring();
    v1.close();
    // Take the database back to its version-1 shape: keys and records only.
    const raw = await openDB(name);
    const keys = await raw.getAll('keys');
    const keyNames = await raw.getAllKeys('keys');
    const records = await raw.getAll('records');
    raw.close();
    await new Promise<void>((ok) => {
      const r = indexedDB.deleteDatabase(name);
      r.onsuccess = () => ok();
    });
    const old = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('keys');
        db.createObjectStore('records', { keyPath: 'id' });
      },
    });
    for (let i = 0; i < keys.length; i++) await old.put('keys', keys[i], keyNames[i]);
    for (const r of records) await old.put('records', r);
    old.close();

    const upgraded = await openVault({ dbName: name });
    expect(upgraded.state()).toEqual({ kind: 'unlocked', protection: 'device' });
    expect(await upgraded.keyring()).toEqual(ring);
    expect((await upgraded.list()).entries.map((e) => e.entry.note)).toEqual(['session 1']);
    const db = await openVaultDb(name);
    expect(db.version).toBe(3);
    expect([...db.objectStoreNames].sort()).toEqual(['cache', 'inbox', 'keys', 'records']);
  });
});
