/**
 * Room documents on disk: node:sqlite (built into Node 22; no native addon to rebuild when npm
 * installs under another Node), one row per room holding its full Yjs state. WAL mode, so a write
 * survives kill -9 once the statement returns.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

export interface RoomStore {
  load(roomId: string): Uint8Array | null;
  save(roomId: string, state: Uint8Array, nowMs: number): void;
  /** Marks a room as used (opened) without writing its state. */
  touch(roomId: string, nowMs: number): void;
  /** Deletes rooms nobody opened since `beforeMs`; returns how many. */
  deleteIdle(beforeMs: number): number;
  count(): number;
  close(): void;
}

export function openRoomStore(dataDir: string): RoomStore {
  mkdirSync(dataDir, { recursive: true });
  const db = new DatabaseSync(join(dataDir, 'rooms.sqlite'));
  db.exec(`PRAGMA journal_mode = WAL;
    PRAGMA synchronous = NORMAL;
    CREATE TABLE IF NOT EXISTS rooms (id TEXT PRIMARY KEY, state BLOB NOT NULL, used_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS rooms_used_at ON rooms (used_at);`);
  const select = db.prepare('SELECT state FROM rooms WHERE id = ?');
  const upsert = db.prepare('INSERT INTO rooms (id, state, used_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state, used_at = excluded.used_at');
  const touch = db.prepare('UPDATE rooms SET used_at = ? WHERE id = ?');
  const purge = db.prepare('DELETE FROM rooms WHERE used_at < ?');
  const count = db.prepare('SELECT COUNT(*) AS n FROM rooms');
  return {
    load(roomId) {
      const row = select.get(roomId) as { state: Uint8Array } | undefined;
      return row ? new Uint8Array(row.state) : null;
    },
    save: (roomId, state, nowMs) => void upsert.run(roomId, state, nowMs),
    touch: (roomId, nowMs) => void touch.run(nowMs, roomId),
    deleteIdle: (beforeMs) => Number(purge.run(beforeMs).changes),
    count: () => Number((count.get() as { n: number }).n),
    close: () => db.close(),
  };
}
