/**
 * What a deletion leaves on disk: Deno KV deletes a room's entries, but SQLite keeps their bytes in
 * the pages' free space, on its free list and in its write-ahead log until they are reused. After
 * a room is deleted, a second connection (node:sqlite, with secure_delete) rewrites the KV table
 * (every row out and back, so the old cells are zeroed), fills the free pages with zeros and frees
 * them again, and empties the log: no copy of the room's content stays in any file of the data
 * directory (the Node store does the same with secure_delete). VACUUM would be simpler, but Deno's
 * node:sqlite allows no attached database, which VACUUM needs.
 *
 * The pass copies the whole file (1.4-1.8 s on a 144 MB one), so it runs on a worker thread, only
 * for a deletion that removed something (deleting an empty or already deleted room repeatedly
 * costs nothing), one at a time, and once per window for the deletions that came within it (5 s,
 * or ten times the last pass on a large file: 17 s at 144 MB). The
 * first deletion of a window is answered once its pass is done (the 204 then means nothing of the
 * room is left in any file, as the delete suite reads right after it); the deletions after it are
 * answered at once and scrubbed together at the window's end; should the process be killed before
 * that, the pass every start makes before serving scrubs them. A pass that fails is logged once and
 * never turns a stored deletion into an error.
 */
import { DatabaseSync } from 'node:sqlite';
import type { KvLike, KvRoomStore } from './kv-store.ts';

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

/** Deletions within this long of a pass are scrubbed together by the next one. */
export const SCRUB_WINDOW_MS = 5_000;
/** ... or this many times the last pass's length, whichever is longer: scrubbing takes at most a tenth of a core, however large the file. */
export const SCRUB_WINDOW_PER_PASS = 10;

/** The worker's source: scrubKvFile as Deno compiled it (a blob URL needs no read grant, a module file would). */
const workerSource = () =>
  `import { DatabaseSync } from 'node:sqlite';\nconst BUSY_WAIT_MS = ${BUSY_WAIT_MS};\nconst scrub = ${scrubKvFile.toString()};\n` +
  'self.onmessage = (e) => { try { self.postMessage({ done: scrub(e.data) }); } catch (error) { self.postMessage({ failed: String(error?.name ?? "Error") + ": " + String(error?.message ?? "") }); } };';

/** The scrub failed in its worker (the message is SQLite's: it names no content). */
export class ScrubFailedError extends Error {
  override name = 'ScrubFailedError';
}

/** Runs scrubKvFile on a worker thread (Deno only): the relay keeps answering while the file is copied. */
export function scrubOffThread(path: string): Promise<boolean> {
  const url = URL.createObjectURL(new Blob([workerSource()], { type: 'application/javascript' }));
  const worker = new Worker(url, { type: 'module' });
  return new Promise<boolean>((done, fail) => {
    worker.onmessage = (event: MessageEvent<{ done?: boolean; failed?: string }>) =>
      event.data.failed === undefined ? done(event.data.done === true) : fail(new ScrubFailedError(event.data.failed));
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault();
      fail(new ScrubFailedError(event.message));
    };
    worker.postMessage(path);
  }).finally(() => {
    worker.terminate();
    URL.revokeObjectURL(url);
  });
}

/** Schedules the scrubs of one KV file. */
export interface Scrubber {
  /** A deletion removed content: resolves once it is scrubbed when it opens a window, at once otherwise (scrubbed at the window's end). Never rejects. */
  removed(): Promise<void>;
  /** Resolves when no pass runs or waits (for tests and shutdown). */
  idle(): Promise<void>;
  /** One pass before serving, opening no window: what a killed process still owed (the end of its last window) is scrubbed at the next start. */
  atStart(): Promise<void>;
}

/** Makes a scrubber around one pass (`run`: true when the file was scrubbed, false when KV kept it busy: tried again a window later). */
export function createScrubber(
  run: () => Promise<boolean>,
  options: { readonly log: (line: string) => void; readonly windowMs?: number; readonly now?: () => number },
): Scrubber {
  const minWindowMs = options.windowMs ?? SCRUB_WINDOW_MS;
  let lastTook = 0;
  const windowMs = () => Math.max(minWindowMs, lastTook * SCRUB_WINDOW_PER_PASS);
  const now = options.now ?? Date.now;
  let running: Promise<void> | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lastStart = Number.NEGATIVE_INFINITY;
  let owed = false;
  let failing = false;
  let waiters: (() => void)[] = [];

  const settle = () => {
    if (running || timer !== undefined) return;
    for (const wake of waiters) wake();
    waiters = [];
  };
  const later = () => {
    if (running || timer !== undefined) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        start();
      },
      Math.max(0, lastStart + windowMs() - now()),
    );
  };
  const pass = async (done = 'room deleted: KV file scrubbed') => {
    lastStart = now();
    owed = false;
    let retry = false;
    try {
      retry = !(await run());
      // A pass that waited for KV's lock says nothing of the file's size.
      if (!retry) lastTook = now() - lastStart;
      if (!retry) options.log(done);
      if (retry && !failing) options.log('room deleted: the KV log was busy, scrubbed again shortly');
      failing = retry;
    } catch (error) {
      // Logged once until a pass succeeds; the next deletion that removes something tries again.
      if (!failing) options.log(`room deleted: scrubbing the KV file failed (${error instanceof Error ? error.message : 'unknown'})`);
      failing = true;
    }
    running = null;
    if (owed || retry) later();
    settle();
  };
  const start = (): Promise<void> => {
    running = pass();
    return running;
  };

  return {
    removed() {
      owed = true;
      if (!running && timer === undefined && now() - lastStart >= windowMs()) return start();
      later();
      return Promise.resolve();
    },
    async atStart() {
      await pass('stored: KV file scrubbed');
      lastStart = Number.NEGATIVE_INFINITY;
    },
    idle: () =>
      new Promise<void>((wake) => {
        waiters.push(wake);
        settle();
      }),
  };
}

/** The store with its deletions scrubbed: `deleteRoom` asks KV (one small read) whether the room had anything before deleting it. */
export function scrubbingStore(store: KvRoomStore, kv: KvLike, scrubber: Scrubber): KvRoomStore {
  // kv-store.ts keeps every entry of a room under ['room', id] (the meta, the state and log chunks).
  const held = async (roomId: string) => {
    if (store.roomBytes(roomId) > 0) return true;
    // reason: a read that fails must not fail the deletion; scrubbing for nothing is the safe side
    try {
      for await (const _entry of kv.list({ prefix: ['room', roomId] }, { limit: 1 })) return true;
      return false;
    } catch {
      return true;
    }
  };
  return {
    ...store,
    async deleteRoom(roomId, nowMs) {
      const removes = await held(roomId);
      await store.deleteRoom(roomId, nowMs);
      if (removes) await scrubber.removed();
    },
  };
}
