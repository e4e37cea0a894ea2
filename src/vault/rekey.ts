/**
 * What a new generation holds (generations.ts): either the old one re-sealed under a new data key
 * (a passphrase set or changed), or the old one copied byte for byte (a journal from before
 * generations, moved out of the database whose files still hold its device-key past).
 */
import type { Sealed } from './aead.ts';
import { VAULT_STORES, type EncryptedRecord, type InboxRecord, type VaultDb } from './db.ts';
import { sealProbe } from './device.ts';
import { newInboxKeys } from './inbox.ts';
import type { Keyring } from './keyring.ts';
import { openEntry, sealEntry } from './records.ts';
import { newestFirst, sealSnapshot, type StoredEntry } from './snapshot.ts';

/** Every value of a generation, ready to be written in one transaction. */
export interface GenerationContent {
  readonly keys: readonly [key: 'keyring' | 'probe' | 'failures' | 'device', value: Keyring | Sealed | number | CryptoKey][];
  readonly records: readonly EncryptedRecord[];
  readonly inbox: readonly InboxRecord[];
  readonly cache: readonly [key: 'history', value: Sealed][];
}

/** Opens every record, skipping (and listing) the ones that do not open; newest first. */
export async function openAll(k: CryptoKey, records: readonly EncryptedRecord[]): Promise<{ entries: StoredEntry[]; skipped: string[] }> {
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

/**
 * The old generation re-sealed under `newKey` with `keyring` (a new inbox key pair is added).
 * Damaged records and inbox entries are carried as they are: they are reported, never dropped.
 */
export async function rekeyedContent(
  old: VaultDb,
  oldKey: CryptoKey,
  newKey: CryptoKey,
  keyring: Omit<Keyring, 'inbox'>,
): Promise<GenerationContent> {
  const records = await old.getAll('records');
  const { entries, skipped } = await openAll(oldKey, records);
  const damaged = new Set(skipped);
  const resealed = await Promise.all(entries.map((e) => sealEntry(newKey, e.id, e.entry)));
  return {
    keys: [
      ['keyring', { ...keyring, inbox: await newInboxKeys(newKey) }],
      ['probe', await sealProbe(newKey)],
      ['failures', 0],
    ],
    records: [...resealed, ...records.filter((r) => damaged.has(r.id))],
    inbox: await old.getAll('inbox'),
    cache: [['history', await sealSnapshot(newKey, { entries, skipped })]],
  };
}

/** The old generation as it is. */
export async function copiedContent(old: VaultDb): Promise<GenerationContent> {
  const keyNames = await old.getAllKeys('keys');
  const keyValues = await old.getAll('keys');
  const cacheValues = (await old.getAll('cache')) as Sealed[];
  return {
    keys: keyNames.map((k, i) => [k, keyValues[i]!] as const),
    records: await old.getAll('records'),
    inbox: await old.getAll('inbox'),
    cache: cacheValues.map((v) => ['history', v] as const),
  };
}

/** Writes a generation in one durable transaction: it is complete or absent. */
export async function writeContent(db: VaultDb, content: GenerationContent): Promise<void> {
  const tx = db.transaction(VAULT_STORES, 'readwrite', { durability: 'strict' });
  await Promise.all([
    ...content.keys.map(([k, v]) => tx.objectStore('keys').put(v, k)),
    ...content.records.map((r) => tx.objectStore('records').put(r)),
    ...content.inbox.map((r) => tx.objectStore('inbox').put(r)),
    ...content.cache.map(([k, v]) => tx.objectStore('cache').put(v, k)),
    tx.done,
  ]);
}
