/** The inbox in storage: sealing a session into it while locked, folding it into records at unlock. */
import type { JournalEntry } from '../core/journal.ts';
import type { VaultDb } from './db.ts';
import { VaultLockedError } from './errors.ts';
import { openInboxEntry, openInboxPrivateKey, sealToInbox } from './inbox.ts';
import type { Keyring } from './keyring.ts';
import { sealEntry } from './records.ts';
import type { StoredEntry } from './snapshot.ts';

/** Seals an entry to the journal's public key and stores it; a journal without an inbox key pair refuses. */
export async function sealIntoInbox(db: VaultDb, ring: Keyring | undefined, id: string, entry: JournalEntry): Promise<void> {
  if (!ring?.inbox) throw new VaultLockedError();
  await db.put('inbox', await sealToInbox(ring.inbox.publicKey, id, entry));
}

/**
 * Opens every inbox entry and moves it into records under the data key, in one transaction, by
 * id: an entry whose record already exists is only removed, so folding twice adds nothing.
 * Entries that do not open stay in the inbox (reported in the console, never dropped).
 * Returns the entries added to the records.
 */
export async function foldInbox(db: VaultDb, dataKey: CryptoKey, ring: Keyring | undefined): Promise<StoredEntry[]> {
  if (!ring?.inbox) return [];
  const waiting = await db.getAll('inbox');
  if (waiting.length === 0) return [];
  const privateKey = await openInboxPrivateKey(dataKey, ring.inbox);
  const publicKey = ring.inbox.publicKey;
  const opened = (
    await Promise.all(
      waiting.map((r) =>
        openInboxEntry(privateKey, publicKey, r).then(
          (entry): StoredEntry => ({ id: r.id, entry }),
          () => undefined,
        ),
      ),
    )
  ).filter((e): e is StoredEntry => e !== undefined);
  if (opened.length < waiting.length) console.warn(`${waiting.length - opened.length} journal inbox entries do not open`);
  const sealed = await Promise.all(opened.map((e) => sealEntry(dataKey, e.id, e.entry)));
  const tx = db.transaction(['records', 'inbox'], 'readwrite');
  const existing = new Set(await tx.objectStore('records').getAllKeys());
  const fresh = sealed.filter((r) => !existing.has(r.id));
  await Promise.all([
    ...fresh.map((r) => tx.objectStore('records').put(r)),
    ...opened.map((e) => tx.objectStore('inbox').delete(e.id)),
    tx.done,
  ]);
  const freshIds = new Set(fresh.map((r) => r.id));
  return opened.filter((e) => freshIds.has(e.id));
}
