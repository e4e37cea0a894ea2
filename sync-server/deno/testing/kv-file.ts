/**
 * What a Deno relay's KV file holds, read from Node beside the running relay (node:sqlite, read
 * only): Deno KV keeps a local database as one SQLite table `kv` whose keys are encoded tuples
 * (FoundationDB's tuple layer: a string part is 0x02, its UTF-8 bytes with 0x00 escaped as
 * 0x00 0xFF, then 0x00). Entries past their expiry count as gone: KV no longer returns them.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** SQLite waits this long for the relay's own writes instead of failing "database is locked". */
const BUSY_WAIT_MS = 5_000;

/** The string parts at the start of an encoded key, up to the first part that is no string. */
export function leadingStrings(key: Uint8Array): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < key.length && key[i] === 0x02) {
    const bytes: number[] = [];
    i++;
    while (i < key.length) {
      if (key[i] === 0x00) {
        if (key[i + 1] === 0xff) {
          bytes.push(0);
          i += 2;
          continue;
        }
        i++;
        break;
      }
      bytes.push(key[i++]!);
    }
    parts.push(Buffer.from(bytes).toString('utf8'));
  }
  return parts;
}

/** The keys in the relay's KV file that KV would still return (their string parts). */
export function liveKeys(dataDir: string, nowMs = Date.now()): string[][] {
  const path = join(dataDir, 'rooms.kv');
  if (!existsSync(path)) return [];
  const db = new DatabaseSync(path, { readOnly: true, timeout: BUSY_WAIT_MS });
  try {
    const rows = db.prepare('SELECT k FROM kv WHERE expiration_ms < 0 OR expiration_ms > ?').all(nowMs) as { k: Uint8Array }[];
    return rows.map((row) => leadingStrings(row.k));
  } finally {
    db.close();
  }
}

/** Rooms with anything stored (['room', id, …]) and tombstones (['tomb', id]), as the delete suite counts them. */
export function storedRooms(dataDir: string): { rooms: number; tombstones: number } {
  const keys = liveKeys(dataDir);
  return {
    rooms: new Set(keys.filter((k) => k[0] === 'room').map((k) => k[1])).size,
    tombstones: keys.filter((k) => k[0] === 'tomb').length,
  };
}
