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

interface PresenceEntry {
  readonly clientId: number;
  readonly clock: number;
  readonly state: string;
}

/** Reads an awareness update's entries without applying it. Throws on a malformed update. */
function readPresence(update: Uint8Array): PresenceEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: PresenceEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({ clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) });
  }
  return entries;
}

function writePresence(entries: readonly PresenceEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Presence flush interval: none in rooms up to 100 (each update goes out as soon as it is read,
 * as the reference server does: at 1 Hz a small room's N^2 is cheap, and waiting for a timer cost
 * a few ms of p99), longer as the room grows, where coalescing is what keeps N^2 at bay.
 */
export const flushIntervalMs = (members: number): number => (members <= 100 ? 0 : members <= 500 ? 20 : 25);

export interface Member {
  /** Handles one message; returns how to close the socket, or null to carry on. */
  receive(data: Uint8Array, nowMs: number): CloseKind | null;
  /** The presence (awareness) client ids this member owns, to carry across a restart of the room. */
  presenceIds(): number[];
  leave(): void;
}

export interface Room {
  readonly id: string;
  readonly doc: Y.Doc;
  readonly size: () => number;
  /**
   * Adds a member. `resumed` is for a connection that outlived the room in memory (a Durable
   * Object woken from hibernation): it already has the document, so it is not greeted again, and
   * keeps the presence ids it owned (`presenceIds` from before).
   */
  join(peer: Peer, nowMs: number, options?: { resumed?: boolean; presenceIds?: readonly number[] }): Member;
  /** Sends one frame to every member (shutdown, tests). */
  closeAll(kind: CloseKind): void;
  destroy(): void;
}

export interface RoomOptions {
  readonly limits: RelayLimits;
  readonly counters: RoomCounters;
  /**
   * Called when a limit is hit inside the room (the adapter counts and logs it): 'slow' when a
   * member is closed, and once per member for presence dropped ('presence-rate', 'presence-backlog';
   * every dropped update is counted in `awarenessDropped`).
   */
  readonly onLimit: (kind: string) => void;
  /** Called with each document change (the adapter persists: debounced on Node, logged on Workers). */
  readonly onDocChange: (update: Uint8Array) => void;
  /** Stored state to start from. */
  readonly initialState?: Uint8Array | null;
}

export function createRoom(id: string, options: RoomOptions): Room {
  const { limits, counters } = options;
  const doc = new Y.Doc({ gc: true });
  if (options.initialState) Y.applyUpdate(doc, options.initialState);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState(null); // the relay itself is no member
  // Presence lives as long as its member's connection (removed on leave), so the 3 s timer that
  // expires silent entries is not needed; on Workers it would keep every room's object awake.
  clearInterval((awareness as unknown as { _checkInterval: ReturnType<typeof setInterval> })._checkInterval);
  const peers = new Map<Peer, Set<number>>(); // each peer and the awareness client ids it controls
  const ownerOf = new Map<number, Peer>();
  // Approximate stored size: the state loaded plus every update applied since.
  let docBytes = options.initialState?.length ?? 0;
  const pendingAwareness = new Set<number>();
  // Members who left: their metadata goes once the flush has told everyone they left.
  const forget = new Set<number>();
  let flushTimer: ReturnType<typeof setTimeout> | undefined;
  let flushQueued = false;
  // Members closed for being too slow, until their socket is gone: nothing more is queued for them.
  const dropped = new WeakSet<Peer>();
  // Members already reported for dropped presence (one log line each, not one per update).
  const reported = new WeakSet<Peer>();
  const presenceDropped = (peer: Peer, kind: string) => {
    counters.awarenessDropped++;
    if (reported.has(peer)) return;
    reported.add(peer);
    options.onLimit(kind);
  };

  const send = (peer: Peer, data: Uint8Array) => {
    if (dropped.has(peer)) return;
    if (peer.bufferedAmount > HARD_BUFFER_BYTES) {
      dropped.add(peer);
      options.onLimit('slow');
      peer.close(CLOSE.slow.code, CLOSE.slow.reason);
      return;
    }
    counters.messagesOut++;
    counters.bytesOut += data.length;
    // reason: an adapter whose socket throws while closing must not break the room: this runs inside
    // Yjs's update event, and an exception there leaves the document unable to finish transactions.
    try {
      peer.send(data);
    } catch {
      counters.limitHits['send-failed'] = (counters.limitHits['send-failed'] ?? 0) + 1;
    }
  };

  doc.on('update', (update: Uint8Array, origin: unknown) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const frame = encoding.toUint8Array(encoder);
    for (const peer of peers.keys()) if (peer !== origin) send(peer, frame);
    options.onDocChange(update);
  });

  function flushAwareness(): void {
    flushTimer = undefined;
    flushQueued = false;
    if (pendingAwareness.size === 0) return;
    const frame = (() => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, [...pendingAwareness]));
      return encoding.toUint8Array(encoder);
    })();
    pendingAwareness.clear();
    for (const id of forget) if (!awareness.getStates().has(id)) awareness.meta.delete(id);
    forget.clear();
    for (const peer of peers.keys()) {
      if (peer.bufferedAmount > SOFT_BUFFER_BYTES) presenceDropped(peer, 'presence-backlog');
      else send(peer, frame);
    }
  }

  awareness.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    const controlled = peers.get(origin as Peer);
    if (controlled) for (const c of removed) controlled.delete(c), ownerOf.delete(c);
    for (const c of [...added, ...updated, ...removed]) pendingAwareness.add(c);
    if (flushQueued) return;
    flushQueued = true;
    const wait = flushIntervalMs(peers.size);
    // A microtask: after the message that changed presence has been handled, before the next is read.
    if (wait === 0) queueMicrotask(flushAwareness);
    else flushTimer = setTimeout(flushAwareness, wait);
  });

  return {
    id,
    doc,
    size: () => peers.size,
    join(peer, nowMs, joinOptions) {
      const owned = new Set<number>();
      for (const id of joinOptions?.presenceIds ?? []) {
        if (owned.size >= MAX_PRESENCE_IDS || ownerOf.has(id)) continue;
        owned.add(id);
        ownerOf.set(id, peer);
      }
      peers.set(peer, owned);
      const bucket: TokenBucket = createTokenBucket(limits.messagesPerSecond, limits.messageBurst, nowMs);
      const presence: TokenBucket = createTokenBucket(limits.awarenessPerSecond, limits.awarenessPerSecond * 2, nowMs);
      // Sync step 1, and everyone present so far.
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep1(encoder, doc);
      if (!joinOptions?.resumed) send(peer, encoding.toUint8Array(encoder));
      const states = [...awareness.getStates().keys()];
      if (states.length > 0 && !joinOptions?.resumed) {
        const aw = encoding.createEncoder();
        encoding.writeVarUint(aw, MESSAGE_AWARENESS);
        encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(awareness, states));
        send(peer, encoding.toUint8Array(aw));
      }
      return {
        receive(data, now) {
          counters.messagesIn++;
          counters.bytesIn += data.length;
          if (!bucket.take(now)) return 'rateLimited';
          try {
            const decoder = decoding.createDecoder(data);
            const type = decoding.readVarUint(decoder);
            if (type === MESSAGE_SYNC) {
              const step = decoding.readVarUint(decoder);
              const payload = decoding.readVarUint8Array(decoder);
              if (step === syncProtocol.messageYjsSyncStep1) {
                const reply = encoding.createEncoder();
                encoding.writeVarUint(reply, MESSAGE_SYNC);
                syncProtocol.writeSyncStep2(reply, doc, payload);
                send(peer, encoding.toUint8Array(reply));
              } else if (step === syncProtocol.messageYjsSyncStep2 || step === syncProtocol.messageYjsUpdate) {
                // Yjs logs and swallows errors in a malformed update; decoding it first makes garbage throw here.
                Y.decodeUpdate(payload);
                if (docBytes + payload.length > limits.maxRoomBytes) return 'roomTooLarge';
                docBytes += payload.length;
                Y.applyUpdate(doc, payload, peer);
              } else {
                return 'malformed';
              }
            } else if (type === MESSAGE_AWARENESS) {
              const update = decoding.readVarUint8Array(decoder);
              const mine = peers.get(peer)!;
              // The stock client echoes everyone's presence back; only a member's own entries count.
              // Another member's are dropped, and nobody can add more than MAX_PRESENCE_IDS of its own.
              const kept: PresenceEntry[] = [];
              for (const entry of readPresence(update)) {
                if (entry.state.length > MAX_PRESENCE_BYTES) return 'malformed';
                const owner = ownerOf.get(entry.clientId);
                if (owner === peer) kept.push(entry);
                else if (!owner && entry.state !== 'null' && mine.size < MAX_PRESENCE_IDS) {
                  mine.add(entry.clientId);
                  ownerOf.set(entry.clientId, peer);
                  kept.push(entry);
                }
              }
              if (kept.length === 0) return null;
              if (!presence.take(now)) {
                presenceDropped(peer, 'presence-rate');
                return null;
              }
              awarenessProtocol.applyAwarenessUpdate(awareness, writePresence(kept), peer);
            } else if (type === MESSAGE_QUERY_AWARENESS) {
              const aw = encoding.createEncoder();
              encoding.writeVarUint(aw, MESSAGE_AWARENESS);
              encoding.writeVarUint8Array(aw, awarenessProtocol.encodeAwarenessUpdate(awareness, [...awareness.getStates().keys()]));
              send(peer, encoding.toUint8Array(aw));
            } else if (type !== MESSAGE_AUTH) {
              return 'malformed';
            }
            return null;
          } catch {
            // reason: lib0 and Yjs throw on truncated or garbage frames; that socket alone is closed.
            return 'malformed';
          }
        },
        presenceIds: () => [...(peers.get(peer) ?? [])],
        leave() {
          const controlled = peers.get(peer);
          peers.delete(peer);
          if (controlled && controlled.size > 0) {
            awarenessProtocol.removeAwarenessStates(awareness, [...controlled], null);
            for (const id of controlled) {
              forget.add(id);
              ownerOf.delete(id);
            }
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
      doc.destroy();
    },
  };
}
