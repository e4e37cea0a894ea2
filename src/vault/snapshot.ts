/**
 * The history snapshot: every opened entry, newest first, sealed as one record in `cache/history`,
 * so a long history shows after one decryption instead of thousands. Only a cache: the records
 * are the truth (see db.ts and store.ts).
 */
import type { JournalEntry } from '../core/journal.ts';
import { open, seal, utf8 } from './aead.ts';
import { pad, unpad } from './bytes.ts';
import type { VaultDb } from './db.ts';

export interface StoredEntry {
  readonly id: string;
  readonly entry: JournalEntry;
}

export interface Snapshot {
  readonly entries: StoredEntry[];
  readonly skipped: string[];
}

export interface SnapshotChange {
  readonly put?: readonly StoredEntry[];
  readonly drop?: readonly string[];
  readonly skip?: readonly string[];
}

const AAD = utf8('sacred-breathing/snapshot/v1');

/** Newest first; ISO instants in UTC sort as plain strings (localeCompare is ten times slower). */
export const newestFirst = (a: StoredEntry, b: StoredEntry): number =>
  a.entry.startedAt < b.entry.startedAt ? 1 : a.entry.startedAt > b.entry.startedAt ? -1 : 0;

export async function readSnapshot(db: VaultDb, key: CryptoKey): Promise<Snapshot | undefined> {
  const sealed = await db.get('cache', 'history');
  if (!sealed) return undefined;
  try {
    const raw = JSON.parse(new TextDecoder().decode(unpad(await open(key, sealed, AAD)))) as {
      v: number;
      entries: [string, JournalEntry][];
      skipped: string[];
    };
    if (raw.v !== 1) return undefined;
    return { entries: raw.entries.map(([id, entry]) => ({ id, entry })), skipped: raw.skipped };
  } catch {
    // reason: the snapshot is only a cache; a damaged or foreign one is rebuilt from the records.
    return undefined;
  }
}

export async function sealSnapshot(key: CryptoKey, snapshot: Snapshot) {
  return seal(
    key,
    pad(utf8(JSON.stringify({ v: 1, entries: snapshot.entries.map((e) => [e.id, e.entry]), skipped: snapshot.skipped }))),
    AAD,
  );
}

export function applyChange(snapshot: Snapshot, change: SnapshotChange): Snapshot {
  const gone = new Set([...(change.drop ?? []), ...(change.put ?? []).map((e) => e.id), ...(change.skip ?? [])]);
  return {
    entries: [...snapshot.entries.filter((e) => !gone.has(e.id)), ...(change.put ?? [])].sort(newestFirst),
    skipped: [...snapshot.skipped.filter((id) => !gone.has(id)), ...(change.skip ?? [])],
  };
}

/** Whether a snapshot covers exactly the stored record ids. */
export function covers(snapshot: Snapshot, ids: readonly string[]): boolean {
  const known = new Set([...snapshot.entries.map((e) => e.id), ...snapshot.skipped]);
  return known.size === ids.length && ids.every((id) => known.has(id));
}
