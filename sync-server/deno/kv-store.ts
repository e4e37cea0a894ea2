/**
 * Room documents on Deno KV, written against KvLike (the few Deno.Kv methods used), so it runs on a
 * real `Deno.openKv()` and, in vitest, on testing/memory-kv.ts, which enforces the same limits.
 *
 * Deno KV's limits (deno_kv's defaults, each confirmed against Deno 2.9.6's own KV): a key at most
 * 2,048 bytes encoded; a value at most 65,536 bytes (V8-serialized; a Uint8Array is stored as its
 * bytes, but one nested in an object serializes its WHOLE buffer, so chunks are copies); an atomic
 * operation at most 1,000 mutations, 100 checks, 819,200 bytes of keys + values and 81,920 bytes
 * of keys; a list reads at most 1,000 entries per batch. `expireIn` deletes a key at the EARLIEST
 * after the time given: it may still be read for a while after (Deno 2.9.6's local KV, measured:
 * still read 5 s after, gone at 65 s), so deadlines are also kept in values and checked on read.
 *
 * Layout of a room (gen: a random number per fold, so two writers never write the same keys):
 *   ['room', id, 'meta']                          Meta: generation, state's length/parts/CRC, log length, deadline
 *   ['room', id, 'state', gen, i]                 the state, in 60,000-byte chunks
 *   ['room', id, 'log', gen, seq, 'h']            an update's header: length, parts, CRC-32, tag of its parts
 *   ['room', id, 'log', gen, seq, tag, i]         the update, in 60,000-byte chunks
 *   ['tomb', id]                                  when the room was deleted (ms)
 *   ['rooms', id]                                 the room's index entry: its bytes and deadline, set with every meta
 * Only what the meta counts exists for a reader: entries at seq >= meta.log, parts of another tag
 * and other generations are garbage (a crash mid-way), never read, deleted by the next fold or by
 * KV's expiry.
 *
 * append: an update of up to 12 chunks (720,000 bytes) is one atomic operation (parts, header and
 * the meta's new log length) guarded by a check of the meta's versionstamp. A larger one writes its
 * parts first under a random tag (12 chunks an operation), then the header and the count in one
 * checked operation: a crash between leaves parts nobody counts. A commit that resolves is durable
 * (KV's own guarantee). fold: the new state under a new generation, then one checked operation
 * switches the meta to it with an empty log, then the old generations are deleted.
 *
 * Expiry: every key is set with expireIn = retention + a tenth (the slack), and the meta carries the
 * deadline `until`, no later than any of its keys' expiry. KV cannot extend a key's expiry without
 * rewriting its value, so a touch (or an append) rewrites the room's keys only when the last renewal
 * is older than the slack: at most once per tenth of the retention, a room is kept between retention
 * and retention + slack after its last use, and no sweep is needed (KV deletes what expires, on
 * Deploy and in the local file alike). A meta past its deadline reads as no room, so a key KV has
 * already deleted is never missed.
 *
 * Bytes (for the disk quota, as Node's store counts them): a room's state plus its logged updates,
 * carried in its meta and its index entry, and 96 bytes a tombstone. They are kept in memory (O(1)
 * to read, exact for what this process wrote, as on Node), read once at start from the index and
 * the tombstones (`scan`, a bounded list of small values: a room's chunks are never read for it),
 * and entries past their deadline are dropped from memory as KV drops them. Rooms stored before
 * the index existed are counted once written again. Where several processes share one KV (Deno
 * Deploy's isolates), each knows what was stored when it started and what it wrote since: the
 * quota then holds per process, not across them (Node's single process has no such gap).
 *
 * One process writes a room at a time (the relay holds a room in one place); within it, a room's
 * operations run in call order. Should another writer touch the same room, the checks make the
 * loser retry (RoomContendedError after 5 tries), and random generations and tags keep it from ever
 * overwriting keys the winner counts.
 */

/** A key part as Deno.KvKeyPart has it. */
export type KvKeyPart = Uint8Array | string | number | bigint | boolean | symbol;
/** A key as Deno.KvKey has it. */
export type KvKey = readonly KvKeyPart[];
/** One stored entry as Deno.KvEntry has it. */
export interface KvEntryLike {
  readonly key: KvKey;
  readonly value: unknown;
  readonly versionstamp: string;
}
/** A read that may find nothing, as Deno.KvEntryMaybe has it. */
export interface KvEntryMaybeLike {
  readonly key: KvKey;
  readonly value: unknown;
  readonly versionstamp: string | null;
}
/** Which keys a list reads, as Deno.KvListSelector has it. */
export type KvSelector = { prefix: KvKey } | { prefix: KvKey; start: KvKey } | { prefix: KvKey; end: KvKey } | { start: KvKey; end: KvKey };
/** The atomic operation of Deno.Kv: checks then mutations, all or nothing. */
export interface KvAtomicLike {
  check(...checks: { key: KvKey; versionstamp: string | null }[]): this;
  set(key: KvKey, value: unknown, options?: { expireIn?: number }): this;
  delete(key: KvKey): this;
  commit(): Promise<{ ok: true; versionstamp: string } | { ok: false }>;
}
/** The subset of Deno.Kv this store uses; a real Deno.Kv satisfies it. */
export interface KvLike {
  get(key: KvKey): Promise<KvEntryMaybeLike>;
  list(selector: KvSelector, options?: { limit?: number; batchSize?: number }): AsyncIterable<KvEntryLike>;
  atomic(): KvAtomicLike;
  close(): void;
}

/** A room as stored: its folded state and the updates appended since, oldest first. */
export interface StoredRoom {
  readonly state: Uint8Array | null;
  readonly updates: Uint8Array[];
}

/** The stored entries of a room could not be read (missing, truncated or altered); the room has been reset to empty. */
export class RoomDamagedError extends Error {
  override name = 'RoomDamagedError';
}

/** Another writer kept changing the room's meta: the operation gave up after a few tries, nothing counted. */
export class RoomContendedError extends Error {
  override name = 'RoomContendedError';
}

export interface KvRoomStore {
  /** The room's stored document (state then logged updates, in order), or null; throws RoomDamagedError when its entries cannot be read: the room then starts empty and only it is affected. */
  load(roomId: string): Promise<StoredRoom | null>;
  /** Appends one update durably (awaited before the update is relayed), chunked to fit KV's value limit. */
  append(roomId: string, update: Uint8Array): Promise<void>;
  /** Replaces the room's state and log with `state` (chunked), safely against a crash mid-way. */
  fold(roomId: string, state: Uint8Array): Promise<void>;
  /** Marks the room used now: its entries expire after the retention time since the last use. */
  touch(roomId: string): Promise<void>;
  /** Deletes everything of the room and keeps a tombstone (when) until it expires. */
  deleteRoom(roomId: string, nowMs: number): Promise<void>;
  /** When the room was deleted, while its tombstone is kept; null when it was not. */
  deletedAt(roomId: string): Promise<number | null>;
  /** Bytes stored for the room (state + log), from memory: 0 when it has nothing stored. */
  roomBytes(roomId: string): number;
  /** Bytes stored for every room and tombstone, from memory (exact for what this process wrote, summed by `scan` at start). */
  totalBytes(): number;
  /** Whether the room's tombstone is kept, from memory (what `deletedAt` reads from KV). */
  tombstoned(roomId: string): boolean;
  /** Reads the index of stored rooms and the tombstones into memory, at most `limit` of each; call once before serving. */
  scan(limit?: number): Promise<ScanResult>;
  /** Closes the KV handle given to openKvRoomStore (the store owns it). */
  close(): void;
}

/** What `scan` found; past its limit (`complete` false) the store counts itself full, as it cannot tell how much more is stored. */
export interface ScanResult {
  readonly rooms: number;
  readonly tombstones: number;
  readonly complete: boolean;
}

/** Bytes a tombstone counts for (Node's store counts the same). */
export const TOMBSTONE_BYTES = 96;
/** Entries of each kind `scan` reads at most by default. */
export const SCAN_LIMIT = 1_000_000;
/** Expired entries are dropped from memory at most this often (the drop walks them all). */
const PRUNE_EVERY_MS = 60_000;

/** Bytes of one stored chunk: under KV's 65,536-byte value limit. */
export const CHUNK_BYTES = 60_000;
/** Chunks one atomic operation carries: 12 × 60,000 plus keys and meta stay under 819,200 bytes. */
export const CHUNKS_PER_OP = 12;
/** Keys one deleting or renewing operation carries: at most 500 of KV's 1,000 mutations, and their keys (the room id plus under 64 bytes) well within its 81,920 bytes of keys. */
const keysPerOp = (roomId: string) => Math.max(1, Math.min(500, Math.floor(60_000 / (new TextEncoder().encode(roomId).length + 64))));
/** Tries of a checked commit before RoomContendedError. */
const TRIES = 5;

/** A checked operation and the meta it writes. */
interface Built {
  readonly op: KvAtomicLike;
  readonly meta: Meta;
}

/** What the meta holds about one stored byte string. */
interface Blob {
  readonly len: number;
  readonly parts: number;
  readonly crc: number;
}
interface Header extends Blob {
  readonly tag: number;
}
interface Meta {
  readonly v: 1;
  readonly gen: number;
  readonly state: Blob | null;
  readonly log: number;
  /** Bytes of the state and the logged updates (absent in metas written before it was kept: the state's length then). */
  readonly bytes?: number;
  /** When every key of the room was last rewritten with a fresh expiry. */
  readonly renewed: number;
  /** The room's deadline: no key it counts expires before. */
  readonly until: number;
}

const metaKey = (id: string): KvKey => ['room', id, 'meta'];
const statePrefix = (id: string, gen: number): KvKey => ['room', id, 'state', gen];
const logPrefix = (id: string, gen: number): KvKey => ['room', id, 'log', gen];
const tombKey = (id: string): KvKey => ['tomb', id];
const indexKey = (id: string): KvKey => ['rooms', id];
/** A meta's bytes. */
const bytesOf = (meta: Meta) => meta.bytes ?? meta.state?.len ?? 0;
/** At most this much of a room id goes into an error message: ids are the link's secret. */
const shortId = (roomId: string) => `${roomId.slice(0, 4)}…`;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();
/** CRC-32 (IEEE): catches flipped and truncated bytes; not a defence against a deliberate forger (KV is ours). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A random positive integer key part (generations, tags): unique per writer without coordination. */
const randomId = () => 1 + Math.floor(Math.random() * 2 ** 48);

/** `bytes` in chunks of CHUNK_BYTES, each a copy (a view would serialize its whole buffer). */
function chunks(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) out.push(bytes.slice(at, at + CHUNK_BYTES));
  return out;
}

function blobOf(bytes: Uint8Array): Blob {
  return { len: bytes.length, parts: Math.ceil(bytes.length / CHUNK_BYTES), crc: crc32(bytes) };
}

function isBlob(x: unknown): x is Blob {
  const b = x as Blob;
  return typeof x === 'object' && x !== null && Number.isInteger(b.len) && Number.isInteger(b.parts) && Number.isInteger(b.crc);
}
function isMeta(x: unknown): x is Meta {
  const m = x as Meta;
  return (
    typeof x === 'object' &&
    x !== null &&
    m.v === 1 &&
    typeof m.gen === 'number' &&
    (m.state === null || isBlob(m.state)) &&
    Number.isInteger(m.log) &&
    (m.bytes === undefined || Number.isInteger(m.bytes)) &&
    typeof m.renewed === 'number' &&
    typeof m.until === 'number'
  );
}

/** Joins `parts` checked against `blob`; null when they do not add up to it. */
function assemble(parts: Uint8Array[], blob: Blob): Uint8Array | null {
  if (parts.length !== blob.parts) return null;
  const out = new Uint8Array(blob.len);
  let at = 0;
  for (const part of parts) {
    if (!(part instanceof Uint8Array) || at + part.length > blob.len) return null;
    out.set(part, at);
    at += part.length;
  }
  return at === blob.len && crc32(out) === blob.crc ? out : null;
}

/** Opens the rooms' store on `kv`; `retentionMs` is how long a room is kept after its last use (and a tombstone after its deletion). */
export function openKvRoomStore(kv: KvLike, options: { retentionMs: number; now?: () => number }): KvRoomStore {
  const now = options.now ?? Date.now;
  const retention = options.retentionMs;
  const slack = Math.max(1, Math.floor(retention / 10));
  const keep = retention + slack;
  const queues = new Map<string, Promise<unknown>>();
  /** Bytes and deadline of every room stored, and the deadline of every tombstone: the quota's figures. */
  const sizes = new Map<string, { bytes: number; until: number }>();
  const tombs = new Map<string, number>();
  let total = 0;
  let overflowed = false;
  let nextPrune = 0;

  function remember(roomId: string, bytes: number, until: number): void {
    total += bytes - (sizes.get(roomId)?.bytes ?? 0);
    sizes.set(roomId, { bytes, until });
  }
  function forget(roomId: string): void {
    total -= sizes.get(roomId)?.bytes ?? 0;
    sizes.delete(roomId);
  }
  /** Drops what KV has let expire (at most once per PRUNE_EVERY_MS). */
  function prune(): void {
    const t = now();
    if (t < nextPrune) return;
    nextPrune = t + PRUNE_EVERY_MS;
    for (const [id, size] of sizes) if (size.until <= t) forget(id);
    for (const [id, until] of tombs) if (until <= t) tombs.delete(id);
  }

  /** Runs `op` after every earlier operation on the same room: one room's writes never race in this process. */
  function serial<T>(roomId: string, op: () => Promise<T>): Promise<T> {
    const before = queues.get(roomId) ?? Promise.resolve();
    const run = before.then(op, op);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    queues.set(roomId, tail);
    void tail.then(() => {
      if (queues.get(roomId) === tail) queues.delete(roomId);
    });
    return run;
  }

  /** The room's meta and its versionstamp; a meta past its deadline or unreadable reads as none (its keys are garbage). */
  async function readMeta(roomId: string): Promise<{ meta: Meta | null; stamp: string | null; damaged: boolean }> {
    const entry = await kv.get(metaKey(roomId));
    if (entry.versionstamp === null) return { meta: null, stamp: null, damaged: false };
    if (!isMeta(entry.value)) return { meta: null, stamp: entry.versionstamp, damaged: true };
    if (entry.value.until <= now()) return { meta: null, stamp: entry.versionstamp, damaged: false };
    return { meta: entry.value, stamp: entry.versionstamp, damaged: false };
  }

  /** A fresh meta for a room with nothing stored yet. */
  const emptyMeta = (t: number): Meta => ({ v: 1, gen: randomId(), state: null, log: 0, bytes: 0, renewed: t, until: t + keep });

  /** Sets the meta and its index entry (same deadline); `checked` remembers its bytes once committed. */
  function setMeta(op: KvAtomicLike, roomId: string, meta: Meta, t: number): Built {
    const expireIn = Math.max(1, meta.until - t);
    op.set(metaKey(roomId), meta, { expireIn }).set(indexKey(roomId), { bytes: bytesOf(meta), until: meta.until }, { expireIn });
    return { op, meta };
  }

  /**
   * Commits what `build` returns (an operation that checks the meta) up to TRIES times, re-reading the
   * meta each time. The operation comes boxed: Deno's AtomicOperation throws when awaited (its `then`
   * guards against a forgotten commit), and an async function's result is awaited.
   */
  async function checked(roomId: string, build: (meta: Meta | null, stamp: string | null) => Promise<Built | null>): Promise<void> {
    for (let i = 0; i < TRIES; i++) {
      const { meta, stamp } = await readMeta(roomId);
      const built = await build(meta, stamp);
      if (built === null) return;
      if ((await built.op.commit()).ok) {
        remember(roomId, bytesOf(built.meta), built.meta.until);
        return;
      }
    }
    throw new RoomContendedError(`room ${shortId(roomId)}: its meta kept changing`);
  }

  /** Deletes every key of the room under `prefix` that `doomed` names, in operations of keysPerOp. */
  async function deleteWhere(roomId: string, prefix: KvKey, doomed: (key: KvKey) => boolean): Promise<void> {
    const most = keysPerOp(roomId);
    let op = kv.atomic();
    let n = 0;
    for await (const entry of kv.list({ prefix }, { batchSize: most })) {
      if (!doomed(entry.key)) continue;
      op.delete(entry.key);
      if (++n === most) {
        await op.commit();
        op = kv.atomic();
        n = 0;
      }
    }
    if (n > 0) await op.commit();
  }

  /** Rewrites every key the meta counts with a fresh expiry, then moves the meta's deadline on. */
  async function renew(roomId: string): Promise<void> {
    await checked(roomId, async (meta, stamp) => {
      if (meta === null) return null;
      const t = now();
      if (t - meta.renewed <= slack) return null;
      const most = keysPerOp(roomId);
      let op = kv.atomic();
      let keys = 0;
      let bytes = 0;
      const flush = async () => {
        await op.commit();
        op = kv.atomic();
        keys = 0;
        bytes = 0;
      };
      const rewrite = async (selector: KvSelector) => {
        for await (const entry of kv.list(selector, { batchSize: CHUNKS_PER_OP })) {
          const size = entry.value instanceof Uint8Array ? entry.value.length : 256;
          if (keys + 1 > most || bytes + size > CHUNKS_PER_OP * CHUNK_BYTES) await flush();
          op.set(entry.key, entry.value, { expireIn: keep });
          keys++;
          bytes += size;
        }
      };
      if (meta.state) await rewrite({ prefix: statePrefix(roomId, meta.gen) });
      if (meta.log > 0) await rewrite({ prefix: logPrefix(roomId, meta.gen), end: [...logPrefix(roomId, meta.gen), meta.log] });
      if (keys > 0) await flush();
      return setMeta(kv.atomic().check({ key: metaKey(roomId), versionstamp: stamp }), roomId, { ...meta, renewed: t, until: t + keep }, t);
    });
  }

  /** Reads the room; null when the meta counts nothing; a RoomDamagedError when counted entries are missing or altered. */
  async function read(roomId: string, meta: Meta): Promise<StoredRoom> {
    const damaged = (what: string) => new RoomDamagedError(`room ${shortId(roomId)}: ${what} missing or altered`);
    let state: Uint8Array | null = null;
    if (meta.state) {
      const parts: Uint8Array[] = [];
      for await (const entry of kv.list({ prefix: statePrefix(roomId, meta.gen) })) {
        if (entry.key[4] !== parts.length) throw damaged('a state chunk');
        parts.push(entry.value as Uint8Array);
      }
      state = assemble(parts, meta.state);
      if (state === null) throw damaged('the state');
    }
    const updates: Uint8Array[] = [];
    let header: Header | null = null;
    let parts: Uint8Array[] = [];
    const finish = () => {
      if (header === null) return;
      const update = assemble(parts, header);
      if (update === null) throw damaged(`update ${updates.length}`);
      updates.push(update);
      header = null;
    };
    const prefix = logPrefix(roomId, meta.gen);
    for await (const entry of kv.list({ prefix, end: [...prefix, meta.log] })) {
      const [seq, tag, index] = entry.key.slice(4);
      if (tag === 'h') {
        finish();
        if (seq !== updates.length || !isBlob(entry.value)) throw damaged(`update ${updates.length}`);
        header = entry.value as Header;
        parts = [];
      } else if (header !== null && seq === updates.length && tag === header.tag) {
        if (index !== parts.length) throw damaged(`update ${updates.length}`);
        parts.push(entry.value as Uint8Array);
      }
    }
    finish();
    if (updates.length !== meta.log) throw damaged(`update ${updates.length}`);
    return { state, updates };
  }

  /** Makes a damaged room start empty: a fresh generation; the damaged keys stay until a fold or their expiry. */
  async function reset(roomId: string): Promise<void> {
    await checked(roomId, async (_meta, stamp) => {
      const t = now();
      return setMeta(kv.atomic().check({ key: metaKey(roomId), versionstamp: stamp }), roomId, emptyMeta(t), t);
    });
  }

  return {
    load: (roomId) =>
      serial(roomId, async () => {
        const { meta, damaged } = await readMeta(roomId);
        if (damaged) {
          await reset(roomId);
          throw new RoomDamagedError(`room ${shortId(roomId)}: its meta is unreadable`);
        }
        if (meta === null || (meta.state === null && meta.log === 0)) return null;
        try {
          return await read(roomId, meta);
        } catch (error) {
          if (error instanceof RoomDamagedError) await reset(roomId);
          throw error;
        }
      }),

    append: (roomId, update) =>
      serial(roomId, async () => {
        if (update.length === 0) return;
        const pieces = chunks(update);
        const blob = blobOf(update);
        let renewDue = false;
        await checked(roomId, async (found, stamp) => {
          const t = now();
          const meta = found ?? emptyMeta(t);
          const prefix = [...logPrefix(roomId, meta.gen), meta.log];
          // One operation when the update fits in one; else the parts first, under a tag of their own.
          const tag = pieces.length <= CHUNKS_PER_OP ? 0 : randomId();
          let first = 0;
          while (pieces.length - first > CHUNKS_PER_OP) {
            const op = kv.atomic();
            for (let i = first; i < first + CHUNKS_PER_OP; i++) op.set([...prefix, tag, i], pieces[i]!, { expireIn: keep });
            await op.commit();
            first += CHUNKS_PER_OP;
          }
          const op = kv.atomic().check({ key: metaKey(roomId), versionstamp: stamp });
          for (let i = first; i < pieces.length; i++) op.set([...prefix, tag, i], pieces[i]!, { expireIn: keep });
          op.set([...prefix, 'h'], { ...blob, tag } satisfies Header, { expireIn: keep });
          renewDue = t - meta.renewed > slack;
          return setMeta(op, roomId, { ...meta, log: meta.log + 1, bytes: bytesOf(meta) + update.length }, t);
        });
        if (renewDue) await renew(roomId);
      }),

    fold: (roomId, state) =>
      serial(roomId, async () => {
        const pieces = chunks(state);
        const gen = randomId();
        // Taken before the chunks are written: the meta's deadline must not pass theirs.
        const t = now();
        // The new generation's chunks are written once, before the switch; a retry reuses them.
        let first = 0;
        while (pieces.length - first > CHUNKS_PER_OP) {
          const op = kv.atomic();
          for (let i = first; i < first + CHUNKS_PER_OP; i++) op.set([...statePrefix(roomId, gen), i], pieces[i]!, { expireIn: keep });
          await op.commit();
          first += CHUNKS_PER_OP;
        }
        await checked(roomId, async (_meta, stamp) => {
          const op = kv.atomic().check({ key: metaKey(roomId), versionstamp: stamp });
          for (let i = first; i < pieces.length; i++) op.set([...statePrefix(roomId, gen), i], pieces[i]!, { expireIn: keep });
          const meta: Meta = {
            v: 1,
            gen,
            state: state.length > 0 ? blobOf(state) : null,
            log: 0,
            bytes: state.length,
            renewed: t,
            until: t + keep,
          };
          return setMeta(op, roomId, meta, t);
        });
        const stale = (key: KvKey) => key[3] !== gen;
        await deleteWhere(roomId, ['room', roomId, 'state'], stale);
        await deleteWhere(roomId, ['room', roomId, 'log'], stale);
      }),

    touch: (roomId) => serial(roomId, () => renew(roomId)),

    deleteRoom: (roomId, nowMs) =>
      serial(roomId, async () => {
        // The meta goes first, with the tombstone: from then on nothing of the room is readable.
        await kv.atomic().delete(metaKey(roomId)).delete(indexKey(roomId)).set(tombKey(roomId), nowMs, { expireIn: retention }).commit();
        forget(roomId);
        tombs.set(roomId, nowMs + retention);
        await deleteWhere(roomId, ['room', roomId], () => true);
      }),

    async deletedAt(roomId) {
      const entry = await kv.get(tombKey(roomId));
      const at = entry.value;
      return typeof at === 'number' && at + retention > now() ? at : null;
    },

    roomBytes: (roomId) => {
      const size = sizes.get(roomId);
      return size && size.until > now() ? size.bytes : 0;
    },
    totalBytes: () => {
      prune();
      return overflowed ? Number.POSITIVE_INFINITY : total + tombs.size * TOMBSTONE_BYTES;
    },
    tombstoned: (roomId) => (tombs.get(roomId) ?? 0) > now(),

    async scan(limit = SCAN_LIMIT) {
      const t = now();
      let rooms = 0;
      let tombstones = 0;
      let complete = true;
      for await (const entry of kv.list({ prefix: ['rooms'] }, { limit: limit + 1 })) {
        if (++rooms > limit) {
          complete = false;
          rooms = limit;
          break;
        }
        const id = entry.key[1];
        const value = entry.value as { bytes?: unknown; until?: unknown };
        if (typeof id !== 'string' || typeof value?.bytes !== 'number' || typeof value.until !== 'number' || value.until <= t) continue;
        // What this process wrote since is newer than what the index said.
        if (!sizes.has(id)) remember(id, value.bytes, value.until);
      }
      for await (const entry of kv.list({ prefix: ['tomb'] }, { limit: limit + 1 })) {
        if (++tombstones > limit) {
          complete = false;
          tombstones = limit;
          break;
        }
        const id = entry.key[1];
        if (typeof id === 'string' && typeof entry.value === 'number' && entry.value + retention > t && !tombs.has(id))
          tombs.set(id, entry.value + retention);
      }
      overflowed = !complete;
      return { rooms, tombstones, complete };
    },

    close: () => kv.close(),
  };
}
