/**
 * One room of the relay, independent of the runtime (Node with ws, or a Durable Object): a Yjs
 * document and its awareness, relayed with the y-websocket protocol (sync step 1 and 2, updates,
 * awareness). Presence is coalesced: however many members send it, each member receives one
 * awareness frame per flush, so a room costs N frames per flush instead of N^2 a second.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE, createTokenBucket, type CloseKind, type RelayLimits, type TokenBucket } from './policy.ts';
import { createPresenceOwners, readPresence, writePresence, type PresenceEntry } from './presence.ts';
import { createGuardedDoc, type DocStats } from './room-doc.ts';

export { RoomLoadError } from './room-doc.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;
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
  limitHits: Record<string, number>;
}

export const newCounters = (): RoomCounters => ({ messagesIn: 0, messagesOut: 0, bytesIn: 0, bytesOut: 0, awarenessDropped: 0, limitHits: {} });

/** A slow member past this is skipped for presence frames (presence is state: the next frame catches up). */
export const SOFT_BUFFER_BYTES = 1 << 20;
/** Past this a member is closed: document updates cannot be skipped, and memory must stay bounded. */
export const HARD_BUFFER_BYTES = 4 << 20;
/** A member controls at most this many presence entries (a tab is one; a little slack for reloads). */
export const MAX_PRESENCE_IDS = 2;
/** Largest presence state of one member, in bytes of JSON. */
export const MAX_PRESENCE_BYTES = 4096;

/**
 * Presence flush interval: none in rooms up to 100 (each update goes out as soon as it is read,
 * as the reference server does: at 1 Hz a small room's N^2 is cheap, and waiting for a timer cost
 * a few ms of p99), longer as the room grows, where coalescing is what keeps N^2 at bay.
 */
export const flushIntervalMs = (members: number): number => (members <= 100 ? 0 : members <= 500 ? 20 : 25);

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
   * dependencies never came.
   */
  readonly onLimit: (kind: string, peer: Peer | null) => void;
  /** Called with each document change before any member receives it (the adapter stores it: an update log on both adapters). */
  readonly onDocChange: (update: Uint8Array) => void;
  /** Called with a state proved to load back (at `checkpoint()`, and before a newcomer gets the document): the adapter stores it in place of its log. */
  readonly onCheckpoint: (state: Uint8Array) => void;
  /** Whether the relay's storage is full: growth is refused (4507), deletions still pass. */
  readonly storageFull?: () => boolean;
  /** Stored parts to start from: a state, then updates logged after it. Throws RoomLoadError when they do not load. */
  readonly stored?: readonly Uint8Array[];
}

/** Bytes of work a connection (or a client with several) may cause: it may overdraw once, then is refused until it is back in credit. */
export interface ByteBudget {
  inCredit(nowMs: number): boolean;
  spend(bytes: number): void;
}

/** A byte budget of `rate` bytes a second, holding at most `burst`. */
export function createByteBudget(rate: number, burst: number, nowMs: number): ByteBudget {
  let balance = burst;
  let last = nowMs;
  return {
    inCredit(now) {
      balance = Math.min(burst, balance + ((now - last) / 1000) * rate);
      last = now;
      return balance > 0;
    },
    spend: (bytes) => void (balance -= bytes),
  };
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
  // Awareness only needs a client id (the relay's, with no state) and a doc to hang off.
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  awareness.setLocalState(null); // the relay itself is no member
  // Presence lives as long as its member's connection (removed on leave), so the 3 s timer that
  // expires silent entries is not needed; on Workers it would keep every room's object awake.
  clearInterval((awareness as unknown as { _checkInterval: ReturnType<typeof setInterval> })._checkInterval);
  const peers = new Map<Peer, Set<number>>(); // each peer and the awareness client ids it controls
  const owners = createPresenceOwners<Peer>(4 * MAX_PRESENCE_IDS * limits.maxMembersPerRoom);
  const pendingAwareness = new Set<number>();
  // Members who left: their metadata goes once the flush has told everyone they left.
  const forget = new Set<number>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let flushQueued = false;
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

  /** Stores a change, then relays it to everyone but its sender: no member holds what the store lacks. False when it could not be stored. */
  const relayChange = (change: Uint8Array, origin: Peer | null): boolean => {
    // reason: a store that fails (disk full, I/O) is the adapter's to handle; the change goes to nobody
    try {
      options.onDocChange(change);
    } catch {
      return false;
    }
    const data = frame(MESSAGE_SYNC, (e) => syncProtocol.writeUpdate(e, change));
    for (const peer of peers.keys()) if (peer !== origin) send(peer, data);
    return true;
  };

  function flushAwareness(): void {
    flushTimer = undefined;
    flushQueued = false;
    if (pendingAwareness.size === 0) return;
    const data = frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [...pendingAwareness])));
    pendingAwareness.clear();
    for (const id of forget) if (!awareness.getStates().has(id)) awareness.meta.delete(id);
    forget.clear();
    for (const peer of peers.keys()) {
      if (peer.bufferedAmount > SOFT_BUFFER_BYTES) {
        counters.awarenessDropped++;
        options.onLimit('presence-backlog', peer);
      } else send(peer, data);
    }
  }

  awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    const controlled = peers.get(origin as Peer);
    if (controlled) for (const c of removed) controlled.delete(c), owners.drop(c);
    for (const c of [...added, ...updated, ...removed]) pendingAwareness.add(c);
    if (flushQueued) return;
    flushQueued = true;
    const wait = flushIntervalMs(peers.size);
    // A microtask: after the message that changed presence has been handled, before the next is read.
    if (wait === 0) queueMicrotask(flushAwareness);
    else flushTimer = setTimeout(flushAwareness, wait);
  });

  function checkpoint(): void {
    if (!guarded.unproved) return;
    const proved = guarded.checkpoint(Date.now());
    if (!proved) return; // proved too recently: the changes since stay in the log
    const { state, restored } = proved;
    options.onCheckpoint(state);
    if (restored) {
      options.onLimit('restored', null);
      for (const peer of [...peers.keys()]) peer.close(CLOSE.roomRestored.code, CLOSE.roomRestored.reason);
    }
  }

  const allPresence = () => frame(MESSAGE_AWARENESS, (e) => encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()])));

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
      const owned = new Set<number>();
      for (const id of joinOptions?.presenceIds ?? []) {
        if (owned.size >= MAX_PRESENCE_IDS || !owners.mayClaim(id, peer.client, nowMs)) continue;
        owned.add(id);
        owners.claim(id, peer);
      }
      peers.set(peer, owned);
      const messages: TokenBucket = createTokenBucket(limits.messagesPerSecond, limits.messageBurst, nowMs);
      const bytes = createByteBudget(limits.bytesPerSecond, limits.bytesBurst, nowMs);
      const shared = joinOptions?.clientBudget;
      const presence: TokenBucket = createTokenBucket(limits.awarenessPerSecond, limits.awarenessPerSecond * 2, nowMs);
      // Document work is also charged to the client's shared budget; presence, bounded by its own
      // rate and size, only to the connection's (a room behind one address must not starve).
      const spend = (n: number, document = true) => {
        bytes.spend(n);
        if (document) shared?.spend(n);
      };
      if (!joinOptions?.resumed) {
        // Sync step 1, and everyone present so far.
        send(peer, frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep1(e, guarded.doc)));
        if (awareness.getStates().size > 0) send(peer, allPresence());
      }

      function presenceUpdate(update: Uint8Array, now: number): CloseKind | null {
        const mine = peers.get(peer)!;
        // The stock client echoes everyone's presence back; only a member's own entries count.
        // Another member's are dropped, and nobody can add more than MAX_PRESENCE_IDS of its own.
        const kept: PresenceEntry[] = [];
        for (const entry of readPresence(update)) {
          if (entry.state.length > MAX_PRESENCE_BYTES) return 'malformed';
          const owner = owners.owner(entry.clientId);
          if (owner === peer) kept.push(entry);
          else if (!owner && entry.state !== 'null' && mine.size < MAX_PRESENCE_IDS && owners.mayClaim(entry.clientId, peer.client, now)) {
            mine.add(entry.clientId);
            owners.claim(entry.clientId, peer);
            kept.push(entry);
          }
        }
        if (kept.length === 0) return null;
        if (!presence.take(now)) {
          counters.awarenessDropped++;
          options.onLimit('presence-rate', peer);
          return null;
        }
        awarenessProtocol.applyAwarenessUpdate(awareness, writePresence(kept), peer);
        return null;
      }

      function handle(data: Uint8Array, now: number): CloseKind | null {
        if (!messages.take(now)) return 'rateLimited';
        // Before any decoding: a connection (or client) that has spent its bytes is closed.
        if (!bytes.inCredit(now)) return 'bytesRateLimited';
        try {
          const decoder = decoding.createDecoder(data);
          const type = decoding.readVarUint(decoder);
          if (type === MESSAGE_SYNC && shared && !shared.inCredit(now)) return 'bytesRateLimited';
          spend(data.length, type === MESSAGE_SYNC);
          if (type === MESSAGE_SYNC) {
            const step = decoding.readVarUint(decoder);
            const payload = decoding.readVarUint8Array(decoder);
            if (step === syncProtocol.messageYjsSyncStep1) {
              const reply = frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, guarded.doc, payload));
              // Writing the delete set walks the whole document, however short the reply.
              spend(Math.max(reply.length, guarded.stats().bytes / 4));
              send(peer, reply);
            } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
              const applied = guarded.apply(payload, peer, options.storageFull?.() ?? false);
              spend(applied.work);
              if (applied.droppedPending) options.onLimit('pending-dropped', peer);
              if (applied.refusal) return applied.refusal;
              if (applied.change && !relayChange(applied.change, peer)) return 'storageFailed';
            } else {
              return 'malformed';
            }
          } else if (type === MESSAGE_AWARENESS) {
            return presenceUpdate(decoding.readVarUint8Array(decoder), now);
          } else if (type === MESSAGE_QUERY_AWARENESS) {
            const reply = allPresence();
            spend(reply.length, false);
            send(peer, reply);
          } else if (type !== MESSAGE_AUTH) {
            return 'malformed';
          }
          return null;
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
        presenceIds: () => [...(peers.get(peer) ?? [])],
        leave() {
          const controlled = peers.get(peer);
          peers.delete(peer);
          if (!controlled || controlled.size === 0) return;
          awarenessProtocol.removeAwarenessStates(awareness, [...controlled], null);
          const now = Date.now();
          for (const id of controlled) {
            forget.add(id);
            owners.release(id, peer.client, now);
          }
        },
      };
    },
    closeAll(kind) {
      for (const peer of [...peers.keys()]) peer.close(CLOSE[kind].code, CLOSE[kind].reason);
    },
    destroy() {
      if (flushTimer !== undefined) clearTimeout(flushTimer);
      pendingAwareness.clear(); // a flush still queued as a microtask finds nothing to send
      awareness.destroy();
      guarded.destroy();
    },
  };
}
