/**
 * Opening the room database: pragmas, the schema (migrated in place from the one-table layout),
 * and what happens when the file is damaged: it is moved aside, never deleted, and the rooms that
 * can still be read are copied into a fresh file, so the relay always starts.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

const SQLITE_IOERR_SHORT_READ = 522;
const DAMAGE = new Set([11 /* SQLITE_CORRUPT */, 26 /* SQLITE_NOTADB */]);
const SCHEMA_VERSION = 2;

/** True for the SQLite errors that mean the file's contents cannot be read (corrupt, truncated, not a database). */
export function isDamage(error: unknown): boolean {
  const e = error as { code?: unknown; errcode?: unknown } | null;
  if (e?.code !== 'ERR_SQLITE_ERROR' || typeof e.errcode !== 'number') return false;
  return DAMAGE.has(e.errcode & 0xff) || e.errcode === SQLITE_IOERR_SHORT_READ;
}

/** The SQLite error name for a log line (never a row's content). */
export function errorName(error: unknown): string {
  const e = error as { errstr?: unknown; message?: unknown } | null;
  return String(e?.errstr ?? e?.message ?? error);
}

/** Runs `body` in one transaction; rolls back when it throws. */
export function transaction<T>(db: DatabaseSync, body: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = body();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

// An empty `state` blob means "no folded state yet": a Yjs update is never empty (an empty
// document encodes to 2 bytes), so the original `state BLOB NOT NULL` table serves unchanged and
// migrating is adding tables, not rewriting every room. node:sqlite binds an empty Uint8Array as
// NULL, hence the coalesce(?, x'') wherever a state is written.
const SCHEMA = `
  CREATE TABLE IF NOT EXISTS rooms (id TEXT PRIMARY KEY, state BLOB NOT NULL, used_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS rooms_used_at ON rooms (used_at);
  CREATE TABLE IF NOT EXISTS updates (seq INTEGER PRIMARY KEY, room_id TEXT NOT NULL, data BLOB NOT NULL, at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS updates_room ON updates (room_id, seq);
  CREATE TABLE IF NOT EXISTS set_aside (n INTEGER PRIMARY KEY, room_id TEXT NOT NULL, kind TEXT NOT NULL, data BLOB, at INTEGER, reason TEXT NOT NULL, set_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS set_aside_set_at ON set_aside (set_at);
  -- Version 2: a room its host deleted, and when (nothing else: no name, no address, no content).
  CREATE TABLE IF NOT EXISTS tombstones (id TEXT PRIMARY KEY, deleted_at INTEGER NOT NULL) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS tombstones_deleted_at ON tombstones (deleted_at);
  -- Every logged room has a rooms row (count, idle deletion). OR IGNORE: an existing row is only
  -- looked up in the id index, never rewritten, so an append does not read a large state.
  CREATE TRIGGER IF NOT EXISTS updates_room_row AFTER INSERT ON updates BEGIN
    INSERT OR IGNORE INTO rooms (id, state, used_at) VALUES (NEW.room_id, x'', NEW.at);
  END;`;

/** Opens `file` with the relay's pragmas and schema; throws when it is damaged. */
export function openChecked(file: string): DatabaseSync {
  const db = new DatabaseSync(file);
  try {
    // WAL + synchronous=NORMAL: a committed statement is in the WAL file (the OS page cache) when
    // it returns, which survives the death of the process; only power loss can drop the last ones.
    // secure_delete: a deleted row's bytes (a room its host deleted, a log folded away, a state
    // replaced) are overwritten with zeros, not left in free pages for anyone who reads the file.
    db.exec('PRAGMA busy_timeout = 5000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA secure_delete = ON;');
    const check = db.prepare('PRAGMA quick_check').all() as { quick_check: string }[];
    if (check.length !== 1 || check[0]?.quick_check !== 'ok') {
      throw Object.assign(new Error('quick_check failed'), { code: 'ERR_SQLITE_ERROR', errcode: 11, errstr: 'quick_check failed' });
    }
    const { user_version: version } = db.prepare('PRAGMA user_version').get() as { user_version: number };
    if (version < SCHEMA_VERSION) transaction(db, () => db.exec(`${SCHEMA} PRAGMA user_version = ${SCHEMA_VERSION};`));
    return db;
  } catch (error) {
    closeQuietly(db);
    throw error;
  }
}

/** Opens (creating) `file`; a damaged file is moved aside and its readable rooms copied into a fresh one. */
export function openDatabase(file: string, log: (line: string) => void): DatabaseSync {
  finishInterruptedSalvage(file);
  try {
    return openChecked(file);
  } catch (error) {
    if (!isDamage(error)) throw error;
    salvage(file, errorName(error), log);
    return openChecked(file);
  }
}

/**
 * Replaces a damaged `file` (closed by the caller) with a fresh one holding every room that can
 * still be read; the damaged file is kept as `<file>.damaged-<time>` with its -wal/-shm.
 */
export function salvage(file: string, reason: string, log: (line: string) => void): void {
  const tmp = `${file}.salvage`;
  removeWithSidecars(tmp);
  const fresh = openChecked(tmp);
  let kept = 0;
  let lost = 0;
  let source: DatabaseSync | undefined;
  try {
    source = new DatabaseSync(file);
    ({ kept, lost } = copyReadable(source, fresh));
  } catch (error) {
    if (!isDamage(error)) throw error;
    // reason: nothing (more) can be listed from the damaged file; it is kept aside as it is.
  } finally {
    if (source) closeQuietly(source);
    fresh.close();
  }
  const aside = moveAside(file);
  renameSync(tmp, file);
  log(
    `room store: ${basename(file)} damaged (${reason}); kept as ${basename(aside)}; ${kept} rooms copied to a fresh file, ${lost} unreadable`,
  );
}

/** Copies room by room; a room whose rows cannot be read stays only in the damaged file. */
function copyReadable(source: DatabaseSync, fresh: DatabaseSync): { kept: number; lost: number } {
  const tables = new Set(
    (source.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
  );
  const readRoom = source.prepare('SELECT state, used_at FROM rooms WHERE id = ?');
  const readLog = tables.has('updates') ? source.prepare('SELECT data, at FROM updates WHERE room_id = ? ORDER BY seq') : undefined;
  const writeRoom = fresh.prepare("INSERT INTO rooms (id, state, used_at) VALUES (?, coalesce(?, x''), ?)");
  const writeLog = fresh.prepare('INSERT INTO updates (room_id, data, at) VALUES (?, ?, ?)');
  let kept = 0;
  let lost = 0;
  const ids: string[] = [];
  try {
    for (const row of source.prepare('SELECT id FROM rooms').iterate() as Iterable<{ id: string }>) ids.push(row.id);
  } catch (error) {
    if (!isDamage(error)) throw error;
    // reason: the id list broke part way; the ids read so far are still worth copying.
  }
  for (const id of ids) {
    try {
      const room = readRoom.get(id) as { state: Uint8Array; used_at: number } | undefined;
      const log = (readLog?.all(id) ?? []) as { data: Uint8Array; at: number }[];
      if (!room) continue;
      // A damaged record can also read back as NULL instead of failing.
      if (!(room.state instanceof Uint8Array) || !log.every((u) => u.data instanceof Uint8Array)) {
        lost++;
        continue;
      }
      transaction(fresh, () => {
        writeRoom.run(id, room.state, room.used_at);
        for (const u of log) writeLog.run(id, u.data, u.at);
      });
      kept++;
    } catch (error) {
      if (!isDamage(error)) throw error;
      lost++;
    }
  }
  copyTombstones(source, fresh, tables);
  return { kept, lost };
}

/** Copies the deletions' tombstones (a room deleted must not come back from a member's copy after a salvage). */
function copyTombstones(source: DatabaseSync, fresh: DatabaseSync, tables: ReadonlySet<string>): void {
  if (!tables.has('tombstones')) return;
  const write = fresh.prepare('INSERT OR REPLACE INTO tombstones (id, deleted_at) VALUES (?, ?)');
  try {
    for (const row of source.prepare('SELECT id, deleted_at FROM tombstones').iterate() as Iterable<{ id: unknown; deleted_at: unknown }>)
      if (typeof row.id === 'string' && typeof row.deleted_at === 'number') write.run(row.id, row.deleted_at);
  } catch (error) {
    if (!isDamage(error)) throw error;
    // reason: the list broke part way; the tombstones read so far are kept.
  }
}

/** Renames `file` and its -wal/-shm to `<file>.damaged-<ISO time>`; returns the new name. */
export function moveAside(file: string): string {
  // ISO 8601 basic format: no colons, so the name is valid on every file system.
  const stamp = new Date().toISOString().replace(/[-:]/g, '');
  let aside = `${file}.damaged-${stamp}`;
  for (let n = 2; existsSync(aside); n++) aside = `${file}.damaged-${stamp}-${n}`;
  if (existsSync(file)) renameSync(file, aside);
  for (const sidecar of ['-wal', '-shm']) if (existsSync(file + sidecar)) renameSync(file + sidecar, aside + sidecar);
  return aside;
}

/** A salvage killed between its two renames left the fresh copy beside a missing file: finish it. */
function finishInterruptedSalvage(file: string): void {
  const tmp = `${file}.salvage`;
  if (!existsSync(tmp)) return;
  if (existsSync(file)) removeWithSidecars(tmp);
  else renameSync(tmp, file);
}

function removeWithSidecars(file: string): void {
  for (const name of [file, `${file}-wal`, `${file}-shm`]) rmSync(name, { force: true });
}

/** Closes a connection whose file may be damaged; closing can fail on the final checkpoint. */
export function closeQuietly(db: DatabaseSync): void {
  try {
    if (db.isOpen) db.close();
  } catch {
    // reason: the connection is being dropped because its file is damaged; a failed close changes nothing.
  }
}
