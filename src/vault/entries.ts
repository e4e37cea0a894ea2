/** The vault's operations on entries, run through the vault's serial queue on its current database. */
import { sealIntoInbox } from './inbox-store.ts';
import { newRecordId, openEntry, sealEntry } from './records.ts';
import { openAll } from './rekey.ts';
import { covers, readSnapshot, sealSnapshot } from './snapshot.ts';
import { fold, patchSnapshot } from './upkeep.ts';
import type { VaultContext } from './vault-context.ts';
import type { Vault } from './vault-types.ts';

type EntryOperations = Pick<
  Vault,
  'save' | 'update' | 'get' | 'list' | 'listCached' | 'remove' | 'restore' | 'keyring' | 'readableRecords' | 'addEntries'
>;

/** Save, read, list, delete, restore and import entries. */
export function entryOperations(ctx: VaultContext): EntryOperations {
  // Locked with the key let go: sessions go to the inbox. (Needing a passphrase is not locked.)
  const locked = () => !ctx.held() && ctx.state().kind === 'locked';
  return {
    save: (entry) =>
      ctx.serial(async () => {
        const id = newRecordId();
        if (locked()) {
          await sealIntoInbox(ctx.db(), await ctx.readKeyring(), id, entry);
          return id;
        }
        await ctx.db().put('records', await sealEntry(ctx.writeKey(), id, entry));
        await patchSnapshot(ctx, { put: [{ id, entry }] });
        return id;
      }),
    update: (id, entry) =>
      ctx.serial(async () => {
        await ctx.db().put('records', await sealEntry(ctx.writeKey(), id, entry));
        await patchSnapshot(ctx, { put: [{ id, entry }] });
      }),
    get: (id) =>
      ctx.serial(async () => {
        const record = await ctx.db().get('records', id);
        return record && openEntry(ctx.key(), record);
      }),
    list: () =>
      ctx.serial(async () => {
        const k = ctx.key();
        await fold(ctx);
        const result = await openAll(k, await ctx.db().getAll('records'));
        if (ctx.state().kind !== 'needs-passphrase') await ctx.db().put('cache', await sealSnapshot(k, result), 'history');
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
        await patchSnapshot(ctx, { drop: [id] });
        return record;
      }),
    restore: (record) =>
      ctx.serial(async () => {
        const k = ctx.writeKey();
        await ctx.db().put('records', record);
        const entry = await openEntry(k, record).catch(() => undefined);
        await patchSnapshot(ctx, entry ? { put: [{ id: record.id, entry }] } : { skip: [record.id] });
      }),
    keyring: () => ctx.serial(async () => (await ctx.readKeyring()) ?? { version: 1 }),
    readableRecords: () =>
      ctx.serial(async () => {
        const k = ctx.key();
        const records = await ctx.db().getAll('records');
        const ok = await Promise.all(
          records.map((r) =>
            openEntry(k, r).then(
              () => true,
              () => false,
            ),
          ),
        );
        return { records: records.filter((_, i) => ok[i]), damaged: ok.filter((x) => !x).length };
      }),
    addEntries: (entries) =>
      ctx.serial(async () => {
        const k = ctx.writeKey();
        const sealed = await Promise.all(entries.map((e) => sealEntry(k, e.id, e.entry)));
        const tx = ctx.db().transaction('records', 'readwrite');
        const existing = new Set(await tx.store.getAllKeys());
        const fresh = sealed.filter((r) => !existing.has(r.id));
        await Promise.all([...fresh.map((r) => tx.store.put(r)), tx.done]);
        const addedIds = new Set(fresh.map((r) => r.id));
        await patchSnapshot(ctx, { put: entries.filter((e) => addedIds.has(e.id)) });
        return { added: fresh.length, duplicates: entries.length - fresh.length };
      }),
  };
}
