import { describe, expect, it } from 'vitest';
import { openVaultDb, type InboxRecord } from './db.ts';
import { VaultLockedError } from './errors.ts';
import { currentGeneration } from './generations.ts';
import type { Keyring } from './keyring.ts';
import { sampleEntry } from '../core/testing/entries.ts';
import { storedRecords } from './testing/records.ts';
import { openVault, type Vault } from './vault.ts';

let n = 0;
const freshName = () => `inbox-test-${++n}`;
const PASS = 'a long, memorable passphrase';
const noSleep = async () => undefined;

async function lockedVault(): Promise<{ name: string; vault: Vault; recoveryKey: string }> {
  const name = freshName();
  const vault = await openVault({ dbName: name, sleep: noSleep });
  await vault.save(sampleEntry(1));
  const pending = await vault.preparePassphrase(PASS);
  await vault.confirmPassphrase(PASS, pending, pending.recoveryKey);
  vault.lock();
  return { name, vault, recoveryKey: pending.recoveryKey };
}

const inboxOf = async (name: string): Promise<InboxRecord[]> => {
  const db = await openVaultDb(await currentGeneration(name));
  const all = await db.getAll('inbox');
  db.close();
  return all;
};

describe('journal inbox', () => {
  it('seals a session finished while locked at once: it survives a reload and joins the history at unlock', async () => {
    const { name, vault } = await lockedVault();
    const id = await vault.save(sampleEntry(2, { note: 'while locked' }));
    vault.close();
    // Nothing in the clear: an opaque id, an ephemeral public key, an IV, a padded ciphertext.
    const [sealed] = await inboxOf(name);
    expect(Object.keys(sealed!).sort()).toEqual(['ct', 'epk', 'id', 'iv']);
    expect(sealed!.id).toBe(id);
    expect(sealed!.epk.length).toBe(65);
    expect(sealed!.ct.length).toBe(1024 + 16);
    const text = new TextDecoder().decode(sealed!.ct);
    for (const clear of ['while locked', 'Six a minute', '2026']) expect(text).not.toContain(clear);

    const reloaded = await openVault({ dbName: name, sleep: noSleep });
    expect(reloaded.state()).toEqual({ kind: 'locked' });
    await reloaded.unlock(PASS);
    expect(await inboxOf(name)).toEqual([]);
    const { entries } = await reloaded.list();
    expect(entries.map((e) => e.entry.note)).toEqual(['while locked', 'session 1']);
    // The same id: the summary screen can still add a mood or note to it.
    await reloaded.update(id, sampleEntry(2, { note: 'annotated' }));
    expect((await reloaded.get(id))!.note).toBe('annotated');
  });

  it('folds by id: an entry folded twice is added once', async () => {
    const { name, vault } = await lockedVault();
    await vault.save(sampleEntry(2));
    const [sealed] = await inboxOf(name);
    await vault.unlock(PASS);
    const db = await openVaultDb(await currentGeneration(name));
    await db.put('inbox', sealed!); // as if the page died between the record write and the inbox delete
    db.close();
    expect((await vault.list()).entries).toHaveLength(2);
    expect(await inboxOf(name)).toEqual([]);
    expect(await storedRecords(name)).toHaveLength(2);
  });

  it('keeps a damaged inbox entry out of the history and in the inbox; the others fold', async () => {
    const { name, vault, recoveryKey } = await lockedVault();
    const bad = await vault.save(sampleEntry(2));
    await vault.save(sampleEntry(3));
    const db = await openVaultDb(await currentGeneration(name));
    const record = (await db.get('inbox', bad))!;
    const ct = new Uint8Array(record.ct);
    ct[7] = ct[7]! ^ 1;
    await db.put('inbox', { ...record, ct });
    db.close();
    await vault.unlockWithRecoveryKey(recoveryKey);
    expect((await vault.list()).entries.map((e) => e.entry.note)).toEqual(['session 3', 'session 1']);
    expect((await inboxOf(name)).map((r) => r.id)).toEqual([bad]);
  });

  it('moves waiting sessions along when the passphrase changes', async () => {
    const { vault } = await lockedVault();
    await vault.save(sampleEntry(2));
    await vault.unlock(PASS);
    const pending = await vault.preparePassphrase('another long passphrase', PASS);
    await vault.confirmPassphrase('another long passphrase', pending, pending.recoveryKey);
    vault.lock();
    await vault.save(sampleEntry(3));
    await vault.unlock('another long passphrase');
    expect((await vault.list()).entries.map((e) => e.entry.note)).toEqual(['session 3', 'session 2', 'session 1']);
  });

  it('a journal from before the inbox refuses while locked (the store keeps the session) and gets its key pair at unlock', async () => {
    const { name, vault } = await lockedVault();
    vault.close();
    const db = await openVaultDb(await currentGeneration(name));
    const { inbox: _inbox, ...ring } = (await db.get('keys', 'keyring')) as Keyring;
    await db.put('keys', ring, 'keyring');
    db.close();
    const old = await openVault({ dbName: name, sleep: noSleep });
    await expect(old.save(sampleEntry(2))).rejects.toBeInstanceOf(VaultLockedError);
    await old.unlock(PASS);
    expect((await old.keyring()).inbox?.publicKey.length).toBe(65);
    old.lock();
    await old.save(sampleEntry(3));
    await old.unlock(PASS);
    expect((await old.list()).entries).toHaveLength(2);
  });
});
