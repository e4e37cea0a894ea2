import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { RoomDamagedError, openRoomStore, type RoomStore, TOMBSTONE_BYTES } from './persistence.ts';
import { salvage } from './store-open.ts';

const A = 'AAAAAAAAAAAAAAAAAAAAAA';
const B = 'BBBBBBBBBBBBBBBBBBBBBB';
const C = 'CCCCCCCCCCCCCCCCCCCCCC';
const X = 'XXXXXXXXXXXXXXXXXXXXXX';
const day = 86_400_000;
const PAGE = 4096;
const bytes = (...values: number[]) => new Uint8Array(values);

/** A store in a new directory, and the log lines it wrote; no line may carry a full room id. */
function fresh(dir = mkdtempSync(join(tmpdir(), 'sb-store-'))) {
  const lines: string[] = [];
  const store = openRoomStore(dir, (line) => lines.push(line));
  return { dir, file: join(dir, 'rooms.sqlite'), store, lines };
}
function reopen(dir: string) {
  return fresh(dir);
}
const noIdsIn = (lines: string[]) => {
  for (const id of [A, B, C, X]) expect(lines.join('\n')).not.toContain(id);
};
const damagedFiles = (dir: string) => readdirSync(dir).filter((name) => /^rooms\.sqlite\.damaged-\d{8}T\d{6}\.\d{3}Z(-\d+)?$/.test(name));
const plain = (store: RoomStore, id: string) => {
  const room = store.load(id);
  return room && { state: room.state && [...room.state], updates: room.updates.map((u) => [...u]) };
};

/** Changes the file behind the store's back, then makes the store drop its page cache: in WAL mode a write by another connection does that. */
function damageUnder(file: string, damage: (content: Buffer) => void): void {
  const content = readFileSync(file);
  damage(content);
  writeFileSync(file, content);
  const other = new DatabaseSync(file);
  other.exec('PRAGMA user_version = 1');
  other.close();
}

describe('room store: state and log', () => {
  it('returns appended updates in order, after the folded state, across reopening', () => {
    const { dir, store } = fresh();
    expect(store.load(A)).toBeNull();
    store.append(A, bytes(1), 0);
    store.append(A, bytes(2, 2), 1);
    expect(plain(store, A)).toEqual({ state: null, updates: [[1], [2, 2]] });
    store.append(A, bytes(), 1); // not an update: ignored
    store.fold(A, bytes(9, 9, 9), 2);
    expect(plain(store, A)).toEqual({ state: [9, 9, 9], updates: [] }); // fold deletes the log it replaces
    store.fold(B, bytes(), 2);
    expect(store.load(B)).toBeNull(); // an empty state is no state
    store.append(A, bytes(3), 3);
    store.close();

    const again = reopen(dir).store;
    expect(plain(again, A)).toEqual({ state: [9, 9, 9], updates: [[3]] });
    expect(again.load(B)).toBeNull();
    expect(again.count()).toBe(2);
    again.close();
  });

  it('sets a room aside: the id starts empty, its rows are kept with the reason, the log line has no id', () => {
    const { dir, file, store, lines } = fresh();
    store.fold(A, bytes(1, 2), 5);
    store.append(A, bytes(3), 6);
    store.append(B, bytes(4), 6);
    store.setAside(A, 'yjs rejected the state', 7);
    expect(store.load(A)).toBeNull();
    expect(plain(store, B)).toEqual({ state: null, updates: [[4]] });
    expect(store.count()).toBe(1);
    expect(lines).toEqual(['room store: room AAAA… set aside (yjs rejected the state)']);
    store.close();

    const db = new DatabaseSync(file);
    const aside = db.prepare('SELECT room_id, kind, data, at, reason, set_at FROM set_aside ORDER BY n').all() as { data: Uint8Array }[];
    expect(aside.map((r) => ({ ...r, data: [...r.data] }))).toEqual([
      { room_id: A, kind: 'state', data: [1, 2], at: 5, reason: 'yjs rejected the state', set_at: 7 },
      { room_id: A, kind: 'update', data: [3], at: 6, reason: 'yjs rejected the state', set_at: 7 },
    ]);
    db.close();
    expect(reopen(dir).store.load(A)).toBeNull();
  });

  it('deletes rooms (state and log) idle past the retention; an appended update counts as use; old set-aside rows go too', () => {
    const { store } = fresh();
    store.fold(A, bytes(1), 0);
    store.append(A, bytes(2), 1);
    store.fold(B, bytes(3), 20 * day);
    store.append(C, bytes(4), 1); // only a log, appended long ago
    store.fold(X, bytes(5), 0);
    store.append(X, bytes(6), 24 * day); // folded long ago, written to since
    store.setAside(C, 'test', 1);
    store.append(C, bytes(7), 2);
    store.touch(B, 25 * day); // opened again: not idle any more

    expect(store.deleteIdle(22 * day)).toBe(2); // A and C
    expect(store.load(A)).toBeNull();
    expect(store.load(C)).toBeNull();
    expect(plain(store, B)).toEqual({ state: [3], updates: [] });
    expect(plain(store, X)).toEqual({ state: [5], updates: [[6]] });
    expect(store.count()).toBe(2);
    expect(store.totalBytes()).toBe(3);
    expect(store.deleteIdle(22 * day)).toBe(0);
  });

  it('counts stored bytes per room and in total, and recounts the same at open', () => {
    const { dir, store } = fresh();
    store.append(A, new Uint8Array(10), 0);
    store.append(A, new Uint8Array(5), 0);
    store.append(B, new Uint8Array(7), 0);
    expect([store.roomBytes(A), store.roomBytes(B), store.roomBytes(C), store.totalBytes()]).toEqual([15, 7, 0, 22]);
    store.fold(A, new Uint8Array(12), 1);
    expect([store.roomBytes(A), store.totalBytes()]).toEqual([12, 19]);
    store.append(A, new Uint8Array(3), 2);
    store.fold(C, new Uint8Array(100), 50);
    expect([store.roomBytes(A), store.totalBytes()]).toEqual([15, 122]);
    store.setAside(B, 'test', 3);
    expect([store.roomBytes(B), store.totalBytes()]).toEqual([0, 115]);
    expect(store.deleteIdle(10)).toBe(1);
    expect([store.roomBytes(A), store.roomBytes(C), store.totalBytes()]).toEqual([0, 100, 100]);
    store.append(A, new Uint8Array(8), 60);
    store.close();

    const again = reopen(dir).store;
    expect([again.roomBytes(A), again.roomBytes(C), again.totalBytes(), again.count()]).toEqual([8, 100, 108, 2]);
  });

  it('migrates the one-table database in place: its rooms load as folded states and take appends', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
    const old = new DatabaseSync(join(dir, 'rooms.sqlite'));
    old.exec(`PRAGMA journal_mode = WAL;
      CREATE TABLE rooms (id TEXT PRIMARY KEY, state BLOB NOT NULL, used_at INTEGER NOT NULL);
      CREATE INDEX rooms_used_at ON rooms (used_at);`);
    old.prepare('INSERT INTO rooms VALUES (?, ?, ?)').run(A, bytes(1, 2, 3), 0);
    old.prepare('INSERT INTO rooms VALUES (?, ?, ?)').run(B, bytes(4), 20 * day);
    old.close();

    const { store, lines } = fresh(dir);
    expect(lines).toEqual([]);
    expect(plain(store, A)).toEqual({ state: [1, 2, 3], updates: [] });
    expect([store.count(), store.totalBytes()]).toEqual([2, 4]);
    store.append(A, bytes(5), day);
    expect(plain(store, A)).toEqual({ state: [1, 2, 3], updates: [[5]] });
    expect(store.deleteIdle(day)).toBe(0); // A's log is from `day`
    store.close();
    expect(damagedFiles(dir)).toEqual([]);
  });
});

describe('room store: deletion by the host', () => {
  const MARK = new TextEncoder().encode('the-deleted-room-said-this');
  const marked = (n: number) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += MARK.length) out.set(MARK.subarray(0, Math.min(MARK.length, n - i)), i);
    return out;
  };
  /** Whether any file in `dir` holds the marker's bytes. */
  const markIn = (dir: string) => readdirSync(dir).some((name) => readFileSync(join(dir, name)).includes(Buffer.from(MARK)));

  it('deletes state, log and set-aside rows, leaves a tombstone, and leaves no byte of the room in any file', () => {
    const { dir, store, lines } = fresh();
    store.fold(A, marked(20_000), 1); // on overflow pages
    store.append(A, marked(300), 2);
    store.setAside(A, 'test', 3); // the set-aside copy is the room's too
    store.fold(A, marked(9000), 4);
    store.append(A, marked(50), 5);
    store.fold(A, marked(7000), 6); // an older state replaced: its pages are freed
    store.append(A, marked(40), 7);
    store.append(B, bytes(1, 2, 3), 7);
    expect(markIn(dir)).toBe(true);
    const before = store.totalBytes();

    store.deleteRoom(A, 8);
    expect(store.load(A)).toBeNull();
    expect(store.deletedAt(A)).toBe(8);
    expect(store.deletedAt(B)).toBeNull();
    expect([store.roomBytes(A), store.count(), store.tombstones()]).toEqual([0, 1, 1]);
    expect(store.totalBytes()).toBe(3 + TOMBSTONE_BYTES);
    expect(before).toBeGreaterThan(store.totalBytes());
    expect(markIn(dir)).toBe(false);
    expect(plain(store, B)).toEqual({ state: null, updates: [[1, 2, 3]] });
    noIdsIn(lines);
    store.close();
    expect(markIn(dir)).toBe(false);

    const again = reopen(dir).store;
    expect([again.deletedAt(A), again.tombstones(), again.totalBytes()]).toEqual([8, 1, 3 + TOMBSTONE_BYTES]);
    expect(again.load(A)).toBeNull();
  });

  it('a room used again after its deletion is stored as any other; deleting it again moves its tombstone on', () => {
    const { store } = fresh();
    store.deleteRoom(A, 10); // nothing stored: a tombstone all the same
    expect([store.deletedAt(A), store.tombstones(), store.count()]).toEqual([10, 1, 0]);
    store.append(A, bytes(7), 11);
    expect(plain(store, A)).toEqual({ state: null, updates: [[7]] });
    expect(store.deletedAt(A)).toBe(10);
    store.deleteRoom(A, 20);
    expect([store.deletedAt(A), store.tombstones(), store.count(), store.load(A)]).toEqual([20, 1, 0, null]);
  });

  it('forgets tombstones past the retention, with the idle rooms, and not before', () => {
    const { dir, store } = fresh();
    store.deleteRoom(A, 1 * day);
    store.deleteRoom(B, 5 * day);
    store.deleteRoom(C, 9 * day);
    expect(store.expireTombstones(1 * day)).toBe(0); // A is exactly at the retention: kept
    expect(store.expireTombstones(5 * day)).toBe(1);
    expect([store.deletedAt(A), store.deletedAt(B), store.deletedAt(C), store.tombstones()]).toEqual([null, 5 * day, 9 * day, 2]);
    expect(store.totalBytes()).toBe(2 * TOMBSTONE_BYTES);
    store.close();
    const again = reopen(dir).store;
    expect(again.expireTombstones(10 * day)).toBe(2);
    expect([again.tombstones(), again.totalBytes()]).toEqual([0, 0]);
  });

  it('adds the tombstones table to a version 1 database, and keeps tombstones through a salvage', () => {
    const { dir, file, store } = fresh();
    store.fold(A, bytes(1), 0);
    store.deleteRoom(B, 3);
    store.close();
    const db = new DatabaseSync(file);
    db.exec('DROP TABLE tombstones; PRAGMA user_version = 1');
    db.close();
    const migrated = reopen(dir).store;
    expect([migrated.deletedAt(B), migrated.tombstones()]).toEqual([null, 0]);
    migrated.deleteRoom(B, 4);
    migrated.close();

    // A salvage (what a damaged file gets) copies the tombstones with the rooms.
    salvage(file, 'test', () => undefined);
    const salvaged = reopen(dir).store;
    expect([salvaged.deletedAt(B), salvaged.tombstones()]).toEqual([4, 1]);
    expect(plain(salvaged, A)).toEqual({ state: [1], updates: [] });
  });
});

describe('room store: damaged files and rows', () => {
  function realDatabase(rooms = 40) {
    const made = fresh();
    for (let i = 0; i < rooms; i++) made.store.fold(`room-${String(i).padStart(17, '0')}`, new Uint8Array(900).fill(i), i);
    made.store.close();
    return made;
  }

  it('opens fresh when the file is truncated, keeping the damaged file aside', () => {
    const { dir, file } = realDatabase();
    const whole = readFileSync(file);
    expect(whole.length).toBeGreaterThan(6 * PAGE);
    const truncated = whole.subarray(0, 3 * PAGE);
    writeFileSync(file, truncated);

    const { store, lines } = fresh(dir);
    const [aside] = damagedFiles(dir);
    expect(aside && readFileSync(join(dir, aside)).equals(truncated)).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^room store: rooms\.sqlite damaged \(.+\); kept as rooms\.sqlite\.damaged-\S+; \d+ rooms copied to a fresh file, \d+ unreadable$/,
    );
    store.append(A, bytes(1), 0);
    expect(plain(store, A)).toEqual({ state: null, updates: [[1]] });
  });

  it('opens fresh when the file is not a database, keeping it aside', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-store-'));
    const garbage = Buffer.from(Array.from({ length: 3 * PAGE }, () => Math.floor(Math.random() * 256)));
    writeFileSync(join(dir, 'rooms.sqlite'), garbage);

    const { store, lines } = fresh(dir);
    expect(lines).toEqual([
      expect.stringMatching(
        /^room store: rooms\.sqlite damaged \(file is not a database\); kept as rooms\.sqlite\.damaged-\S+; 0 rooms copied/,
      ),
    ]);
    const [aside] = damagedFiles(dir);
    expect(readFileSync(join(dir, aside!)).equals(garbage)).toBe(true);
    expect(store.count()).toBe(0);
    store.fold(A, bytes(1), 0);
    expect(store.load(A)?.state).toEqual(bytes(1));
  });

  it('a truncated blob in one row: only that room throws RoomDamagedError and starts empty; the others load', () => {
    const made = fresh();
    made.store.fold(A, new Uint8Array(100).fill(0xa5), 1000);
    made.store.fold(X, new Uint8Array(100).fill(0xa6), 1000);
    made.store.fold(B, new Uint8Array(100).fill(0xa7), 1000);
    made.store.close();
    const { store, file, lines } = reopen(made.dir);

    damageUnder(file, (content) => {
      // The row's record header: [size][id: 22-char text][state: 100-byte blob = varint 0x81 0x54][used_at]; claim 996 bytes.
      const at = content.indexOf(Buffer.concat([Buffer.from(X), Buffer.alloc(100, 0xa6)]));
      expect([content[at - 3], content[at - 2]]).toEqual([0x81, 0x54]);
      content[at - 3] = 0x8f;
    });

    expect(() => store.load(X)).toThrow(RoomDamagedError);
    expect(store.load(A)?.state).toEqual(new Uint8Array(100).fill(0xa5));
    expect(store.load(B)?.state).toEqual(new Uint8Array(100).fill(0xa7));
    expect(store.load(X)).toBeNull();
    expect([store.count(), store.totalBytes()]).toEqual([2, 200]);
    store.fold(X, bytes(1), 2000);
    expect(store.load(X)?.state).toEqual(bytes(1));
    // Deleting the row needs its used_at (an index), which lies past the bad length: the file is rebuilt.
    expect(lines).toEqual([
      expect.stringMatching(
        /^room store: rooms\.sqlite damaged \(room XXXX… unreadable: database disk image is malformed, rows not deletable\); kept as rooms\.sqlite\.damaged-\S+; 2 rooms copied to a fresh file, 1 unreadable$/,
      ),
    ]);
    noIdsIn(lines);
    expect(damagedFiles(made.dir)).toHaveLength(1);
  });

  it('rows that cannot be copied aside are deleted as a last resort, with a log line', () => {
    const { store, file, lines } = fresh();
    store.fold(A, bytes(1), 0);
    store.fold(B, bytes(2), 0);
    const db = new DatabaseSync(file);
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'set_aside'").get() as { rootpage: number };
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    db.close();
    damageUnder(file, (content) => content.fill(0xee, (rootpage - 1) * PAGE, rootpage * PAGE)); // the set-aside table's only page

    store.setAside(A, 'test', 1);
    expect(store.load(A)).toBeNull();
    expect(store.load(B)?.state).toEqual(bytes(2));
    expect([store.count(), store.totalBytes()]).toEqual([1, 1]);
    expect(lines).toEqual(['room store: room AAAA… could not be copied aside (test); its rows were deleted']);
  });

  it('a broken overflow chain in one row: that room throws RoomDamagedError, the file is rebuilt with every other room', () => {
    const made = fresh();
    made.store.fold(A, bytes(1), 0);
    made.store.fold(X, new Uint8Array(5 * PAGE).fill(0x5a), 0);
    made.store.append(X, bytes(2), 0);
    made.store.append(B, bytes(3), 0);
    made.store.close();
    const { dir, file, store, lines } = reopen(made.dir);

    damageUnder(file, (content) => {
      const overflow = Buffer.alloc(PAGE - 4, 0x5a);
      for (let page = 0; page < content.length; page += PAGE) {
        if (content.readUInt32BE(page) !== 0 && content.subarray(page + 4, page + PAGE).equals(overflow)) {
          content.writeUInt32BE(0x0fffffff, page); // the next overflow page: far past the end of the file
          return;
        }
      }
      throw new Error('no overflow page found');
    });

    expect(() => store.load(X)).toThrow(RoomDamagedError);
    expect(store.load(X)).toBeNull();
    expect(plain(store, A)).toEqual({ state: [1], updates: [] });
    expect(plain(store, B)).toEqual({ state: null, updates: [[3]] });
    expect([store.count(), store.totalBytes()]).toEqual([2, 2]);
    expect(damagedFiles(dir)).toHaveLength(1);
    expect(lines).toEqual([
      expect.stringMatching(
        /^room store: rooms\.sqlite damaged \(room XXXX… unreadable: .+, rows not deletable\); kept as rooms\.sqlite\.damaged-\S+; 2 rooms copied to a fresh file, 1 unreadable$/,
      ),
    ]);
    noIdsIn(lines);
    store.append(X, bytes(4), 1);
    store.close();
    expect(plain(reopen(dir).store, X)).toEqual({ state: null, updates: [[4]] });
  });

  it('a file damaged as a whole while running: the write goes to a fresh file instead of throwing', () => {
    const { dir, file } = realDatabase();
    const { store, lines } = reopen(dir);
    damageUnder(file, (content) => {
      for (let i = PAGE; i < content.length; i++) content[i] = (i * 7919) & 0xff;
    });
    store.append(A, bytes(1), 0);
    expect(plain(store, A)).toEqual({ state: null, updates: [[1]] });
    expect(damagedFiles(dir)).toHaveLength(1);
    expect(lines).toEqual([expect.stringMatching(/^room store: rooms\.sqlite damaged \(.+\); kept as /)]);
    expect(store.count()).toBe(1);
  });
});

describe('room store: durability', () => {
  /** Runs the child until `target` appends have been confirmed, SIGKILLs it, resolves with every confirmed seq. */
  function appendUntilKilled(dir: string, roomId: string, target: number): Promise<number[]> {
    const child = spawn(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', join(import.meta.dirname, 'testing', 'store-append-child.ts'), dir, roomId, '100'],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let text = '';
    return new Promise((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        text += chunk;
        if (text.split('\n').length > target) child.kill('SIGKILL');
      });
      child.on('error', reject);
      const guard = setTimeout(() => child.kill('SIGKILL'), 10_000); // never outlive the test
      child.on('close', (_code, signal) => {
        clearTimeout(guard);
        if (signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${signal})`));
        // A seq counts once its line is complete: printed after append returned.
        resolve(text.split('\n').slice(0, -1).map(Number));
      });
    });
  }

  it('loses no update that append had returned for, when the process is killed with SIGKILL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-store-kill-'));
    let confirmed = 0;
    for (let round = 0; round < 4; round++) {
      const roomId = `room-${round}`;
      const printed = await appendUntilKilled(dir, roomId, 1 + Math.floor(Math.random() * 2000));
      const { store } = reopen(dir);
      const stored = new Set(store.load(roomId)?.updates.map((u) => new DataView(u.buffer, u.byteOffset).getUint32(0)));
      store.close();
      const lost = printed.filter((seq) => !stored.has(seq));
      expect(lost).toEqual([]);
      expect(printed.length).toBeGreaterThan(0);
      confirmed += printed.length;
    }
    expect(confirmed).toBeGreaterThan(4);
  }, 20_000);
});
