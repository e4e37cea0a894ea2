/**
 * One room of the relay, independent of the runtime (Node with ws, or a Durable Object): its
 * guarded document (room-doc.ts) and its presence (room-presence.ts), relayed with the
 * y-websocket protocol (sync step 1 and 2, updates, awareness). A member's messages go through a
 * dispatch table by message type, after the member's message and byte budgets.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';
import { createByteBudget, type ByteBudget } from './byte-budget.ts';
import { CLOSE, createTokenBucket, type CloseKind, type LimitKind, type RelayLimits, type TokenBucket } from './policy.ts';
import { createGuardedDoc, type DocStats } from './room-doc.ts';
import { createRoomPresence, MESSAGE_AWARENESS } from './room-presence.ts';

export { RoomLoadError } from './room-doc.ts';
export { createByteBudget, type ByteBudget } from './byte-budget.ts';
export { flushIntervalMs, MAX_PRESENCE_BYTES, MAX_PRESENCE_IDS, SOFT_BUFFER_BYTES } from './room-presence.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AUTH = 2;
const MESSAGE_QUERY_AWARENESS = 3;

/** A connection as the room sees it; the adapter maps it onto its socket. */
export interface Peer {
  /** Sends a frame; must not throw (a closing socket drops it). */
  send(data: Uint8Array): void;
  close(code: number, reason: string): void;
  /** Bytes queued on the socket and not yet sent. */
  readonly bufferedAmount: number;
  /** Who the connection is (an opaque client key such as its address, never logged): presence ids left behind are kept for it. */
  readonly client?: string;
}

/** Counters the adapter exports (Prometheus in Node). */
export interface RoomCounters {
  messagesIn: number;
  messagesOut: number;
  bytesIn: number;
  bytesOut: number;
  awarenessDropped: number;
  limitHits: Partial<Record<LimitKind, number>>;
}

export const newCounters = (): RoomCounters => ({
  messagesIn: 0,
  messagesOut: 0,
  bytesIn: 0,
  bytesOut: 0,
  awarenessDropped: 0,
  limitHits: {},
});

/** Past this a member is closed: document updates cannot be skipped, and memory must stay bounded. */
export const HARD_BUFFER_BYTES = 4 << 20;

export interface Member {
  /** Handles one message; returns how to close the socket, or null to carry on. After a close verdict it reads nothing more. */
  receive(data: Uint8Array, nowMs: number): CloseKind | null;
  /** The presence (awareness) client ids this member owns, to carry across a restart of the room. */
  presenceIds(): number[];
  leave(): void;
}

export interface JoinOptions {
  /** A connection that outlived the room in memory (a Durable Object woken from hibernation): it already has the document, so it is not greeted again. */
  readonly resumed?: boolean;
  /** The presence ids it owned before (with `resumed`). */
  readonly presenceIds?: readonly number[];
  /** A byte budget shared by every connection of the same client, spent with the connection's own. */
  readonly clientBudget?: ByteBudget;
}

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
  destroy(): void;
}

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
}

const frame = (type: number, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
};

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
    members: () => peers,
    send,
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

  /** One member's side of the room: its budgets, and what each message type does. */
  function member(peer: Peer, nowMs: number, joinOptions: JoinOptions | undefined): Member {
    const messages: TokenBucket = createTokenBucket(limits.messagesPerSecond, limits.messageBurst, nowMs);
    const bytes = createByteBudget(limits.bytesPerSecond, limits.bytesBurst, nowMs);
    const shared = joinOptions?.clientBudget;
    const presenceRate: TokenBucket = createTokenBucket(limits.awarenessPerSecond, limits.awarenessPerSecond * 2, nowMs);
    // Document work is also charged to the client's shared budget; presence, bounded by its own
    // rate and size, only to the connection's (a room behind one address must not starve).
    const spend = (n: number, document = true) => {
      bytes.spend(n);
      if (document) shared?.spend(n);
    };

    const sync = (decoder: decoding.Decoder): CloseKind | null => {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === syncProtocol.messageYjsSyncStep1) {
        const reply = frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, guarded.doc, payload));
        // Writing the delete set walks the whole document, however short the reply.
        spend(Math.max(reply.length, guarded.stats().bytes / 4));
        send(peer, reply);
        return null;
      }
      if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) return 'malformed';
      const applied = guarded.apply(payload, peer, options.storageFull?.() ?? false);
      spend(applied.work);
      if (applied.droppedPending) options.onLimit('pending-dropped', peer);
      if (applied.refusal) return applied.refusal;
      return applied.change && !relayChange(applied.change, peer) ? 'storageFailed' : null;
    };

    /** What each y-websocket message type does; any other type is malformed. */
    const dispatch: Record<number, (decoder: decoding.Decoder, now: number) => CloseKind | null> = {
      [MESSAGE_SYNC]: sync,
      [MESSAGE_AWARENESS]: (decoder, now) => presence.receive(peer, decoding.readVarUint8Array(decoder), now, presenceRate),
      [MESSAGE_AUTH]: () => null,
      [MESSAGE_QUERY_AWARENESS]: () => {
        const reply = presence.all();
        if (reply) {
          spend(reply.length, false);
          send(peer, reply);
        }
        return null;
      },
    };

    function handle(data: Uint8Array, now: number): CloseKind | null {
      if (!messages.take(now)) return 'rateLimited';
      // Before any decoding: a connection (or client) that has spent its bytes is closed.
      if (!bytes.inCredit(now)) return 'bytesRateLimited';
      try {
        const decoder = decoding.createDecoder(data);
        const type = decoding.readVarUint(decoder);
        if (type === MESSAGE_SYNC && shared && !shared.inCredit(now)) return 'bytesRateLimited';
        spend(data.length, type === MESSAGE_SYNC);
        const handler = dispatch[type];
        return handler ? handler(decoder, now) : 'malformed';
      } catch {
        // reason: lib0 throws on truncated or garbage frames; that socket alone is closed.
        return 'malformed';
      }
    }

    let closing = false;
    return {
      receive(data, now) {
        if (closing) return null; // the relay decided to close this socket: nothing more is read
        counters.messagesIn++;
        counters.bytesIn += data.length;
        const verdict = handle(data, now);
        if (verdict) closing = true;
        return verdict;
      },
      presenceIds: () => presence.owned(peer),
      leave() {
        peers.delete(peer);
        presence.leave(peer);
      },
    };
  }

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
      return member(peer, nowMs, joinOptions);
    },
    closeAll(kind) {
      for (const peer of [...peers]) peer.close(CLOSE[kind].code, CLOSE[kind].reason);
    },
    destroy() {
      presence.destroy();
      guarded.destroy();
    },
  };
}
