/**
 * The rooms a Node relay holds in memory: loaded from the room store on first use (a room that
 * does not load is set aside and refused alone), every change appended to the store's log before
 * any member receives it, folded into one state row a moment later, unloaded when idle, and kept
 * within a count and an estimated memory budget.
 */
import { getHeapStatistics } from 'node:v8';
import type { RelayLimits } from '../policy.ts';
import { createRoom, estimateHeap, RoomLoadError, type Room, type RoomCounters } from '../room.ts';
import type { LimitLog } from '../limit-log.ts';
import type { Histogram } from './metrics.ts';
import { RoomDamagedError, type RoomStore } from './persistence.ts';

/** A room that could not be loaded: its stored data was set aside; the adapter refuses the connection. */
export class RoomUnavailableError extends Error {
  override readonly name = 'RoomUnavailableError';
}

interface Loaded {
  readonly room: Room;
  /** Stops the room's storing for good (its host deleted it): nothing it holds is written again. */
  readonly retire: () => void;
  foldTimer?: ReturnType<typeof setTimeout>;
  unloadTimer?: ReturnType<typeof setTimeout>;
  dirty: boolean;
  /** Bytes logged since the last fold, and whether a fold is due shortly for them. */
  logged: number;
  foldSoon: boolean;
}

/**
 * The log is durable on its own, so folding is only compaction, and each fold proves the state
 * loads back (a full load: about 1 µs a byte). A room is folded once its log reaches a quarter of
 * its state (at least 64 KiB), so the proof costs a bounded multiple of the bytes members sent,
 * else after this long, and whenever it empties or unloads.
 */
const FOLD_AFTER_MS = 30_000;
const foldAfterBytes = (stateBytes: number) => Math.max(64 * 1024, stateBytes / 4);

export interface RoomRegistryOptions {
  readonly limits: RelayLimits;
  readonly store: RoomStore;
  readonly counters: RoomCounters;
  readonly limitLog: LimitLog;
  readonly persist: Histogram;
  readonly log: (line: string) => void;
  /** Debounce for folding a changed room's log into its state. */
  readonly foldDelayMs: number;
}

export interface RoomRegistry {
  /** The room, loaded if need be. Throws RoomUnavailableError when its stored data does not load (it is set aside). */
  open(id: string): Room;
  /** Whether anything is held for the room, in memory or on disk. */
  exists(id: string): boolean;
  /**
   * Deletes the room for its host: everything stored for it goes and its tombstone is written
   * (durably, before this returns), then its members are closed with 4410 and it leaves memory
   * unstored. Returns how many members were closed.
   */
  delete(id: string, nowMs: number): number;
  /** When the room was deleted, while its tombstone is kept; null when it was not. */
  deletedAt(id: string): number | null;
  /** Whether one more room may be loaded: idle rooms are unloaded to make way (by count and by memory). */
  roomForAnother(id: string): boolean;
  /** Whether stored rooms have reached the disk quota. */
  storageFull(): boolean;
  /** Called when a member left: an empty room is folded now and unloaded after the idle time. */
  memberLeft(id: string): void;
  readonly size: () => number;
  /** Estimated heap of all loaded rooms. */
  estimatedHeap(): number;
  /** Folds every room and closes every member with 1001. */
  shutdown(): void;
  closeStore(): void;
}

export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
  const { limits, store, limitLog } = options;
  const rooms = new Map<string, Loaded>();
  const memoryBudget = limits.memoryBudgetBytes ?? getHeapStatistics().heap_size_limit / 2;
  let storeClosed = false;

  /** Proves the room loads back and stores that state in place of its log (through onCheckpoint). */
  function fold(id: string): void {
    const loaded = rooms.get(id);
    if (!loaded || storeClosed) return;
    clearTimeout(loaded.foldTimer);
    loaded.foldTimer = undefined;
    loaded.foldSoon = false;
    if (loaded.dirty) loaded.room.checkpoint();
  }

  function unload(id: string, keep: boolean): void {
    const loaded = rooms.get(id);
    if (!loaded) return;
    if (keep) fold(id);
    clearTimeout(loaded.foldTimer);
    clearTimeout(loaded.unloadTimer);
    loaded.room.destroy();
    rooms.delete(id);
  }

  /** The store could not take a change: the room leaves memory unstored, and its members resync it when they come back. */
  function storageFailed(id: string, error: unknown): void {
    limitLog.hit('storage-failed');
    options.log(`room storage failed: ${(error as Error).name}`);
    queueMicrotask(() => {
      const loaded = rooms.get(id);
      if (!loaded) return;
      loaded.room.closeAll('storageFailed');
      unload(id, false);
    });
  }

  function load(id: string): Loaded {
    const now = Date.now();
    let stored: ReturnType<RoomStore['load']>;
    try {
      stored = store.load(id);
    } catch (error) {
      if (error instanceof RoomDamagedError) throw new RoomUnavailableError('room storage damaged');
      throw error;
    }
    let failed = false;
    let retired = false;
    let room: Room;
    try {
      room = createRoom(id, {
        limits,
        counters: options.counters,
        stored: stored ? [...(stored.state ? [stored.state] : []), ...stored.updates] : [],
        storageFull: () => store.totalBytes() >= limits.diskQuotaBytes,
        onLimit: (kind, peer) => limitLog.hit(kind, peer ?? undefined),
        onCheckpoint: (state) => {
          if (storeClosed || failed || retired) return;
          const started = performance.now();
          try {
            store.fold(id, state, Date.now());
          } catch (error) {
            // The log still holds every change; the room leaves memory and is read back from it.
            failed = true;
            storageFailed(id, error);
            return;
          }
          options.persist.observe((performance.now() - started) / 1000);
          const l = rooms.get(id);
          if (l) {
            l.dirty = false;
            l.logged = 0;
          }
        },
        onDocChange: (update) => {
          if (failed || retired) throw new Error(retired ? 'room deleted' : 'room storage failed');
          try {
            store.append(id, update, Date.now());
          } catch (error) {
            failed = true;
            storageFailed(id, error);
            throw error;
          }
          const l = rooms.get(id);
          if (!l) return;
          l.dirty = true;
          l.logged += update.length;
          if (l.logged > foldAfterBytes(l.room.stats().bytes) && !l.foldSoon) {
            clearTimeout(l.foldTimer);
            l.foldSoon = true;
            l.foldTimer = setTimeout(() => fold(id), options.foldDelayMs);
          } else l.foldTimer ??= setTimeout(() => fold(id), FOLD_AFTER_MS);
        },
      });
    } catch (error) {
      if (!(error instanceof RoomLoadError)) throw error;
      store.setAside(id, error.message, now);
      options.log(`room set aside: ${error.message}`);
      throw new RoomUnavailableError(error.message);
    }
    const loaded: Loaded = { room, retire: () => (retired = true), dirty: false, logged: 0, foldSoon: false };
    rooms.set(id, loaded);
    store.touch(id, now);
    return loaded;
  }

  const estimatedHeap = () => {
    let total = 0;
    for (const { room } of rooms.values()) total += estimateHeap(room.stats());
    return total;
  };

  return {
    open(id) {
      const loaded = rooms.get(id) ?? load(id);
      clearTimeout(loaded.unloadTimer);
      loaded.unloadTimer = undefined;
      return loaded.room;
    },
    exists: (id) => rooms.has(id) || store.roomBytes(id) > 0,
    delete(id, nowMs) {
      // Storage first: when it throws, the room is still whole in memory and on disk.
      store.deleteRoom(id, nowMs);
      const loaded = rooms.get(id);
      if (!loaded) return 0;
      loaded.retire();
      const closed = loaded.room.size();
      loaded.room.closeAll('roomDeleted');
      unload(id, false);
      return closed;
    },
    deletedAt: (id) => store.deletedAt(id),
    roomForAnother(id) {
      if (rooms.has(id)) return true;
      const fits = () =>
        rooms.size < limits.maxRoomsLoaded &&
        estimatedHeap() + estimateHeap({ bytes: store.roomBytes(id), structs: 0, types: 0 }) <= memoryBudget;
      if (fits()) return true;
      for (const [other, loaded] of rooms) {
        if (loaded.room.size() > 0) continue;
        unload(other, true);
        if (fits()) return true;
      }
      return false;
    },
    storageFull: () => store.totalBytes() >= limits.diskQuotaBytes,
    memberLeft(id) {
      const loaded = rooms.get(id);
      if (!loaded || loaded.room.size() > 0) return;
      fold(id);
      loaded.unloadTimer = setTimeout(() => loaded.room.size() === 0 && unload(id, true), limits.unloadIdleRoomAfterMs);
    },
    size: () => rooms.size,
    estimatedHeap,
    shutdown() {
      for (const [id, loaded] of rooms) {
        fold(id);
        clearTimeout(loaded.unloadTimer);
        loaded.room.closeAll('goingAway');
      }
    },
    closeStore() {
      if (storeClosed) return;
      for (const loaded of rooms.values()) clearTimeout(loaded.foldTimer);
      storeClosed = true;
      store.close();
    },
  };
}
