/**
 * One member of a room (room.ts): its message and byte budgets, and what each y-websocket message
 * type does (sync step 1 and 2, updates, awareness, queries), through a dispatch table.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { createByteBudget, type ByteBudget } from './byte-budget.ts';
import { createTokenBucket, type CloseKind, type LimitKind, type RelayLimits, type TokenBucket } from './policy.ts';
import type { GuardedDoc } from './room-doc.ts';
import { MESSAGE_AWARENESS, type RoomPresence } from './room-presence.ts';

/** The y-websocket message type of document sync (steps 1 and 2, updates). */
export const MESSAGE_SYNC = 0;
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

/** A member's side of the room, as the adapter drives it. */
export interface Member {
  /** Handles one message; returns how to close the socket, or null to carry on. After a close verdict it reads nothing more. */
  receive(data: Uint8Array, nowMs: number): CloseKind | null;
  /** The presence (awareness) client ids this member owns, to carry across a restart of the room. */
  presenceIds(): number[];
  leave(): void;
}

/** How a connection joins a room. */
export interface JoinOptions {
  /** A connection that outlived the room in memory (a Durable Object woken from hibernation): it already has the document, so it is not greeted again. */
  readonly resumed?: boolean;
  /** The presence ids it owned before (with `resumed`). */
  readonly presenceIds?: readonly number[];
  /** A byte budget shared by every connection of the same client, spent with the connection's own. */
  readonly clientBudget?: ByteBudget;
}

/**
 * What a member's document message (sync step 1 or 2, or an update, its payload read) does:
 * `spend` charges the member's budgets for the work. Returns how to close the member, or null.
 */
export type DocumentHandler = (peer: Peer, step: number, payload: Uint8Array, spend: (n: number) => void) => CloseKind | null;

/** What a member uses of its room. */
export interface MemberContext {
  readonly presence: RoomPresence<Peer>;
  readonly peers: Set<Peer>;
  /** Sends to one member (or drops it when it is too slow). */
  readonly send: (peer: Peer, data: Uint8Array) => void;
  /** The document: this room's own (`localDocument`), or the room's elsewhere (a shard's members). */
  readonly document: DocumentHandler;
  readonly limits: RelayLimits;
  readonly counters: { messagesIn: number; bytesIn: number };
}

/** What the document of a room held here needs. */
export interface LocalDocumentContext {
  readonly guarded: GuardedDoc;
  /** Sends to one member (or drops it when it is too slow). */
  readonly send: (peer: Peer, data: Uint8Array) => void;
  /** Stores a change and relays it to everyone but its sender; false when it could not be stored. */
  readonly relayChange: (change: Uint8Array, origin: Peer | null) => boolean;
  readonly onLimit: (kind: LimitKind, peer: Peer | null) => void;
  readonly storageFull?: () => boolean;
}

/** The document of a room held here: step 1 answered with step 2, changes applied, stored and relayed. */
export const localDocument =
  (room: LocalDocumentContext): DocumentHandler =>
  (peer, step, payload, spend) => {
    const { guarded } = room;
    if (step === syncProtocol.messageYjsSyncStep1) {
      const reply = frame(MESSAGE_SYNC, (e) => syncProtocol.writeSyncStep2(e, guarded.doc, payload));
      // Writing the delete set walks the whole document, however short the reply.
      spend(Math.max(reply.length, guarded.stats().bytes / 4));
      room.send(peer, reply);
      return null;
    }
    if (step !== syncProtocol.messageYjsSyncStep2 && step !== syncProtocol.messageYjsUpdate) return 'malformed';
    const applied = guarded.apply(payload, peer, room.storageFull?.() ?? false);
    spend(applied.work);
    if (applied.droppedPending) room.onLimit('pending-dropped', peer);
    if (applied.refusal) return applied.refusal;
    return applied.change && !room.relayChange(applied.change, peer) ? 'storageFailed' : null;
  };

/** One y-websocket frame: its message type, then what `write` writes. */
export const frame = (type: number, write: (encoder: encoding.Encoder) => void): Uint8Array => {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  write(encoder);
  return encoding.toUint8Array(encoder);
};

/** One member's side of the room: its budgets, and what each message type does. */
export function createMember(room: MemberContext, peer: Peer, nowMs: number, joinOptions: JoinOptions | undefined): Member {
  const { presence, send, limits, counters } = room;
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
    return room.document(peer, step, payload, spend);
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
      room.peers.delete(peer);
      presence.leave(peer);
    },
  };
}
