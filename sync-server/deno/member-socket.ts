/**
 * The sockets of the Deno relay's members: a WebSocket from `Deno.upgradeWebSocket` becomes a
 * `Peer` and its room member once open; its frames go through the room's gate (gate.ts); a frame
 * past the size limit, a verdict, or a member that stops reading closes it; a close it never
 * answers is not waited for.
 */
import { APP_PROTOCOL, CLOSE, createKeyed, type LimitKind, type RelayLimits } from '../policy.ts';
import { createByteBudget, type Peer } from '../room.ts';
import { roomDeletedNotice } from '../room-delete.ts';
import type { OpenedRoom } from './rooms.ts';

/** The shared byte budget of one client is this many connections' worth (as on Node). */
const CLIENT_BUDGET_CONNECTIONS = 16;
/** A socket the relay closes gets its close frame once it has sent nothing for this long... */
const QUIET_BEFORE_CLOSE_MS = 50;
/** ... or this long after the decision at the latest. */
const CLOSE_GRACE_MS = 1000;

export interface MemberSocketsOptions {
  readonly limits: RelayLimits;
  /** Counts (and logs within bounds) a limit hit on a connection. */
  readonly hit: (kind: LimitKind, connection?: object) => void;
  /** The room's holder left (the socket closed, or never opened). */
  readonly left: (id: string) => void;
  /** Whether the relay is shutting down: late messages are not read. */
  readonly closing: () => boolean;
}

/** What joining needs of the upgrade. */
export interface Joining {
  readonly socket: WebSocket;
  readonly id: string;
  readonly opened: OpenedRoom;
  readonly client: string;
  readonly presenceKey: string;
  /** The subprotocol the upgrade accepted (ours, or none for the stock client). */
  readonly protocol: string | undefined;
}

/** The relay's member sockets. */
export interface MemberSockets {
  /** Joins the socket to its room once it opens; the room's holder is released when it closes. */
  attach(joining: Joining): void;
  readonly count: () => number;
}

const toBytes = (data: unknown): Uint8Array =>
  data instanceof ArrayBuffer ? new Uint8Array(data) : typeof data === 'string' ? new TextEncoder().encode(data) : new Uint8Array(0);

/** Makes the member sockets of one relay. */
export function createMemberSockets(options: MemberSocketsOptions): MemberSockets {
  const { limits, hit } = options;
  let connections = 0;
  const budgets = createKeyed((now) =>
    createByteBudget(limits.bytesPerSecond * CLIENT_BUDGET_CONNECTIONS, limits.bytesBurst * CLIENT_BUDGET_CONNECTIONS, now),
  );

  function attach({ socket, id, opened, client, presenceKey, protocol }: Joining): void {
    socket.binaryType = 'arraybuffer';
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      options.left(id);
    };
    let shut = false;
    let quiet: ReturnType<typeof setTimeout> | undefined;
    let decided = 0;
    let closeFrame: [number, string] = [CLOSE.goingAway.code, CLOSE.goingAway.reason];
    let sent = false;
    const sendClose = () => {
      if (sent) return;
      sent = true;
      // reason: closing a socket that is already closing throws; it is on its way out either way
      try {
        socket.close(...closeFrame);
      } catch {}
    };
    /**
     * Deno drops the connection (the client sees 1006, not the code) when a data frame arrives
     * after its close frame went out: the close is sent once the client has been quiet a moment,
     * or after a grace period whatever it does. Nothing it sends meanwhile is read.
     */
    const closeWith = (code: number, reason: string) => {
      if (shut) return;
      shut = true;
      closeFrame = [code, reason];
      decided = Date.now();
      quiet = setTimeout(sendClose, QUIET_BEFORE_CLOSE_MS);
    };
    const heard = () => {
      if (sent) return;
      clearTimeout(quiet);
      quiet = Date.now() - decided >= CLOSE_GRACE_MS ? void sendClose() : setTimeout(sendClose, QUIET_BEFORE_CLOSE_MS);
    };
    let leave = () => {};
    const gated = { send: (data: Uint8Array) => !shut && socket.send(data as Uint8Array<ArrayBuffer>) };
    socket.addEventListener('open', () => {
      const { room, gate, deletedAt } = opened;
      if (room.size() >= limits.maxMembersPerRoom) {
        hit('roomFull', socket);
        closeWith(CLOSE.roomFull.code, CLOSE.roomFull.reason);
        release();
        return;
      }
      connections++;
      if (deletedAt !== null && protocol === APP_PROTOCOL) socket.send(roomDeletedNotice(deletedAt) as Uint8Array<ArrayBuffer>);
      const peer: Peer = {
        send: (data) => gate.send(gated, data),
        close: closeWith,
        // Deno buffers what the member has not read; with what waits in the gate, it is bounded by the room (HARD_BUFFER_BYTES).
        get bufferedAmount() {
          return socket.bufferedAmount + gate.held(gated);
        },
        client: presenceKey,
      };
      const member = room.join(peer, Date.now(), { clientBudget: budgets.get(client, Date.now()) });
      socket.addEventListener('message', (event) => {
        if (shut) return heard();
        if (options.closing()) return;
        const bytes = toBytes(event.data);
        if (bytes.length > limits.maxFrameBytes) {
          hit('tooBig', peer);
          closeWith(CLOSE.tooBig.code, CLOSE.tooBig.reason);
          return;
        }
        const verdict = member.receive(bytes, Date.now());
        if (!verdict) return;
        hit(verdict, peer);
        closeWith(CLOSE[verdict].code, CLOSE[verdict].reason);
      });
      leave = () => {
        connections--;
        gate.forget(gated);
        member.leave();
      };
    });
    // A socket that never opened (or failed) still gives its room back.
    socket.addEventListener('close', () => {
      clearTimeout(quiet);
      leave();
      release();
    });
    socket.addEventListener('error', () => hit('socket-error', socket));
  }

  return { attach, count: () => connections };
}
