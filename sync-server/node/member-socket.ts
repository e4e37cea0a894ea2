/**
 * The sockets of the Node relay's members: a WebSocket upgraded into a room becomes a `Peer` and
 * its room member, with closes that wait a grace period and no longer, a heartbeat for half-open
 * sockets, each message turned into a verdict, and the bookkeeping when the socket goes.
 */
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { APP_PROTOCOL, CLOSE, createKeyed, type LimitKind, type RelayLimits } from '../policy.ts';
import { createByteBudget, type Peer, type Room } from '../room.ts';
import { roomDeletedNotice } from '../room-delete.ts';
import { createFramedSend } from './framed-send.ts';
import { type RoomRegistry, RoomUnavailableError } from './rooms.ts';

const SLOW_CLOSE_GRACE_MS = 2000;
/** A socket the relay decided to close is read no more and destroyed after this, answered or not. */
const CLOSE_GRACE_MS = 1000;
/** Members closed by the room itself (shutdown, storage failure) have this long to answer. */
const SHUTDOWN_GRACE_MS = 3000;
const HEARTBEAT_MS = 30_000;
/** The shared byte budget of one client address is this many connections' worth. */
const CLIENT_BUDGET_CONNECTIONS = 16;

const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data)
    ? new Uint8Array(Buffer.concat(data))
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** What the member sockets need of the relay. */
export interface MemberSocketsOptions {
  readonly limits: RelayLimits;
  readonly rooms: Pick<RoomRegistry, 'open' | 'memberLeft' | 'deletedAt'>;
  /** Counts (and logs within bounds) a limit hit on a connection. */
  readonly hit: (kind: LimitKind, connection?: object) => void;
  /** Whether the relay is shutting down: its rooms are flushed, late messages are not read. */
  readonly closing: () => boolean;
}

/** The relay's member sockets. */
export interface MemberSockets {
  /** Joins `ws`, upgraded on `socket`, to room `id` as a member (or closes it when the room cannot take it). */
  attach(ws: WebSocket, socket: Duplex, id: string, client: string, presenceKey: string): void;
  /** Sockets joined to a room and not yet closed. */
  readonly count: () => number;
}

/** Makes the member sockets of one relay. */
export function createMemberSockets(options: MemberSocketsOptions): MemberSockets {
  const { limits, rooms, hit } = options;
  let connections = 0;
  // The byte budget a client's connections share for document traffic: kept past its last
  // connection (closing everything and coming back must not refill it), bounded like the limiters.
  const budgets = createKeyed((now) =>
    createByteBudget(limits.bytesPerSecond * CLIENT_BUDGET_CONNECTIONS, limits.bytesBurst * CLIENT_BUDGET_CONNECTIONS, now),
  );

  // What a room sends goes to all its members, the same message after message: framed once.
  const framedSend = createFramedSend();

  function attach(ws: WebSocket, socket: Duplex, id: string, client: string, presenceKey: string): void {
    // First of all: an 'error' without a listener would throw and end the whole process.
    ws.on('error', (error) => hit(/max payload/i.test(error.message) ? 'tooBig' : 'socket-error', ws));
    let shut = false;
    /** Closes with a code, reads nothing more, and drops the socket if the close is not answered in time. */
    const closeWith = (code: number, reason: string, graceMs = CLOSE_GRACE_MS) => {
      shut = true;
      ws.close(code, reason);
      ws.pause();
      setTimeout(() => ws.terminate(), graceMs).unref();
    };
    let room: Room;
    try {
      room = rooms.open(id);
    } catch (error) {
      // A room that does not load is refused alone; a store that fails (disk full, I/O) likewise.
      const kind = error instanceof RoomUnavailableError ? 'roomUnavailable' : 'storageFailed';
      hit(kind, ws);
      closeWith(CLOSE[kind].code, CLOSE[kind].reason);
      return;
    }
    if (room.size() >= limits.maxMembersPerRoom) {
      hit('roomFull', ws);
      closeWith(CLOSE.roomFull.code, CLOSE.roomFull.reason);
      rooms.memberLeft(id);
      return;
    }
    connections++;
    // A room its host deleted: our client learns it first, before the sync (the stock client would not know the message).
    const deletedAt = ws.protocol === APP_PROTOCOL ? rooms.deletedAt(id) : null;
    if (deletedAt !== null) ws.send(roomDeletedNotice(deletedAt));
    const peer: Peer = {
      send: (data) => framedSend(ws, socket, data),
      // A member that does not read will not read the close frame either: ws would wait 30 s for
      // the handshake with its backlog in memory.
      close: (code, reason) => closeWith(code, reason, code === CLOSE.slow.code ? SLOW_CLOSE_GRACE_MS : SHUTDOWN_GRACE_MS),
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      client: presenceKey,
    };
    const member = room.join(peer, Date.now(), { clientBudget: budgets.get(client, Date.now()) });
    ws.on('message', (data) => {
      if (options.closing()) return; // the room has been flushed; late messages would be lost anyway
      // Frames already read off the socket before its close still arrive (a deleted room must not take them).
      if (shut) return;
      const verdict = member.receive(toBytes(data), Date.now());
      if (!verdict) return;
      hit(verdict, peer);
      closeWith(CLOSE[verdict].code, CLOSE[verdict].reason);
    });
    // Half-open sockets (a phone that slept, a network that vanished) are found by ping and dropped.
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    ws.on('close', () => {
      clearInterval(heartbeat);
      connections--;
      member.leave();
      rooms.memberLeft(id);
    });
  }

  return { attach, count: () => connections };
}
