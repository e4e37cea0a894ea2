/**
 * A room's document as the relay holds it, guarded. Each update is read once (update-reader.ts),
 * checked cheaply (its size, its structs and nested types, the storage quota, and the struct
 * shapes Yjs cannot integrate consistently: update-guard.ts) and applied; one that still throws
 * inside Yjs is refused and the document returns to its last good state. What the relay holds is
 * exactly what it relays: an update whose dependencies the relay lacks is refused with 'incomplete'
 * (its sender syncs again, which sends what it was built on), never left to Yjs as pending structs,
 * which a fresh joiner would get and the members not. Holding such updates instead would let them
 * pass the size limits when they are released, and cost a parse of each on every later update.
 *
 * Proving that the state loads back into a fresh document costs a full load (about 1 µs a byte
 * for a map with many overwrites: 200 ms for 200 KB), far too much per update. So it is proved at
 * checkpoints: before a state is stored, and before a newcomer receives it. When the proof fails,
 * the changes since the last good state are bisected, the document keeps every change before the
 * first that breaks it, and that change's structs (and later ones of the same client, which build
 * on them) are stripped from every update from then on: members who received it can still resync.
 */
import * as Y from 'yjs';
import type { RelayLimits } from './policy.ts';
import { applyChecked } from './update-guard.ts';
import { readUpdate, UpdateRefusedError, type ParsedUpdate } from './update-reader.ts';

/** What the room costs, for limits and the adapter's memory budget. */
export interface DocStats {
  /** Bytes of the encoded state: exact at a checkpoint, the sum of the changes since in between. */
  readonly bytes: number;
  /** Structs in the document's store. */
  readonly structs: number;
  /** Nested shared types (and subdocuments) ever added. */
  readonly types: number;
}

export type UpdateRefusal = 'malformed' | 'updateTooComplex' | 'roomTooLarge' | 'storageFull' | 'badUpdate' | 'incomplete';

export interface Applied {
  /** Why the update was refused (the document is as it was), or null. */
  readonly refusal: UpdateRefusal | null;
  /** The change the document took, to store and relay; null when nothing changed. */
  readonly change: Uint8Array | null;
  /** Bytes of work done beyond reading the update, for the sender's byte budget (a refused update that forced a reload pays for it). */
  readonly work: number;
  /** Pending structs or deletions dropped (their dependencies are unknown to the relay). */
  readonly droppedPending: boolean;
}

export interface Checkpoint {
  /** The state to store: proved to load back. */
  readonly state: Uint8Array;
  /** Changes were dropped to get there: members hold what the relay no longer has and must resync. */
  readonly restored: boolean;
}

export interface GuardedDoc {
  /** The live document (a new object after a restore). */
  readonly doc: Y.Doc;
  stats(): DocStats;
  /** Whether changes were taken since the last checkpoint. */
  readonly unproved: boolean;
  /** Applies one update from a member; `storageFull` refuses growth but lets deletions through. */
  apply(update: Uint8Array, origin: unknown, storageFull: boolean): Applied;
  /**
   * Proves the state loads back (restoring the last good one plus what keeps it loadable if not).
   * Null when the last proof was too recent: proofs are paced so they take at most a fiftieth of
   * the time (and at least 5 s apart), whoever asks; the unproved changes stay in the adapter's log.
   */
  checkpoint(nowMs: number): Checkpoint | null;
  destroy(): void;
}

/** The stored data of a room does not load (Yjs throws, or it breaks the limits); the adapter sets it aside. */
export class RoomLoadError extends Error {
  override readonly name = 'RoomLoadError';
}

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

/** Clients of a breaking change tried one by one before all of them are stripped (each try is a full load). */
const MAX_CLIENTS_TRIED = 16;
/** Proofs of one room are at least this far apart, and take at most 1/PROOF_SHARE of the time. */
const MIN_PROOF_INTERVAL_MS = 5000;
const PROOF_SHARE = 50;

const countStructs = (doc: Y.Doc): number => {
  let n = 0;
  for (const structs of doc.store.clients.values()) n += structs.length;
  return n;
};

const isType = (s: Struct): boolean => s instanceof Y.Item && (s.content instanceof Y.ContentType || s.content instanceof Y.ContentDoc);

/** Drops what Yjs keeps pending; true when there was any. */
function dropPending(doc: Y.Doc): boolean {
  const had = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  return had;
}

/** A document from stored parts; throws what Yjs throws. */
function build(parts: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  try {
    for (const part of parts) Y.applyUpdate(doc, part);
  } catch (error) {
    doc.destroy();
    throw error;
  }
  dropPending(doc);
  return doc;
}

/** Whether `doc`'s state loads into a fresh document as the same document; the state when it does. */
export function proveLoadsBack(doc: Y.Doc): Uint8Array | null {
  const state = Y.encodeStateAsUpdate(doc);
  const fresh = new Y.Doc();
  try {
    Y.applyUpdate(fresh, state);
    if (fresh.store.pendingStructs !== null || fresh.store.pendingDs !== null) return null;
    return Y.equalSnapshots(Y.snapshot(fresh), Y.snapshot(doc)) ? state : null;
  } catch {
    // reason: whatever Yjs throws while loading means the state does not load back
    return null;
  } finally {
    fresh.destroy();
  }
}

/** Whether `good` plus `changes` builds a document that loads back. */
const prefixLoads = (good: Uint8Array, changes: readonly Uint8Array[]): boolean => {
  let doc: Y.Doc | undefined;
  try {
    doc = build([good, ...changes]);
    return proveLoadsBack(doc) !== null;
  } catch {
    // reason: a prefix that does not even apply is not loadable
    return false;
  } finally {
    doc?.destroy();
  }
};

/**
 * Builds the room from its stored parts (a state, then logged updates). Throws RoomLoadError when
 * they do not load, or hold more than the limits allow (a room stored before the limits were set).
 */
export function createGuardedDoc(stored: readonly Uint8Array[], limits: RelayLimits): GuardedDoc {
  let types = 0;
  let doc: Y.Doc;
  try {
    for (const part of stored) {
      types += Y.decodeUpdate(part).structs.filter(isType).length;
      if (types > limits.maxRoomTypes) throw new RoomLoadError('more nested types than the limit');
    }
    doc = build(stored);
  } catch (error) {
    throw error instanceof RoomLoadError ? error : new RoomLoadError(`stored room does not load: ${(error as Error).message}`);
  }
  const loaded = proveLoadsBack(doc);
  if (!loaded || countStructs(doc) > limits.maxRoomStructs || loaded.length > 2 * limits.maxRoomBytes) {
    doc.destroy();
    throw new RoomLoadError(loaded ? 'stored room is over the limits' : 'stored room does not load back');
  }
  /** The last state proved to load back, and the changes taken since (each applied cleanly). */
  let good = loaded;
  let since: Uint8Array[] = [];
  let bytes = good.length;
  let structs = countStructs(doc);
  // Clients whose change broke the room, and the clock up to which their structs are stripped.
  const stripped = new Map<number, number>();

  // Changes the document emits while a member's update is applied.
  let applying = false;
  const emitted: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => void (applying && emitted.push(update));
  doc.on('update', onUpdate);
  let nextProofAt = 0;

  /** Replaces the live document with `good` plus `changes` (what was held is dropped with the old one). */
  const rebuild = (changes: readonly Uint8Array[]) => {
    doc.off('update', onUpdate);
    doc.destroy();
    doc = build([good, ...changes]);
    doc.on('update', onUpdate);
    since = [...changes];
    structs = countStructs(doc);
    bytes = good.length + changes.reduce((n, c) => n + c.length, 0);
  };
  /**
   * Strips from now on the client(s) of `change` that break the room: the one whose structs, left
   * out, let `kept` plus the change load (a resync carries many honest clients beside it), or all
   * of its clients when no single one does.
   */
  const strip = (kept: readonly Uint8Array[], change: Uint8Array) => {
    const ends = new Map<number, number>();
    for (const s of Y.decodeUpdate(change).structs) ends.set(s.id.client, Math.max(ends.get(s.id.client) ?? 0, s.id.clock + s.length));
    const culprits = [...ends.keys()].slice(0, MAX_CLIENTS_TRIED).find((client) => {
      const without = Y.diffUpdate(change, Y.encodeStateVector(new Map([[client, Number.MAX_SAFE_INTEGER]])));
      return prefixLoads(good, [...kept, without]);
    });
    for (const [client, end] of ends)
      if (culprits === undefined || client === culprits) stripped.set(client, Math.max(stripped.get(client) ?? 0, end));
  };
  // A section's structs are in clock order: its first is its lowest.
  const anyStripped = (read: ParsedUpdate) =>
    [...read.sections].some(([client, structs]) => structs.length > 0 && structs[0]!.clock < (stripped.get(client) ?? 0));
  const no = (refusal: UpdateRefusal, work: number): Applied => ({ refusal, change: null, work, droppedPending: false });

  return {
    get doc() {
      return doc;
    },
    get unproved() {
      return since.length > 0;
    },
    stats: () => ({ bytes, structs, types }),
    apply(received, origin, storageFull) {
      let update = received;
      let read: ParsedUpdate;
      try {
        // Read as Yjs reads it (Yjs logs and swallows some errors in a malformed update): garbage is refused here.
        read = readUpdate(update);
        if (read.counts.structs > limits.maxUpdateStructs) return no('updateTooComplex', update.length);
        if (anyStripped(read)) {
          update = Y.diffUpdate(update, Y.encodeStateVector(stripped));
          read = readUpdate(update);
        }
      } catch {
        // reason: without bounds the reader throws only for garbage ('malformed'), as Yjs's diff does; the sender alone is refused
        return no('malformed', received.length);
      }
      let added = 0;
      let addedTypes = 0;
      for (const [client, structs] of read.sections) {
        const state = Y.getState(doc.store, client);
        for (const s of structs) {
          if (s.clock + s.length <= state) continue;
          added++;
          if (s.kind === 'item' && (s.contentKind === 7 || s.contentKind === 9)) addedTypes++;
        }
      }
      // Deletions and repeats pass the storage, size and type limits; only growth meets them.
      if (added > 0) {
        if (storageFull) return no('storageFull', 0);
        if (types + addedTypes > limits.maxRoomTypes) return no('roomTooLarge', 0);
        if (
          bytes + update.length > limits.maxRoomBytes &&
          bytes + Y.diffUpdate(update, Y.encodeStateVector(doc)).length > limits.maxRoomBytes
        ) {
          return no('roomTooLarge', 0);
        }
      }
      emitted.length = 0;
      applying = true;
      let threw = false;
      try {
        // The struct shapes Yjs integrates inconsistently are refused before anything is applied.
        if (applyChecked(doc, read, origin) === 'incomplete') return no('incomplete', 0);
      } catch (error) {
        if (error instanceof UpdateRefusedError) return no('badUpdate', 0);
        // reason: an update that throws inside Yjs's integration has left the document half-changed
        threw = true;
      } finally {
        applying = false;
      }
      const droppedPending = dropPending(doc);
      if (threw) {
        rebuild(since);
        return { refusal: 'badUpdate', change: null, work: bytes, droppedPending };
      }
      if (emitted.length === 0) return { refusal: null, change: null, work: 0, droppedPending };
      const change = emitted.length === 1 ? emitted[0]! : Y.mergeUpdates(emitted);
      const nextStructs = countStructs(doc);
      // Deletions too: deleting every other character of a long string splits it into many structs.
      if (nextStructs > Math.max(limits.maxRoomStructs, structs)) {
        rebuild(since);
        return { refusal: 'roomTooLarge', change: null, work: bytes, droppedPending };
      }
      since.push(change);
      structs = nextStructs;
      types += addedTypes;
      bytes += change.length;
      return { refusal: null, change, work: 0, droppedPending };
    },
    checkpoint(nowMs) {
      if (since.length === 0) return { state: good, restored: false };
      if (nowMs < nextProofAt) return null;
      const started = performance.now();
      const proved = prove();
      nextProofAt = nowMs + Math.max(MIN_PROOF_INTERVAL_MS, PROOF_SHARE * (performance.now() - started));
      return proved;
    },
    destroy() {
      doc.off('update', onUpdate);
      doc.destroy();
    },
  };

  /** The proof itself, and the restore when it fails. */
  function prove(): Checkpoint {
    const state = proveLoadsBack(doc);
    if (state) {
      good = state;
      since = [];
      bytes = good.length;
      return { state, restored: false };
    }
    // The first change whose prefix no longer loads: every prefix before it does.
    let lo = 0;
    let hi = since.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (prefixLoads(good, since.slice(0, mid + 1))) lo = mid + 1;
      else hi = mid;
    }
    strip(since.slice(0, lo), since[lo]!);
    rebuild(since.slice(0, lo));
    const kept = proveLoadsBack(doc);
    // The bisection assumes a prefix that fails makes every longer one fail; should that not hold, the last good state it is.
    if (kept) good = kept;
    else rebuild([]);
    since = [];
    bytes = good.length;
    structs = countStructs(doc);
    return { state: good, restored: true };
  }
}
