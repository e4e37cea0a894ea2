import { describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { openVaultDb } from './db.ts';
import { eraseEverything } from './erase.ts';
import { currentGeneration, deleteDatabase, moveGeneration, pointerDbName } from './generations.ts';
import { sampleEntry } from '../core/testing/entries.ts';
import { openVault, type Vault } from './vault.ts';

let n = 0;
const freshBase = () => `sacred-breathing-gen-test-${++n}`;
const PASS = 'a long, memorable passphrase';
const noSleep = async () => undefined;
const ourDatabases = async (base: string) =>
  (await indexedDB.databases())
    .map((d) => d.name!)
    .filter((name) => name === base || name.startsWith(`${base}-`))
    .sort();

async function setPassphrase(vault: Vault, passphrase = PASS, current?: string): Promise<string> {
  const pending = await vault.preparePassphrase(passphrase, current);
  await vault.confirmPassphrase(passphrase, pending, pending.recoveryKey);
  return pending.recoveryKey;
}

/** Writes the pointer as a move cut short would have left it. */
async function writePointer(base: string, pointer: { current: string; moving?: string; leftover?: string }) {
  const db = await openDB(pointerDbName(base), 1, { upgrade: (d) => void d.createObjectStore('pointer') });
  await db.put('pointer', pointer, 'vault');
  db.close();
}

describe('vault generations', () => {
  it('setting and then changing the passphrase each leave exactly one journal database', async () => {
    const base = freshBase();
    const vault = await openVault({ dbName: base, sleep: noSleep });
    await vault.save(sampleEntry(1));
    expect(await ourDatabases(base)).toEqual([base, pointerDbName(base)].sort());
    await setPassphrase(vault);
    const first = vault.databaseNames()[1]!;
    expect(first).toMatch(new RegExp(`^${base}-[0-9a-f]{16}$`));
    expect(await ourDatabases(base)).toEqual([first, pointerDbName(base)].sort());
    await setPassphrase(vault, 'a second long passphrase', PASS);
    const second = vault.databaseNames()[1]!;
    expect(second).not.toBe(first);
    expect(await ourDatabases(base)).toEqual([second, pointerDbName(base)].sort());
    vault.close();
    const again = await openVault({ dbName: base, sleep: noSleep });
    await again.unlock('a second long passphrase');
    expect((await again.list()).entries.map((e) => e.entry.note)).toEqual(['session 1']);
  });

  it('a move cut short before its commit leaves the old journal whole and the half-written one is deleted', async () => {
    const base = freshBase();
    const vault = await openVault({ dbName: base });
    await vault.save(sampleEntry(1));
    vault.close();
    const half = `${base}-00000000000000aa`;
    const db = await openVaultDb(half);
    await db.put('records', { id: 'AAAAAAAAAAAAAAAAAAAAAA', iv: new Uint8Array(12), ct: new Uint8Array(40) });
    db.close();
    await writePointer(base, { current: base, moving: half });
    const again = await openVault({ dbName: base });
    expect(again.state()).toEqual({ kind: 'unlocked', protection: 'device' });
    expect((await again.list()).entries.map((e) => e.entry.note)).toEqual(['session 1']);
    expect(await ourDatabases(base)).toEqual([base, pointerDbName(base)].sort());
  });

  it('a move cut short after its commit opens the new journal and deletes the old one', async () => {
    const base = freshBase();
    const vault = await openVault({ dbName: base, sleep: noSleep });
    await vault.save(sampleEntry(1));
    await setPassphrase(vault);
    const current = vault.databaseNames()[1]!;
    vault.close();
    // The old database is back, as if the page had died before deleting it.
    (await openVaultDb(base)).close();
    await writePointer(base, { current, leftover: base });
    const again = await openVault({ dbName: base, sleep: noSleep });
    expect(again.state()).toEqual({ kind: 'locked' });
    expect(await ourDatabases(base)).toEqual([current, pointerDbName(base)].sort());
    await again.unlock(PASS);
    expect((await again.list()).entries).toHaveLength(1);
  });

  it('a failed write of the new generation deletes it and keeps the old one current', async () => {
    const base = freshBase();
    (await openVaultDb(base)).close();
    await expect(moveGeneration(base, base, async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(await currentGeneration(base)).toBe(base);
    expect(await ourDatabases(base)).toEqual([base, pointerDbName(base)].sort());
  });

  it('moves a journal whose passphrase was set before generations out of its old database', async () => {
    const base = freshBase();
    const vault = await openVault({ dbName: base, sleep: noSleep });
    await vault.save(sampleEntry(1));
    await setPassphrase(vault);
    const moved = vault.databaseNames()[1]!;
    vault.close();
    // Rebuild the earlier layout: the passphrase journal under the base name, no pointer.
    const from = await openVaultDb(moved);
    const keys = await from.getAll('keys');
    const keyNames = await from.getAllKeys('keys');
    const records = await from.getAll('records');
    from.close();
    const legacy = await openVaultDb(base);
    for (let i = 0; i < keys.length; i++) await legacy.put('keys', keys[i]!, keyNames[i]!);
    for (const r of records) await legacy.put('records', r);
    legacy.close();
    await deleteDatabase(moved);
    await deleteDatabase(pointerDbName(base));

    const again = await openVault({ dbName: base, sleep: noSleep });
    expect(again.state()).toEqual({ kind: 'locked' });
    const names = await ourDatabases(base);
    expect(names).not.toContain(base);
    expect(names).toHaveLength(2);
    await again.unlock(PASS);
    expect((await again.list()).entries.map((e) => e.entry.note)).toEqual(['session 1']);
  });

  it('another tab that moved the journal: this tab follows it, locked, and still takes sessions', async () => {
    const base = freshBase();
    const a = await openVault({ dbName: base, sleep: noSleep });
    const b = await openVault({ dbName: base, sleep: noSleep });
    await a.save(sampleEntry(1));
    await setPassphrase(a);
    const id = await b.save(sampleEntry(2));
    expect(b.state()).toEqual({ kind: 'locked' });
    expect(b.databaseNames()).toEqual(a.databaseNames());
    expect((await a.list()).entries.map((e) => e.id)).toContain(id);
    await b.unlock(PASS);
    expect((await b.list()).entries).toHaveLength(2);
  });

  it('erase deletes the pointer and every generation', async () => {
    // Not under the app's prefix: erase would find those by name alone; here it must be told them.
    const base = `erase-test-${++n}`;
    const vault = await openVault({ dbName: base, sleep: noSleep });
    await vault.save(sampleEntry(1));
    await setPassphrase(vault);
    const names = vault.databaseNames();
    expect(names).toHaveLength(2); // the pointer and the current generation
    vault.close();
    await eraseEverything(names);
    const left = (await indexedDB.databases()).map((d) => d.name);
    expect(left.filter((d) => d?.startsWith(base))).toEqual([]);
  });
});
