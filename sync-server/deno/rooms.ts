/**
 * The rooms a Deno relay holds in memory, over Deno KV (kv-store.ts): a room is loaded before it
 * answers anyone (a damaged entry gives that room alone an empty start), every document change is
 * appended to its log and awaited before any member receives it (frames wait in the room's gate,
 * gate.ts), the log is folded when the last member leaves or it grows, the room is unloaded when
 * idle, and a deletion by its host leaves only its tombstone. Growth is refused (4507) once the
 * store holds the disk quota, as on Node.
 */
import type { LimitKind, RelayLimits } from '../policy.ts';
import { createRoom, RoomLoadError, type Peer, type Room, type RoomCounters } from '../room.ts';
import { createGate, type Gate } from './gate.ts';
import { type KvRoomStore, RoomDamagedError } from './kv-store.ts';

/** The log is folded past this many bytes since the last fold (at least), or a quarter of the state. */
const foldAfterBytes = (stateBytes: number) => Math.max(64 * 1024, stateBytes / 4);
/** ... and past this many updates, so a room's log stays a bounded number of KV entries. */
const FOLD_AFTER_UPDATES = 200;
/** A changed room is folded this long after its first unfolded change at the latest. */
const FOLD_AFTER_MS = 30_000;

/** One room in memory with its writes in order. */
interface Loaded {
  readonly room: Room;
  readonly gate: Gate;
  /** When its host deleted it (the notice our client is sent first), while the tombstone is kept. */
  deletedAt: number | null;
  /** Sockets joined or about to join (a member is counted from its upgrade). */
  holders: number;
  /** Every write of the room, chained in order: appends, folds, the deletion. */
  writes: Promise<void>;
  /** Stops its storing for good (deleted, or its store failed): nothing it holds is written again. */
  retired: boolean;
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
}

/** What a member socket is handed: the loaded room, its gate, and whether its host deleted it. */
export interface OpenedRoom {
  readonly room: Room;
  readonly gate: Gate;
  readonly deletedAt: number | null;
}

export interface RoomRegistry {
  /** The room, loaded if need be, held for one member until `memberLeft`. */
  open(id: string): Promise<OpenedRoom>;
  /** A holder of the room left (or never joined): an empty room is folded now and unloaded after the idle time. */
  memberLeft(id: string): void;
  /** Deletes the room for its host: its pending writes finish, its storage goes, its tombstone is kept, then its members are closed with 4410. Returns how many. */
  delete(id: string, nowMs: number): Promise<number>;
  readonly size: () => number;
  /** Whether the room is held or has anything stored (joining it is no new room). */
  exists(id: string): boolean;
  /** Whether the store holds the disk quota (new rooms and growth are refused). */
  storageFull(): boolean;
  /** Whether another room fits in memory (idle rooms are unloaded to make way). */
  roomForAnother(id: string): boolean;
  /** Folds every room, closes every member with 1001, and waits for the writes. */
  shutdown(): Promise<void>;
}

/** Makes the rooms of one Deno relay. */
export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
  const { limits, store, hit } = options;
  const rooms = new Map<string, Loaded>();
  const loading = new Map<string, Promise<Loaded>>();
  /** Deletions under way: a room is not loaded again until its deletion is done. */
  const deleting = new Map<string, Promise<unknown>>();
  const storageFull = () => store.totalBytes() >= limits.diskQuotaBytes;

  /** Chains a write of the room; a failure retires the room: its members are closed to resync from their copies. */
  function write(id: string, loaded: Loaded, run: () => Promise<void>, done?: () => void): void {
    loaded.writes = loaded.writes.then(async () => {
      if (loaded.retired) return;
      try {
        await run();
      } catch (error) {
        storageFailed(id, loaded, error);
        return;
      }
      done?.();
    });
  }

  function storageFailed(id: string, loaded: Loaded, error: unknown): void {
    if (loaded.retired) return;
    loaded.retired = true;
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
    if (rooms.get(id) === loaded) rooms.delete(id);
    loaded.room.destroy();
  }

  async function load(id: string): Promise<Loaded> {
    await deleting.get(id);
    let stored: readonly Uint8Array[] = [];
    let deletedAt: number | null;
    try {
      const [found, at] = await Promise.all([store.load(id), store.deletedAt(id)]);
      deletedAt = at;
      if (found) stored = [...(found.state ? [found.state] : []), ...found.updates];
    } catch (error) {
      if (!(error instanceof RoomDamagedError)) throw error;
      // Only this room: it starts empty, and its members' copies fill it again (the next fold replaces what was there).
      options.log('room storage damaged: the room starts empty');
      deletedAt = null;
    }
    const loaded = {} as Loaded;
    const gate = createGate();
    let room: Room;
    const roomOptions = {
      limits,
      counters: options.counters,
      storageFull,
      onLimit: (kind: LimitKind, peer: Peer | null) => hit(kind, peer ?? undefined),
      onDocChange: (update: Uint8Array) => {
        if (loaded.retired) throw new Error('room storage retired');
        const ticket = gate.issue();
        loaded.logged++;
        loaded.loggedBytes += update.length;
        write(
          id,
          loaded,
          () => store.append(id, update),
          () => gate.durable(ticket),
        );
        if (loaded.logged >= FOLD_AFTER_UPDATES || loaded.loggedBytes > foldAfterBytes(loaded.room.stats().bytes)) {
          queueMicrotask(() => fold(loaded));
        } else loaded.foldTimer ??= setTimeout(() => fold(loaded), FOLD_AFTER_MS);
      },
      onCheckpoint: (state: Uint8Array) => {
        if (loaded.retired) return;
        loaded.logged = 0;
        loaded.loggedBytes = 0;
        write(id, loaded, () => store.fold(id, state));
      },
    };
    try {
      room = createRoom(id, { ...roomOptions, stored });
    } catch (error) {
      if (!(error instanceof RoomLoadError)) throw error;
      options.log(`room does not load: ${error.message}; it starts empty`);
      room = createRoom(id, { ...roomOptions, stored: [] });
    }
    Object.assign(loaded, { room, gate, deletedAt, holders: 0, writes: Promise.resolve(), retired: false, logged: 0, loggedBytes: 0 });
    rooms.set(id, loaded);
    write(id, loaded, () => store.touch(id));
    return loaded;
  }

  async function opened(id: string): Promise<Loaded> {
    const present = rooms.get(id);
    if (present) return present;
    let pending = loading.get(id);
    if (!pending) {
      pending = load(id).finally(() => loading.delete(id));
      loading.set(id, pending);
    }
    return pending;
  }

  return {
    async open(id) {
      const loaded = await opened(id);
      loaded.holders++;
      clearTimeout(loaded.unloadTimer);
      loaded.unloadTimer = undefined;
      return { room: loaded.room, gate: loaded.gate, deletedAt: loaded.deletedAt };
    },
    memberLeft(id) {
      const loaded = rooms.get(id);
      if (!loaded) return;
      loaded.holders = Math.max(0, loaded.holders - 1);
      if (loaded.holders > 0) return;
      fold(loaded);
      clearTimeout(loaded.unloadTimer);
      loaded.unloadTimer = setTimeout(() => {
        if (loaded.holders === 0) loaded.writes.then(() => loaded.holders === 0 && unload(id, loaded));
      }, limits.unloadIdleRoomAfterMs);
    },
    async delete(id, nowMs) {
      const run = (async () => {
        await loading.get(id)?.catch(() => undefined);
        const loaded = rooms.get(id);
        if (!loaded) {
          await store.deleteRoom(id, nowMs);
          return 0;
        }
        // Writes already issued finish first (none may land after the deletion), then none are taken.
        loaded.retired = true;
        await loaded.writes;
        try {
          await store.deleteRoom(id, nowMs);
        } catch (error) {
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
      if (rooms.has(id) || rooms.size < limits.maxRoomsLoaded) return true;
      // An idle room makes way once its writes are done (until then the relay holds one room more).
      for (const [other, loaded] of rooms) {
        if (loaded.holders > 0 || loaded.unloadTimer === undefined) continue;
        clearTimeout(loaded.unloadTimer);
        loaded.unloadTimer = undefined;
        fold(loaded);
        loaded.writes.then(() => loaded.holders === 0 && unload(other, loaded));
        return true;
      }
      return false;
    },
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
