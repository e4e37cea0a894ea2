/**
 * The rooms a Deno relay holds in memory, over Deno KV (kv-store.ts): a room is loaded before it
 * answers anyone (a room whose entries are damaged or do not load is refused, as on Node), every
 * document change is appended to its log and awaited before any member receives it (frames wait in
 * the room's gate, gate.ts), the log is folded when the last member leaves or it grows, the room is
 * unloaded when idle, and a deletion by its host leaves only its tombstone. Growth is refused
 * (4507) once the store holds the disk quota, and rooms are kept within a count and an estimated
 * memory budget, as on Node.
 *
 * A room that does not load differs from Node in what is kept. Node moves its rows aside (kept for
 * an operator), refuses that one join (4500), and the id starts empty at the next. Here a room whose
 * entries break the limits (RoomLoadError, e.g. RELAY_MAX_ROOM_BYTES lowered) is refused at every
 * join and its entries are left untouched: raising the limit gives it back, its host can delete it,
 * else it expires after the retention time. A room whose entries are damaged (RoomDamagedError) is
 * refused once, as on Node; kv-store.ts has already given its id an empty generation, and the damaged
 * entries are not kept for an operator: nothing reads them, and the next fold or KV's expiry deletes them.
 */
import { getHeapStatistics } from 'node:v8';
import * as Y from 'yjs';
import type { LimitKind, RelayLimits } from '../policy.ts';
import { createRoom, estimateHeap, RoomLoadError, type Peer, type Room, type RoomCounters } from '../room.ts';
import { createGate, type Gate } from './gate.ts';
import { type KvRoomStore, RoomDamagedError } from './kv-store.ts';

/** The log is folded past this many bytes since the last fold (at least), or a quarter of the state. */
const foldAfterBytes = (stateBytes: number) => Math.max(64 * 1024, stateBytes / 4);
/** ... and past this many updates, so a room's log stays a bounded number of KV entries. */
const FOLD_AFTER_UPDATES = 200;
/** A changed room is folded this long after its first unfolded change at the latest. */
const FOLD_AFTER_MS = 30_000;
/** A store call that has not answered by then counts as failed: the room's members are closed (storageFailed), never left waiting. */
export const STORE_TIMEOUT_MS = 10_000;
/** Tries of `open` when the copy it got was retired meanwhile (its store failed, or its host deleted it). */
const OPEN_TRIES = 3;

/** A room that could not be loaded (its entries are damaged, or they break the limits): it is refused alone (4500), as on Node. */
export class RoomUnavailableError extends Error {
  override readonly name = 'RoomUnavailableError';
}

/** A store call did not answer within STORE_TIMEOUT_MS. */
export class StoreTimeoutError extends Error {
  override readonly name = 'StoreTimeoutError';
}

/** Every copy of the room `open` got was retired before it could be handed out (its store kept failing). */
export class RoomStorageError extends Error {
  override readonly name = 'RoomStorageError';
}

/** Changes waiting for the append in flight: stored together as one merged update. */
interface Batch {
  readonly updates: Uint8Array[];
  ticket: number;
}

/** One copy of a room in memory with its writes in order. */
interface Loaded {
  readonly room: Room;
  readonly gate: Gate;
  /** When its host deleted it (the notice our client is sent first), while the tombstone is kept. */
  deletedAt: number | null;
  /** Sockets joined or about to join this copy (a member is counted from its upgrade). */
  holders: number;
  /** Every write of the room, chained in order: appends, folds, the deletion. */
  writes: Promise<void>;
  /** Changes not yet handed to the store, merged into the next append (so a slow store never builds a chain of appends). */
  batch: Batch | null;
  /** Stops its storing for good (deleted, or its store failed): nothing it holds is written again, and it is handed to nobody. */
  retired: boolean;
  /** Why it was retired: what a socket that opens on it after that is closed with. */
  endedBy: 'roomDeleted' | 'storageFailed' | null;
  /** Being unloaded to make way for another room (not counted against the limits). */
  leaving: boolean;
  logged: number;
  loggedBytes: number;
  foldTimer?: ReturnType<typeof setTimeout>;
  unloadTimer?: ReturnType<typeof setTimeout>;
}

export interface RoomRegistryOptions {
  readonly limits: RelayLimits;
  readonly store: KvRoomStore;
  readonly counters: RoomCounters;
  /** Counts and logs a limit hit (at most one line per kind and connection). */
  readonly hit: (kind: LimitKind, connection?: object) => void;
  readonly log: (line: string) => void;
  /** How long a store call may take (STORE_TIMEOUT_MS; shorter in tests). */
  readonly storeTimeoutMs?: number;
}

/** What a member socket is handed: the loaded copy of the room, its gate, whether its host deleted it, and how to let go of it. */
export interface OpenedRoom {
  readonly room: Room;
  readonly gate: Gate;
  readonly deletedAt: number | null;
  /** The holder left (or never joined): releases this copy (once), never a copy loaded after it. An empty room is folded now and unloaded after the idle time. */
  release(): void;
  /** Why this copy ended since it was opened (its host deleted it, its store failed), or null: a socket opening on an ended copy must not join it. */
  ended(): 'roomDeleted' | 'storageFailed' | null;
}

export interface RoomRegistry {
  /**
   * The room, loaded if need be, held until the returned `release`. Waits for a deletion under way;
   * throws RoomUnavailableError when its stored data does not load, other errors when the store fails.
   */
  open(id: string): Promise<OpenedRoom>;
  /** Deletes the room for its host: its pending writes finish, its storage goes, its tombstone is kept, then its members are closed with 4410. Returns how many. */
  delete(id: string, nowMs: number): Promise<number>;
  readonly size: () => number;
  /** Whether the room is held or has anything stored (joining it is no new room). */
  exists(id: string): boolean;
  /** Whether the store holds the disk quota (new rooms and growth are refused). */
  storageFull(): boolean;
  /** Whether another room fits in memory, by count and estimated heap, rooms still loading included (idle rooms are unloaded to make way). */
  roomForAnother(id: string): boolean;
  /** Estimated heap of the rooms held and loading. */
  estimatedHeap(): number;
  /** Folds every room, closes every member with 1001, and waits for the writes. */
  shutdown(): Promise<void>;
}

/** Makes the rooms of one Deno relay. */
export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
  const { limits, store, hit } = options;
  const timeoutMs = options.storeTimeoutMs ?? STORE_TIMEOUT_MS;
  const memoryBudget = limits.memoryBudgetBytes ?? getHeapStatistics().heap_size_limit / 2;
  const rooms = new Map<string, Loaded>();
  const loading = new Map<string, Promise<Loaded>>();
  /** Deletions under way: a room is neither loaded nor handed out until its deletion is done. */
  const deleting = new Map<string, Promise<unknown>>();
  const storageFull = () => store.totalBytes() >= limits.diskQuotaBytes;

  /** A store call bounded in time: a hung KV fails the room instead of holding its members. */
  function timed<T>(call: () => Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new StoreTimeoutError(`a store call took over ${timeoutMs} ms`)), timeoutMs);
    });
    return Promise.race([call(), late]).finally(() => clearTimeout(timer));
  }

  /** Chains a write of the room; a failure retires the room: its members are closed to resync from their copies. */
  function write(id: string, loaded: Loaded, run: () => Promise<void>, done?: () => void): void {
    loaded.writes = loaded.writes.then(async () => {
      if (loaded.retired) return;
      try {
        await timed(run);
      } catch (error) {
        storageFailed(id, loaded, error);
        return;
      }
      done?.();
    });
  }

  /** Stores a change: joins the batch waiting for the append in flight, or starts one. */
  function append(id: string, loaded: Loaded, update: Uint8Array, ticket: number): void {
    if (loaded.batch) {
      loaded.batch.updates.push(update);
      loaded.batch.ticket = ticket;
      return;
    }
    const batch: Batch = { updates: [update], ticket };
    loaded.batch = batch;
    write(
      id,
      loaded,
      () => {
        // From here on, later changes wait for the next append.
        if (loaded.batch === batch) loaded.batch = null;
        return store.append(id, batch.updates.length === 1 ? batch.updates[0]! : Y.mergeUpdates(batch.updates));
      },
      () => loaded.gate.durable(batch.ticket),
    );
  }

  function storageFailed(id: string, loaded: Loaded, error: unknown): void {
    if (loaded.retired) return;
    loaded.retired = true;
    loaded.endedBy = 'storageFailed';
    hit('storage-failed');
    options.log(`room storage failed: ${(error as Error).name}`);
    loaded.gate.drop();
    loaded.room.closeAll('storageFailed');
    unload(id, loaded);
  }

  function fold(loaded: Loaded): void {
    clearTimeout(loaded.foldTimer);
    loaded.foldTimer = undefined;
    if (loaded.retired || loaded.logged === 0) return;
    loaded.room.checkpoint();
  }

  function unload(id: string, loaded: Loaded): void {
    clearTimeout(loaded.foldTimer);
    clearTimeout(loaded.unloadTimer);
    loaded.unloadTimer = undefined;
    if (rooms.get(id) === loaded) rooms.delete(id);
    loaded.room.destroy();
  }

  /** Reads the room; a room that does not load is refused and its entries are left as they are (nothing is folded over them). */
  async function load(id: string): Promise<Loaded> {
    await deleting.get(id)?.catch(() => undefined);
    let stored: readonly Uint8Array[] = [];
    let deletedAt: number | null;
    try {
      const [found, at] = await Promise.all([timed(() => store.load(id)), timed(() => store.deletedAt(id))]);
      deletedAt = at;
      if (found) stored = [...(found.state ? [found.state] : []), ...found.updates];
    } catch (error) {
      if (!(error instanceof RoomDamagedError)) throw error;
      // Only this room, and this once: the store has given its id an empty start (its damaged entries expire).
      options.log('room storage damaged: refused; it starts empty next time');
      throw new RoomUnavailableError('room storage damaged');
    }
    const loaded = {} as Loaded;
    const gate = createGate();
    let room: Room;
    try {
      room = createRoom(id, {
        limits,
        counters: options.counters,
        storageFull,
        stored,
        onLimit: (kind: LimitKind, peer: Peer | null) => hit(kind, peer ?? undefined),
        onDocChange: (update: Uint8Array) => {
          if (loaded.retired) throw new Error('room storage retired');
          loaded.logged++;
          loaded.loggedBytes += update.length;
          append(id, loaded, update, gate.issue());
          if (loaded.logged >= FOLD_AFTER_UPDATES || loaded.loggedBytes > foldAfterBytes(loaded.room.stats().bytes)) {
            queueMicrotask(() => fold(loaded));
          } else loaded.foldTimer ??= setTimeout(() => fold(loaded), FOLD_AFTER_MS);
        },
        onCheckpoint: (state: Uint8Array) => {
          if (loaded.retired) return;
          loaded.logged = 0;
          loaded.loggedBytes = 0;
          // Changes after this state go after the fold (it empties the log).
          loaded.batch = null;
          write(id, loaded, () => store.fold(id, state));
        },
      });
    } catch (error) {
      if (!(error instanceof RoomLoadError)) throw error;
      // Its entries stay as they are: a raised limit loads them again; the host can still delete the room.
      options.log(`room does not load: ${error.message}; refused`);
      throw new RoomUnavailableError(error.message);
    }
    Object.assign(loaded, {
      room,
      gate,
      deletedAt,
      holders: 0,
      writes: Promise.resolve(),
      batch: null,
      retired: false,
      endedBy: null,
      leaving: false,
      logged: 0,
      loggedBytes: 0,
    });
    rooms.set(id, loaded);
    write(id, loaded, () => store.touch(id));
    return loaded;
  }

  async function current(id: string): Promise<Loaded> {
    const present = rooms.get(id);
    if (present) return present;
    let pending = loading.get(id);
    if (!pending) {
      pending = load(id).finally(() => loading.delete(id));
      loading.set(id, pending);
    }
    return pending;
  }

  /** A holder of this copy left: an empty room is folded now and unloaded after the idle time; a copy already gone is only counted down. */
  function left(id: string, loaded: Loaded): void {
    loaded.holders = Math.max(0, loaded.holders - 1);
    if (loaded.holders > 0 || loaded.retired || rooms.get(id) !== loaded) return;
    fold(loaded);
    clearTimeout(loaded.unloadTimer);
    loaded.unloadTimer = setTimeout(() => {
      if (loaded.holders === 0) loaded.writes.then(() => loaded.holders === 0 && unload(id, loaded));
    }, limits.unloadIdleRoomAfterMs);
  }

  const estimatedHeap = () => {
    let total = 0;
    for (const loaded of rooms.values()) if (!loaded.leaving) total += estimateHeap(loaded.room.stats());
    for (const id of loading.keys()) total += estimateHeap({ bytes: store.roomBytes(id), structs: 0, types: 0 });
    return total;
  };
  const held = () => {
    let n = loading.size;
    for (const loaded of rooms.values()) if (!loaded.leaving) n++;
    return n;
  };

  return {
    async open(id) {
      for (let tries = 1; ; ) {
        const deletion = deleting.get(id);
        if (deletion) {
          await deletion.catch(() => undefined);
          continue;
        }
        const loaded = await current(id);
        if (deleting.has(id)) continue;
        // A copy retired meanwhile (its store failed) is handed to nobody: the next one is.
        if (loaded.retired || rooms.get(id) !== loaded) {
          if (tries++ >= OPEN_TRIES) throw new RoomStorageError('the room kept failing while it opened');
          continue;
        }
        loaded.holders++;
        loaded.leaving = false;
        clearTimeout(loaded.unloadTimer);
        loaded.unloadTimer = undefined;
        let released = false;
        return {
          room: loaded.room,
          gate: loaded.gate,
          deletedAt: loaded.deletedAt,
          release() {
            if (released) return;
            released = true;
            left(id, loaded);
          },
          ended: () => loaded.endedBy,
        };
      }
    },
    async delete(id, nowMs) {
      const run = (async () => {
        await loading.get(id)?.catch(() => undefined);
        const loaded = rooms.get(id);
        if (!loaded) {
          await timed(() => store.deleteRoom(id, nowMs));
          return 0;
        }
        // Writes already issued finish first (none may land after the deletion), then none are taken.
        loaded.retired = true;
        loaded.endedBy = 'roomDeleted';
        await loaded.writes;
        try {
          await timed(() => store.deleteRoom(id, nowMs));
        } catch (error) {
          loaded.endedBy = 'storageFailed';
          loaded.room.closeAll('storageFailed');
          unload(id, loaded);
          throw error;
        }
        const closed = loaded.room.size();
        loaded.room.closeAll('roomDeleted');
        unload(id, loaded);
        return closed;
      })();
      deleting.set(id, run);
      try {
        return await run;
      } finally {
        if (deleting.get(id) === run) deleting.delete(id);
      }
    },
    size: () => rooms.size,
    exists: (id) => rooms.has(id) || loading.has(id) || store.roomBytes(id) > 0,
    storageFull,
    roomForAnother(id) {
      if (rooms.has(id) || loading.has(id)) return true;
      const fits = () =>
        held() < limits.maxRoomsLoaded &&
        estimatedHeap() + estimateHeap({ bytes: store.roomBytes(id), structs: 0, types: 0 }) <= memoryBudget;
      if (fits()) return true;
      // Idle rooms make way once their writes are done (until then the relay holds them beyond the limits).
      for (const [other, loaded] of rooms) {
        if (loaded.holders > 0 || loaded.unloadTimer === undefined || loaded.leaving) continue;
        clearTimeout(loaded.unloadTimer);
        loaded.unloadTimer = undefined;
        loaded.leaving = true;
        fold(loaded);
        loaded.writes.then(() => loaded.holders === 0 && loaded.leaving && unload(other, loaded));
        if (fits()) return true;
      }
      return false;
    },
    estimatedHeap,
    async shutdown() {
      const writes: Promise<void>[] = [];
      for (const loaded of rooms.values()) {
        fold(loaded);
        loaded.room.closeAll('goingAway');
        writes.push(loaded.writes);
      }
      await Promise.all(writes);
    },
  };
}
