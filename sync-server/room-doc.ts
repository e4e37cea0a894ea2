/**
 * A room's document as the relay holds it, guarded: every update is applied, then the state is
 * proved to load back into a fresh document before anyone receives or stores the change. An update
 * that would break the room (throws inside Yjs, leaves a state that does not load back, or loads
 * back as something else) is refused and the document returns to the last good state. What the
 * relay holds is exactly what it relays: structs Yjs keeps pending (their dependencies never came)
 * are dropped, since members never got them and a fresh joiner would.
 */
import * as Y from 'yjs';
import type { RelayLimits } from './policy.ts';

/** What the room costs, for limits and the adapter's memory budget. */
export interface DocStats {
  /** Bytes of the encoded state (exact: it is encoded after every change). */
  readonly bytes: number;
  /** Structs in the document's store. */
  readonly structs: number;
  /** Nested shared types (and subdocuments) ever added. */
  readonly types: number;
}

export type UpdateRefusal = 'malformed' | 'updateTooComplex' | 'roomTooLarge' | 'storageFull' | 'badUpdate';

export interface Applied {
  /** Why the update was refused (the document is as it was), or null. */
  readonly refusal: UpdateRefusal | null;
  /** The change the document took, to store and relay; null when nothing changed. */
  readonly change: Uint8Array | null;
  /** Bytes of work done (decoding and the load-back check), for the sender's byte budget. */
  readonly work: number;
  /** Pending structs or deletions dropped (their dependencies are unknown to the relay). */
  readonly droppedPending: boolean;
}

export interface GuardedDoc {
  /** The live document (a new object after a refused update). */
  readonly doc: Y.Doc;
  /** The last state proved to load back: what is stored and what a fresh joiner gets. */
  readonly state: Uint8Array;
  stats(): DocStats;
  /** Applies one update from a member; `storageFull` refuses growth but lets deletions through. */
  apply(update: Uint8Array, origin: unknown, storageFull: boolean): Applied;
  destroy(): void;
}

/** The stored data of a room does not load (Yjs throws, or it breaks the limits); the adapter sets it aside. */
export class RoomLoadError extends Error {
  override readonly name = 'RoomLoadError';
}

const countStructs = (doc: Y.Doc): number => {
  let n = 0;
  for (const structs of doc.store.clients.values()) n += structs.length;
  return n;
};

const isType = (s: Y.Item | Y.GC | Y.Skip): boolean => s instanceof Y.Item && (s.content instanceof Y.ContentType || s.content instanceof Y.ContentDoc);

/** Drops what Yjs keeps pending; true when there was any. */
function dropPending(doc: Y.Doc): boolean {
  const had = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
  doc.store.pendingStructs = null;
  doc.store.pendingDs = null;
  return had;
}

/** Whether `state` loads into a fresh document as the same document (nothing pending, same snapshot). */
function loadsBack(state: Uint8Array, live: Y.Doc): boolean {
  const fresh = new Y.Doc();
  try {
    Y.applyUpdate(fresh, state);
    if (fresh.store.pendingStructs !== null || fresh.store.pendingDs !== null) return false;
    return Y.equalSnapshots(Y.snapshot(fresh), Y.snapshot(live));
  } catch {
    // reason: whatever Yjs throws while loading means the state does not load back
    return false;
  } finally {
    fresh.destroy();
  }
}

/**
 * Builds the room from its stored parts (a state, then logged updates). Throws RoomLoadError when
 * they do not load, or hold more than the limits allow (a room stored before the limits were set).
 */
export function createGuardedDoc(stored: readonly Uint8Array[], limits: RelayLimits): GuardedDoc {
  let types = 0;
  let doc = new Y.Doc();
  try {
    for (const part of stored) {
      types += Y.decodeUpdate(part).structs.filter(isType).length;
      if (types > limits.maxRoomTypes) throw new RoomLoadError('more nested types than the limit');
      Y.applyUpdate(doc, part);
    }
  } catch (error) {
    doc.destroy();
    throw error instanceof RoomLoadError ? error : new RoomLoadError(`stored room does not load: ${(error as Error).message}`);
  }
  dropPending(doc);
  let state = Y.encodeStateAsUpdate(doc);
  if (stored.length > 0 && !loadsBack(state, doc)) {
    doc.destroy();
    throw new RoomLoadError('stored room does not load back');
  }
  let structs = countStructs(doc);
  if (structs > limits.maxRoomStructs || state.length > limits.maxRoomBytes * 2) {
    doc.destroy();
    throw new RoomLoadError('stored room is over the limits');
  }

  // Changes the document emits while a member's update is applied: held until the update is proved good.
  let applying = false;
  const emitted: Uint8Array[] = [];
  const onUpdate = (update: Uint8Array) => void (applying && emitted.push(update));
  doc.on('update', onUpdate);

  const rollback = () => {
    doc.off('update', onUpdate);
    doc.destroy();
    doc = new Y.Doc();
    Y.applyUpdate(doc, state);
    doc.on('update', onUpdate);
  };

  return {
    get doc() {
      return doc;
    },
    get state() {
      return state;
    },
    stats: () => ({ bytes: state.length, structs, types }),
    apply(update, origin, storageFull) {
      let work = update.length;
      let decoded: ReturnType<typeof Y.decodeUpdate>;
      try {
        // Yjs logs and swallows some errors in a malformed update; decoding it first makes garbage throw here.
        decoded = Y.decodeUpdate(update);
      } catch {
        // reason: lib0 and Yjs throw on truncated or garbage updates; the sender alone is refused
        return { refusal: 'malformed', change: null, work, droppedPending: false };
      }
      if (decoded.structs.length > limits.maxUpdateStructs) return { refusal: 'updateTooComplex', change: null, work, droppedPending: false };
      const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
      const added = decoded.structs.filter((s) => s.id.clock + s.length > (sv.get(s.id.client) ?? 0));
      // Deletions and repeats always pass; only growth meets the storage and size limits.
      if (added.length > 0 && storageFull) return { refusal: 'storageFull', change: null, work, droppedPending: false };
      const addedTypes = added.filter(isType).length;
      if (types + addedTypes > limits.maxRoomTypes) return { refusal: 'roomTooLarge', change: null, work, droppedPending: false };

      emitted.length = 0;
      applying = true;
      let threw = false;
      try {
        Y.applyUpdate(doc, update, origin);
      } catch {
        // reason: an update that throws inside Yjs's integration has left the document half-changed
        threw = true;
      } finally {
        applying = false;
      }
      const droppedPending = dropPending(doc);
      if (threw) {
        rollback();
        return { refusal: 'badUpdate', change: null, work, droppedPending };
      }
      if (emitted.length === 0) return { refusal: null, change: null, work, droppedPending };
      const change = emitted.length === 1 ? emitted[0]! : Y.mergeUpdates(emitted);
      const next = Y.encodeStateAsUpdate(doc);
      const nextStructs = countStructs(doc);
      work += 2 * next.length;
      let refusal: UpdateRefusal | null = null;
      if (added.length > 0 && (next.length > limits.maxRoomBytes || nextStructs > limits.maxRoomStructs)) refusal = 'roomTooLarge';
      else if (!loadsBack(next, doc)) refusal = 'badUpdate';
      if (refusal) {
        rollback();
        return { refusal, change: null, work, droppedPending };
      }
      state = next;
      structs = nextStructs;
      types += addedTypes;
      return { refusal: null, change, work, droppedPending };
    },
    destroy() {
      doc.off('update', onUpdate);
      doc.destroy();
    },
  };
}
