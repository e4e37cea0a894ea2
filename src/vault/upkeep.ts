/**
 * What keeps the journal's parts in step once its key is held: an inbox key pair for a journal
 * from before the inbox, the inbox folded into records, and the history snapshot patched after
 * each change to the records.
 */
import { foldInbox } from './inbox-store.ts';
import { newInboxKeys } from './inbox.ts';
import type { Keyring } from './keyring.ts';
import { applyChange, readSnapshot, sealSnapshot, type SnapshotChange } from './snapshot.ts';
import type { VaultContext } from './vault-context.ts';

/** Gives a journal from before the inbox its key pair, once it is open; returns the keyring as it now is. */
export async function ensureInbox(ctx: VaultContext, ring: Keyring | undefined): Promise<Keyring | undefined> {
  if (!ring || ring.inbox || !ctx.held()) return ring;
  const next = { ...ring, inbox: await newInboxKeys(ctx.key()) };
  await ctx.db().put('keys', next, 'keyring');
  return next;
}

/** Applies a change to the sealed history snapshot, if there is one (the records stay the truth). */
export async function patchSnapshot(ctx: VaultContext, change: SnapshotChange): Promise<void> {
  const k = ctx.key();
  const snapshot = await readSnapshot(ctx.db(), k);
  if (snapshot) await ctx.db().put('cache', await sealSnapshot(k, applyChange(snapshot, change)), 'history');
}

/** Moves the sessions sealed while locked into the records; `ring` saves a read when the caller has it. */
export async function fold(ctx: VaultContext, ring?: Keyring): Promise<void> {
  if (!ctx.held() || ctx.state().kind === 'needs-passphrase') return;
  const added = await foldInbox(ctx.db(), ctx.key(), ring ?? (await ctx.readKeyring()));
  if (added.length > 0) await patchSnapshot(ctx, { put: added });
}

/** What the journal needs once its key is held: an inbox key pair, the inbox folded in. */
export async function afterUnlock(ctx: VaultContext, ring?: Keyring): Promise<void> {
  const run = async () => fold(ctx, await ensureInbox(ctx, ring ?? (await ctx.readKeyring())));
  // reason: the key opened the journal; a failed write (a full disk) must not hide it.
  await run().catch((error: unknown) => console.warn('journal inbox not folded', (error as Error).name));
}
