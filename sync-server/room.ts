/**
 * One room of the relay, independent of the runtime (Node with ws, or a Durable Object): its
 * guarded document (room-doc.ts) and its presence (room-presence.ts), relayed with the
 * y-websocket protocol (sync step 1 and 2, updates, awareness). Each member's budgets and what its
 * messages do are room-member.ts; the room holds the members, sends to them and relays changes.
 */
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { CLOSE, type CloseKind, type LimitKind, type RelayLimits } from './policy.ts';
import { createGuardedDoc, type DocStats } from './room-doc.ts';
import {
  createMember,
  frame,
  localDocument,
  MESSAGE_SYNC,
  type JoinOptions,
  type Member,
  type MemberContext,
  type Peer,
} from './room-member.ts';
import { createRoomPresence, type PresenceOptions } from './room-presence.ts';

export { RoomLoadError } from './room-doc.ts';
export { createByteBudget, type ByteBudget } from './byte-budget.ts';
export type { JoinOptions, Member, Peer } from './room-member.ts';
export { flushIntervalMs, MAX_PRESENCE_BYTES, MAX_PRESENCE_IDS, SOFT_BUFFER_BYTES } from './room-presence.ts';

/** Counters the adapter exports (Prometheus in Node). */
export interface RoomCounters {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  awarenessDropped: number;
  /** Rooms their host deleted (counted by the adapter). */
  roomsDeleted: number;
  limitHits: Partial<Record<LimitKind, number>>;
}

/** Counters at zero, for a relay (or a Durable Object) to share among its rooms. */
export const newCounters = (): RoomCounters => ({
  messagesIn: 0,
  messagesOut: 0,
  bytesIn: 0,
  bytesOut: 0,
  awarenessDropped: 0,
  roomsDeleted: 0,
  limitHits: {},
});

/**
 * Heap a room is expected to take, from what it holds: fitted to bench/room-heap.ts (about 450
 * bytes a struct, 600 a nested type, twice the stored bytes), never below what it measured, and a
 * fixed part for the room, its awareness and its sockets. Every adapter's memory budget counts it.
 */
export const estimateHeap = (s: { bytes: number; structs: number; types: number }): number =>
  64 * 1024 + 2 * s.bytes + 450 * s.structs + 600 * s.types;

/** Past this a member is closed: document updates cannot be skipped, and memory must stay bounded. */
export const HARD_BUFFER_BYTES = 4 << 20;

/** One room: its document, its members, and its checkpoints. */
export interface Room {
  readonly id: string;
  /** The live document (replaced when an update that would break it is refused). */
  readonly doc: Y.Doc;
  /**
   * Proves the document loads back into a fresh one and hands the state to `onCheckpoint` (the
   * adapter stores it). Changes that break it are dropped and every member is closed to resync.
   */
  checkpoint(): void;
  readonly size: () => number;
  /** Bytes, structs and nested types the room holds. */
  stats(): DocStats;
  /** Adds a member. */
  join(peer: Peer, nowMs: number, options?: JoinOptions): Member;
  /** Sends one frame to every member (shutdown, tests). */
  closeAll(kind: CloseKind): void;
  /** Members held elsewhere (`RoomOptions.outside`) changed in number: the room becomes a field, or stops being one, as for its own. */
  recount(): void;
  /** What a member held elsewhere (a shard) is sent first: sync step 1 of a document that loads. */
  greeting(): Uint8Array;
  /**
   * A document message of a member held elsewhere, done as for a member here (applied, stored,
   * relayed to the members here): the reply (sync step 2) comes back, with the work to charge it.
   */
  remoteDocument(step: number, payload: Uint8Array): RemoteDocumentResult;
  destroy(): void;
}

/** What a document message of a member held elsewhere did (`Room.remoteDocument`). */
export interface RemoteDocumentResult {
  /** The answer to send it (sync step 2), if any. */
  readonly reply: Uint8Array | null;
  /** How to close it, or null. */
  readonly refusal: CloseKind | null;
  /** The work to charge it. */
  readonly work: number;
  /** Whether structs whose dependencies never came were dropped: logged once per member by its holder, not here (a new peer each message). */
  readonly droppedPending: boolean;
  /** The document's size after it, in bytes: what its holder charges a sync step 1 up front. */
  readonly bytes: number;
}

/** What the adapter gives a room: its limits, where to count and store, and what it starts from. */
export interface RoomOptions {
  readonly limits: RelayLimits;
  readonly counters: RoomCounters;
  /**
   * Called when a limit is hit inside the room (the adapter counts every hit and logs at most one
   * line per kind and connection): 'slow' when a member is closed, 'presence-rate' and
   * 'presence-backlog' for each presence update dropped, 'pending-dropped' for structs whose
   * dependencies never came, 'restored' when a failed proof took the room back to a good state.
   */
  readonly onLimit: (kind: LimitKind, peer: Peer | null) => void;
  /** Called with each document change before any member receives it (the adapter stores it: an update log on both adapters). */
  readonly onDocChange: (update: Uint8Array) => void;
  /** Called with a state proved to load back (at `checkpoint()`, and before a newcomer gets the document): the adapter stores it in place of its log. */
  readonly onCheckpoint: (state: Uint8Array) => void;
  /** Whether the relay's storage is full: growth is refused (4507), deletions still pass. */
  readonly storageFull?: () => boolean;
  /** Stored parts to start from: a state, then updates logged after it. Throws RoomLoadError when they do not load. */
  readonly stored?: readonly Uint8Array[];
  /** Members held elsewhere (Durable Object shards), for the field (room-presence.ts). */
  readonly outside?: PresenceOptions<Peer>['outside'];
  /** Each field frame, as it goes out to the members here (a room passes it on to its shards). */
  readonly onField?: (frame: Uint8Array) => void;
}

/** Makes a room from its stored parts; the adapter joins its sockets to it as `Peer`s. */
export function createRoom(id: string, options: RoomOptions): Room {
  const { limits, counters } = options;
  const guarded = createGuardedDoc(options.stored ?? [], limits);
  const peers = new Set<Peer>();
  // Members closed for being too slow, until their socket is gone: nothing more is queued for them.
  const dropped = new WeakSet<Peer>();

  const send = (peer: Peer, data: Uint8Array) => {
    if (dropped.has(peer)) return;
    if (peer.bufferedAmount > HARD_BUFFER_BYTES) {
      dropped.add(peer);
      options.onLimit('slow', peer);
      peer.close(CLOSE.slow.code, CLOSE.slow.reason);
      return;
    }
    counters.messagesOut++;
    counters.bytesOut += data.length;
    // reason: an adapter whose socket throws while closing must not break the room or the loop over members.
    try {
      peer.send(data);
    } catch {
      counters.limitHits['send-failed'] = (counters.limitHits['send-failed'] ?? 0) + 1;
    }
  };

  const presence = createRoomPresence<Peer>({
    maxMembers: limits.maxMembersPerRoom,
    fieldAbove: limits.fieldAbove,
    members: () => peers,
    send,
    outside: options.outside,
    onField: options.onField,
    dropped: (kind, peer) => {
      counters.awarenessDropped++;
      options.onLimit(kind, peer);
    },
  });

  /** Stores a change, then relays it to everyone but its sender: no member holds what the store lacks. False when it could not be stored. */
  const relayChange = (change: Uint8Array, origin: Peer | null): boolean => {
    // reason: a store that fails (disk full, I/O) is the adapter's to handle; the change goes to nobody
    try {
      options.onDocChange(change);
    } catch {
      return false;
    }
    const data = frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, change));
    for (const peer of peers) if (peer !== origin) send(peer, data);
    return true;
  };

  function checkpoint(): void {
    if (!guarded.unproved) return;
    const proved = guarded.checkpoint(Date.now());
    if (!proved) return; // proved too recently: the changes since stay in the log
    const { state, restored } = proved;
    options.onCheckpoint(state);
    if (restored) {
      options.onLimit('restored', null);
      for (const peer of [...peers]) peer.close(CLOSE.roomRestored.code, CLOSE.roomRestored.reason);
    }
  }

  // Members held elsewhere: each of their messages comes as a new peer, so their limits are told to their holder instead.
  const remotes = new WeakMap<Peer, { droppedPending: boolean }>();
  const onLimit = (kind: LimitKind, peer: Peer | null) => {
    const remote = peer && remotes.get(peer);
    if (remote && kind === 'pending-dropped') remote.droppedPending = true;
    else options.onLimit(kind, peer);
  };
  const document = localDocument({ guarded, send, relayChange, onLimit, storageFull: options.storageFull });
  const context: MemberContext = { presence, peers, send, document, limits, counters };

  return {
    id,
    get doc() {
      return guarded.doc;
    },
    checkpoint,
    size: () => peers.size,
    stats: () => guarded.stats(),
    join(peer, nowMs, joinOptions) {
      // A newcomer gets the whole document: it must be one that loads.
      if (!joinOptions?.resumed) checkpoint();
      peers.add(peer);
      presence.join(peer, nowMs, joinOptions?.presenceIds);
      if (!joinOptions?.resumed) {
        // Sync step 1, and everyone present so far.
        send(
          peer,
          frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, guarded.doc)),
        );
        const everyone = presence.all();
        if (everyone) send(peer, everyone);
      }
      return createMember(context, peer, nowMs, joinOptions);
    },
    closeAll(kind) {
      for (const peer of [...peers]) peer.close(CLOSE[kind].code, CLOSE[kind].reason);
    },
    recount: () => presence.recount(),
    greeting() {
      checkpoint();
      return frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, guarded.doc));
    },
    remoteDocument(step, payload) {
      let reply: Uint8Array | null = null;
      let work = 0;
      // Not one of this room's peers: relayChange sends the change to every member here.
      const remote: Peer = { send: (data) => (reply = data), close: () => {}, bufferedAmount: 0 };
      const told = { droppedPending: false };
      remotes.set(remote, told);
      const refusal = document(remote, step, payload, (n) => (work += n));
      return { reply, refusal, work, droppedPending: told.droppedPending, bytes: guarded.stats().bytes };
    },
    destroy() {
      presence.destroy();
      guarded.destroy();
    },
  };
}
