/** The vault's operations on entries, run through the vault's serial queue on its current database. */
import type { VaultDb } from './db.ts';
import { sealIntoInbox } from './inbox-store.ts';
import type { Keyring } from './keyring.ts';
import { newRecordId, openEntry, sealEntry } from './records.ts';
import { openAll } from './rekey.ts';
import { covers, readSnapshot, sealSnapshot, type SnapshotChange } from './snapshot.ts';
import type { Vault } from './vault-types.ts';

/** What the operations need from the vault that owns them. */
export interface EntryContext {
  serial<T>(fn: () => Promise<T>): Promise<T>;
  /** The current generation's database (it changes when the journal moves). */
  db(): VaultDb;
  /** The data key; throws VaultLockedError while locked. */
  key(): CryptoKey;
  /** The data key for writes; throws PassphraseRequiredError where no key can be kept. */
  writeKey(): CryptoKey;
  locked(): boolean;
  needsPassphrase(): boolean;
  readKeyring(): Promise<Keyring | undefined>;
  fold(): Promise<void>;
  patchSnapshot(change: SnapshotChange): Promise<void>;
}

type EntryOperations = Pick<
  Vault,
  'save' | 'update' | 'get' | 'list' | 'listCached' | 'remove' | 'restore' | 'keyring' | 'readableRecords' | 'rawRecords' | 'addEntries'
>;

/** Save, read, list, delete, restore and import entries. */
export function entryOperations(ctx: EntryContext): EntryOperations {
  return {
    save: (entry) =>
      ctx.serial(async () => {
        const id = newRecordId();
        if (ctx.locked()) {
          await sealIntoInbox(ctx.db(), await ctx.readKeyring(), id, entry);
          return id;
        }
        await ctx.db().put('records', await sealEntry(ctx.writeKey(), id, entry));
        await ctx.patchSnapshot({ put: [{ id, entry }] });
        return id;
      }),
    update: (id, entry) =>
      ctx.serial(async () => {
        await ctx.db().put('records', await sealEntry(ctx.writeKey(), id, entry));
        await ctx.patchSnapshot({ put: [{ id, entry }] });
      }),
    get: (id) =>
      ctx.serial(async () => {
        const record = await ctx.db().get('records', id);
        return record && openEntry(ctx.key(), record);
      }),
    list: () =>
      ctx.serial(async () => {
        const k = ctx.key();
        await ctx.fold();
        const result = await openAll(k, await ctx.db().getAll('records'));
        if (!ctx.needsPassphrase()) await ctx.db().put('cache', await sealSnapshot(k, result), 'history');
        return { entries: result.entries, skipped: result.skipped.length };
      }),
    listCached: () =>
      ctx.serial(async () => {
        const k = ctx.key();
        const [snapshot, ids] = await Promise.all([readSnapshot(ctx.db(), k), ctx.db().getAllKeys('records')]);
        if (!snapshot || !covers(snapshot, ids) || (await ctx.db().count('inbox')) > 0) return undefined;
        return { entries: snapshot.entries, skipped: snapshot.skipped.length };
      }),
    remove: (id) =>
      ctx.serial(async () => {
        ctx.writeKey();
        const record = await ctx.db().get('records', id);
        await ctx.db().delete('records', id);
        await ctx.patchSnapshot({ drop: [id] });
        return record;
      }),
    restore: (record) =>
      ctx.serial(async () => {
        const k = ctx.writeKey();
        await ctx.db().put('records', record);
        const entry = await openEntry(k, record).catch(() => undefined);
        await ctx.patchSnapshot(entry ? { put: [{ id: record.id, entry }] } : { skip: [record.id] });
      }),
    keyring: () => ctx.serial(async () => (await ctx.readKeyring()) ?? { version: 1 }),
    readableRecords: () =>
      ctx.serial(async () => {
        const k = ctx.key();
        const records = await ctx.db().getAll('records');
        const ok = await Promise.all(records.map((r) => openEntry(k, r).then(() => true, () => false)));
        return { records: records.filter((_, i) => ok[i]), damaged: ok.filter((x) => !x).length };
      }),
    rawRecords: () => ctx.serial(() => ctx.db().getAll('records')),
    addEntries: (entries) =>
      ctx.serial(async () => {
        const k = ctx.writeKey();
        const sealed = await Promise.all(entries.map((e) => sealEntry(k, e.id, e.entry)));
        const tx = ctx.db().transaction('records', 'readwrite');
        const existing = new Set(await tx.store.getAllKeys());
        const fresh = sealed.filter((r) => !existing.has(r.id));
        await Promise.all([...fresh.map((r) => tx.store.put(r)), tx.done]);
        const addedIds = new Set(fresh.map((r) => r.id));
        await ctx.patchSnapshot({ put: entries.filter((e) => addedIds.has(e.id)) });
        return { added: fresh.length, duplicates: entries.length - fresh.length };
      }),
  };
}
