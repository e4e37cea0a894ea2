/**
 * Room documents on disk: node:sqlite (built into Node 22; no native addon to rebuild when npm
 * installs under another Node). A room is a folded Yjs state plus a log of the updates appended
 * since; each append is one autocommitted INSERT in WAL mode, so it survives kill -9 once it
 * returns. Damaged data costs the room it belongs to, never the process (see store-open.ts). A
 * room its host deletes leaves nothing but a tombstone (its id and when), kept for the retention.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { closeQuietly, errorName, isDamage, openChecked, openDatabase, salvage, transaction } from './store-open.ts';

/** A room as stored: its folded state and the updates appended since, oldest first. */
export interface StoredRoom {
  readonly state: Uint8Array | null;
  readonly updates: readonly Uint8Array[];
}

/** The stored data of a room could not be read; the store has already set it aside. */
export class RoomDamagedError extends Error {
  override name = 'RoomDamagedError';
}

export interface RoomStore {
  /** The room, or null when nothing is stored. Throws RoomDamagedError when its rows cannot be read (SQLITE_CORRUPT, a truncated blob, ...); the rows are then kept in a set-aside table, not deleted, and the id starts empty. */
  load(roomId: string): StoredRoom | null;
  /** Appends one document update to the room's log, durably: once it returns, a kill -9 of the process does not lose it. */
  append(roomId: string, update: Uint8Array, nowMs: number): void;
  /** Replaces the room's state with `state` and deletes its logged updates, in one transaction. */
  fold(roomId: string, state: Uint8Array, nowMs: number): void;
  /** Moves everything stored for the room into the set-aside table (with the reason and time), so the id starts empty. */
  setAside(roomId: string, reason: string, nowMs: number): void;
  /** Marks a room as used (opened) without writing. */
  touch(roomId: string, nowMs: number): void;
  /** Deletes rooms (state + log) nobody opened since `beforeMs`; returns how many. Set-aside rows older than beforeMs go too. */
  deleteIdle(beforeMs: number): number;
  /**
   * Deletes everything stored for the room (state, log, set-aside rows) and records its tombstone
   * at `nowMs` (a later deletion moves it on), in one transaction, durably before it returns; the
   * deleted bytes are zeroed in the file and the WAL is emptied, so no copy of them stays on disk.
   */
  deleteRoom(roomId: string, nowMs: number): void;
  /** When the room was deleted, while its tombstone is kept; null when it was not. */
  deletedAt(roomId: string): number | null;
  /** Deletes tombstones of deletions before `beforeMs`; returns how many. */
  expireTombstones(beforeMs: number): number;
  /** Tombstones kept (from memory, O(1)). */
  tombstones(): number;
  /** Bytes stored for one room (state + log), and for all rooms and tombstones: kept in memory, O(1), exact for what this process wrote. */
  roomBytes(roomId: string): number;
  totalBytes(): number;
  /** Rooms stored (from memory, O(1)). */
  count(): number;
  close(): void;
}

/** What a tombstone counts against the disk quota: its row (22-character id, a time) with SQLite's overhead and index entry, rounded up. */
export const TOMBSTONE_BYTES = 96;

/** At most this much of a room id goes into a log line: ids are the link's secret. */
const shortId = (roomId: string) => `${roomId.slice(0, 4)}…`;

function prepare(db: DatabaseSync) {
  const aside = (select: string) => db.prepare(`INSERT INTO set_aside (room_id, kind, data, at, reason, set_at) ${select}`);
  return {
    db,
    state: db.prepare('SELECT state FROM rooms WHERE id = ?'),
    log: db.prepare('SELECT data FROM updates WHERE room_id = ? ORDER BY seq'),
    append: db.prepare('INSERT INTO updates (room_id, data, at) VALUES (?, ?, ?)'),
    upsert: db.prepare(
      "INSERT INTO rooms (id, state, used_at) VALUES (?, coalesce(?, x''), ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, used_at = excluded.used_at",
    ),
    touch: db.prepare('UPDATE rooms SET used_at = ? WHERE id = ?'),
    dropLog: db.prepare('DELETE FROM updates WHERE room_id = ?'),
    dropRoom: db.prepare('DELETE FROM rooms WHERE id = ?'),
    asideState: aside("SELECT id, 'state', state, used_at, ?, ? FROM rooms WHERE id = ?"),
    asideLog: aside("SELECT room_id, 'update', data, at, ?, ? FROM updates WHERE room_id = ? ORDER BY seq"),
    // An append is not a touch (that would rewrite the state's row), so a logged update counts as use.
    dropIdle: db.prepare(
      'DELETE FROM rooms WHERE used_at < ?1 AND NOT EXISTS (SELECT 1 FROM updates WHERE room_id = rooms.id AND at >= ?1) RETURNING id',
    ),
    dropIdleAside: db.prepare('DELETE FROM set_aside WHERE set_at < ?'),
    dropAsideOf: db.prepare('DELETE FROM set_aside WHERE room_id = ?'),
    tombstone: db.prepare(
      'INSERT INTO tombstones (id, deleted_at) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET deleted_at = excluded.deleted_at',
    ),
    deletedAt: db.prepare('SELECT deleted_at FROM tombstones WHERE id = ?'),
    expire: db.prepare('DELETE FROM tombstones WHERE deleted_at < ?'),
    countTombstones: db.prepare('SELECT count(*) AS n FROM tombstones'),
    // Moves the WAL's content into the file and empties it: earlier versions of deleted rows' pages live there.
    truncateWal: db.prepare('PRAGMA wal_checkpoint(TRUNCATE)'),
    sizes: db.prepare(
      'SELECT id, length(state) + coalesce((SELECT sum(length(data)) FROM updates WHERE room_id = rooms.id), 0) AS n FROM rooms',
    ),
  };
}

/** Opens (creating) DATA_DIR/rooms.sqlite. A database that cannot be opened or fails `PRAGMA quick_check` (corrupt, truncated, not a database) is moved aside as rooms.sqlite.damaged-<ISO time> (with its -wal/-shm), with one log line, and a fresh one is started (holding the rooms that could still be read), so the server always starts. */
export function openRoomStore(
  dataDir: string,
  log: (line: string) => void = (line) => console.log(`${new Date().toISOString()} ${line}`),
): RoomStore {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'rooms.sqlite');
  let q = prepare(openDatabase(file, log));
  const bytes = new Map<string, number>();
  let total = 0;
  let tombstones = 0;

  function setBytes(roomId: string, n: number): void {
    total += n - (bytes.get(roomId) ?? 0);
    bytes.set(roomId, n);
  }
  function forget(roomId: string): void {
    total -= bytes.get(roomId) ?? 0;
    bytes.delete(roomId);
  }
  function recount(): void {
    bytes.clear();
    total = 0;
    for (const row of q.sizes.iterate() as Iterable<{ id: string; n: number }>) setBytes(row.id, row.n);
    tombstones = (q.countTombstones.get() as { n: number }).n;
  }

  /** The file is damaged beyond one room: continue on a fresh file with every room still readable. */
  function rebuild(reason: string): void {
    closeQuietly(q.db);
    salvage(file, reason, log);
    q = prepare(openChecked(file));
    recount();
  }
  /** Runs `op`; when the file turns out to be damaged, rebuilds it and runs `op` once more. */
  function globally<T>(op: () => T): T {
    try {
      return op();
    } catch (error) {
      if (!isDamage(error)) throw error;
      rebuild(errorName(error));
      return op();
    }
  }

  function moveAside(roomId: string, reason: string, nowMs: number): number {
    const moved = transaction(q.db, () => {
      const n = Number(q.asideState.run(reason, nowMs, roomId).changes) + Number(q.asideLog.run(reason, nowMs, roomId).changes);
      q.dropLog.run(roomId);
      q.dropRoom.run(roomId);
      return n;
    });
    forget(roomId);
    return moved;
  }
  /** Empties the id: rows copied aside; if they cannot be read, deleted; if not even that, the file is rebuilt. */
  function quarantine(roomId: string, reason: string, nowMs: number): void {
    try {
      if (moveAside(roomId, reason, nowMs) > 0) log(`room store: room ${shortId(roomId)} set aside (${reason})`);
      return;
    } catch (error) {
      if (!isDamage(error)) throw error;
    }
    try {
      transaction(q.db, () => {
        q.dropLog.run(roomId);
        q.dropRoom.run(roomId);
      });
      forget(roomId);
      log(`room store: room ${shortId(roomId)} could not be copied aside (${reason}); its rows were deleted`);
      return;
    } catch (error) {
      if (!isDamage(error)) throw error;
    }
    rebuild(`room ${shortId(roomId)} ${reason}, rows not deletable`);
    // The rebuilt file holds what could be read, maybe this room too: it still starts empty.
    moveAside(roomId, reason, nowMs);
  }
  /** Runs a write on one room; if that room's rows are damaged, quarantines them and runs it once more. */
  function inRoom(roomId: string, nowMs: number, op: () => void): void {
    try {
      op();
    } catch (error) {
      if (!isDamage(error)) throw error;
      quarantine(roomId, `unwritable: ${errorName(error)}`, nowMs);
      op();
    }
  }

  globally(recount);

  const fold = (roomId: string, state: Uint8Array, nowMs: number) => {
    inRoom(roomId, nowMs, () =>
      transaction(q.db, () => {
        q.dropLog.run(roomId);
        q.upsert.run(roomId, state, nowMs);
      }),
    );
    setBytes(roomId, state.length);
  };

  return {
    load(roomId) {
      try {
        const row = q.state.get(roomId) as { state: Uint8Array } | undefined;
        const updates = (q.log.all(roomId) as { data: Uint8Array }[]).map((u) => u.data);
        const state = row && row.state.length > 0 ? row.state : null;
        return state || updates.length > 0 ? { state, updates } : null;
      } catch (error) {
        if (!isDamage(error)) throw error;
        quarantine(roomId, `unreadable: ${errorName(error)}`, Date.now());
        throw new RoomDamagedError(`room ${shortId(roomId)} could not be read; set aside`, { cause: error });
      }
    },
    append(roomId, update, nowMs) {
      if (update.length === 0) return; // not a Yjs update, and node:sqlite would bind it as NULL
      globally(() => q.append.run(roomId, update, nowMs));
      setBytes(roomId, (bytes.get(roomId) ?? 0) + update.length);
    },
    fold,
    setAside: (roomId, reason, nowMs) => quarantine(roomId, reason, nowMs),
    touch: (roomId, nowMs) => inRoom(roomId, nowMs, () => void q.touch.run(nowMs, roomId)),
    deleteIdle(beforeMs) {
      const ids = globally(() =>
        transaction(q.db, () => {
          const gone = (q.dropIdle.all(beforeMs) as { id: string }[]).map((r) => r.id);
          for (const id of gone) q.dropLog.run(id);
          q.dropIdleAside.run(beforeMs);
          return gone;
        }),
      );
      for (const id of ids) forget(id);
      return ids.length;
    },
    deleteRoom(roomId, nowMs) {
      const added = globally(() =>
        transaction(q.db, () => {
          q.dropLog.run(roomId);
          q.dropRoom.run(roomId);
          q.dropAsideOf.run(roomId);
          const known = q.deletedAt.get(roomId) !== undefined;
          q.tombstone.run(roomId, nowMs);
          return !known;
        }),
      );
      forget(roomId);
      if (added) tombstones++;
      // reason: a checkpoint that could not finish (a reader held it) leaves the WAL to the next one; the deletion stands
      try {
        q.truncateWal.get();
      } catch {}
    },
    deletedAt(roomId) {
      const row = globally(() => q.deletedAt.get(roomId)) as { deleted_at: number } | undefined;
      return row ? row.deleted_at : null;
    },
    expireTombstones(beforeMs) {
      const n = Number(globally(() => q.expire.run(beforeMs)).changes);
      tombstones -= n;
      return n;
    },
    tombstones: () => tombstones,
    roomBytes: (roomId) => bytes.get(roomId) ?? 0,
    totalBytes: () => total + tombstones * TOMBSTONE_BYTES,
    count: () => bytes.size,
    close: () => q.db.close(),
  };
}
