/**
 * Vault generations: the journal lives in one database at a time, and a tiny pointer database
 * names it. Setting or changing the passphrase moves the journal into a new database (new name,
 * new data key) and deletes the old one, so the browser's files stop holding the old keys and
 * records as live data.
 *
 * A move writes the new database completely, then switches the pointer in one transaction (the
 * commit), then deletes the old database. Cut short anywhere, the next open finds the pointer on a
 * complete generation and deletes whatever the pointer lists as half-written or left over.
 * Without a pointer (a journal from before generations) the base name itself is the generation.
 */
import { openDB } from 'idb';
import { randomBytes } from '../shared/bytes.ts';

interface Pointer {
  readonly current: string;
  /** A generation being written; deleted at the next open if the move did not commit. */
  readonly moving?: string;
  /** The generation a committed move left behind; deleted as soon as nothing holds it open. */
  readonly leftover?: string;
}

const STORE = 'pointer';
const KEY = 'vault';
/** How long a deletion blocked by another tab's open connection is awaited before moving on. */
const BLOCKED_WAIT_MS = 3000;

/** The pointer database's name for a vault base name. */
export const pointerDbName = (base: string): string => `${base}-pointer`;

// Hex by hand: @noble/hashes' bytesToHex would bring its utils chunk (1.8 KB gzipped, shared with
// the lazy Argon2id) into the first load, since the journal opens at start.
const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** A fresh generation's database name: the base and 8 random bytes in hex. */
export const newGenerationName = (base: string): string => `${base}-${hex(randomBytes(8))}`;

const openPointerDb = (base: string) =>
  openDB(pointerDbName(base), 1, {
    upgrade: (db) => void db.createObjectStore(STORE),
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });

async function readPointer(base: string): Promise<Pointer> {
  const db = await openPointerDb(base);
  try {
    return ((await db.get(STORE, KEY)) as Pointer | undefined) ?? { current: base };
  } finally {
    db.close();
  }
}

async function writePointer(base: string, pointer: Pointer): Promise<void> {
  const db = await openPointerDb(base);
  try {
    // Strict: the pointer is the commit; it must not reach the disk before the generation it names.
    const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
    await Promise.all([tx.store.put(pointer, KEY), tx.done]);
  } finally {
    db.close();
  }
}

/** Deletes a database; false when another connection still blocks it after a wait (it goes once that closes). */
export function deleteDatabase(name: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.deleteDatabase(name);
    let timer: ReturnType<typeof setTimeout> | undefined;
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve(true);
    };
    req.onerror = () => reject(req.error ?? new Error(`could not delete ${name}`));
    req.onblocked = () => {
      timer = setTimeout(() => resolve(false), BLOCKED_WAIT_MS);
    };
  });
}

/** The current generation's name, after deleting what an interrupted or finished move left behind. */
export async function currentGeneration(base: string): Promise<string> {
  const pointer = await readPointer(base);
  if (!pointer.moving && !pointer.leftover) return pointer.current;
  const gone = await Promise.all([pointer.moving, pointer.leftover].map((n) => (n ? deleteDatabase(n) : true)));
  if (gone.every(Boolean)) await writePointer(base, { current: pointer.current });
  return pointer.current;
}

/**
 * Moves the vault from generation `from` to a new one that `fill` writes completely; returns the
 * new name once the pointer names it. The old database is the caller's to close, then dropLeftover().
 * If `fill` throws, the half-written database is deleted and `from` stays current.
 */
export async function moveGeneration(base: string, from: string, fill: (name: string) => Promise<void>): Promise<string> {
  const name = newGenerationName(base);
  await writePointer(base, { current: from, moving: name });
  try {
    await fill(name);
  } catch (error) {
    await deleteDatabase(name);
    await writePointer(base, { current: from });
    throw error;
  }
  await writePointer(base, { current: name, leftover: from });
  return name;
}

/** Deletes the generation a committed move left behind (call after closing it). */
export async function dropLeftover(base: string): Promise<void> {
  await currentGeneration(base);
}
