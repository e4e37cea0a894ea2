/**
 * What a deletion leaves on disk: Deno KV deletes a room's entries, but SQLite keeps their bytes in
 * the pages' free space, on its free list and in its write-ahead log until they are reused. After
 * a room is deleted, a second connection (node:sqlite, with secure_delete) rewrites the KV table
 * (every row out and back, so the old cells are zeroed), fills the free pages with zeros and frees
 * them again, and empties the log: no copy of the room's content stays in any file of the data
 * directory (the Node store does the same with secure_delete). VACUUM would be simpler, but Deno's
 * node:sqlite allows no attached database, which VACUUM needs. The cost is a pass over the file
 * per deletion.
 */
import { DatabaseSync } from 'node:sqlite';

/** SQLite waits this long for Deno KV's own connection to finish a write. */
const BUSY_WAIT_MS = 5_000;

/** Scrubs the KV file at `path` of deleted content; false when KV kept the log busy (its copy goes at the next scrub). */
export function scrubKvFile(path: string): boolean {
  const db = new DatabaseSync(path, { timeout: BUSY_WAIT_MS });
  try {
    db.exec('PRAGMA secure_delete = ON');
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec('CREATE TEMP TABLE kv_kept AS SELECT * FROM kv');
      db.exec('DELETE FROM kv');
      db.exec('INSERT INTO kv SELECT * FROM temp.kv_kept');
      db.exec('DROP TABLE temp.kv_kept');
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
    const free = (db.prepare('PRAGMA freelist_count').get() as { freelist_count: number }).freelist_count;
    const pageSize = (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
    if (free > 0) {
      db.exec('CREATE TABLE IF NOT EXISTS scrub_fill (b BLOB)');
      db.prepare('INSERT INTO scrub_fill (b) VALUES (zeroblob(?))').run(free * pageSize);
      db.exec('DROP TABLE scrub_fill');
    }
    const result = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get() as { busy: number };
    return result.busy === 0;
  } finally {
    db.close();
  }
}
