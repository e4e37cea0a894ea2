/**
 * The sockets of the Deno relay's members: a WebSocket from `Deno.upgradeWebSocket` becomes a
 * `Peer` and its room member once open; its frames go through the room's gate (gate.ts); a frame
 * past the size limit, a verdict, or a member that stops reading closes it; a close it never
 * answers is not waited for.
 *
 * A member that stops reading costs more here than on Node: Deno has no terminate, its close()
 * waits behind the write that never finishes, and the idle timeout only acts while the socket is
 * open, so what is buffered for such a socket stays until the client goes. Hence a much lower
 * per-socket cap (SOCKET_BUFFER_BYTES) than Node's HARD_BUFFER_BYTES, nothing queued once a socket
 * is judged slow or closing, and the handler counts a closing socket against its client's
 * connections until its close event (handler.ts releases on 'close'): one client holds at most
 * RELAY_MAX_CONNECTIONS_PER_CLIENT x (SOCKET_BUFFER_BYTES + one frame).
 *
 * Deno reads a whole frame (up to 64 MiB, its WebSocket's fixed message limit; Deno.upgradeWebSocket
 * has no option for it) before the relay sees it and checks maxFrameBytes: a client can make the
 * relay hold 64 MiB per connection for a moment before it is closed with tooBig.
 */
import { APP_PROTOCOL, CLOSE, createKeyed, type LimitKind, type RelayLimits } from '../policy.ts';
import { createByteBudget, type Peer } from '../room.ts';
import { roomDeletedNotice } from '../room-delete.ts';
import type { OpenedRoom } from './rooms.ts';

/** The shared byte budget of one client is this many connections' worth (as on Node). */
const CLIENT_BUDGET_CONNECTIONS = 16;
/**
 * Past this much waiting for one socket (Deno's bufferedAmount plus what its room's gate holds for
 * it) the member is judged slow. Node allows HARD_BUFFER_BYTES (4 MiB) because it terminates a
 * slow socket within seconds and frees its buffer; here the buffer stays as long as the client
 * keeps the connection, so it must be small. 1 MiB is still hundreds of ordinary updates.
 */
export const SOCKET_BUFFER_BYTES = 1 << 20;
/** A socket the relay closes gets its close frame once it has sent nothing for this long... */
const QUIET_BEFORE_CLOSE_MS = 50;
/** ... or this long after the decision at the latest. */
const CLOSE_GRACE_MS = 1000;

export interface MemberSocketsOptions {
  readonly limits: RelayLimits;
  /** Counts (and logs within bounds) a limit hit on a connection. */
  readonly hit: (kind: LimitKind, connection?: object) => void;
  /** Whether the relay is shutting down: late messages are not read. */
  readonly closing: () => boolean;
}

/** What joining needs of the upgrade. */
export interface Joining {
  readonly socket: WebSocket;
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

  function attach({ socket, opened, client, presenceKey, protocol }: Joining): void {
    socket.binaryType = 'arraybuffer';
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      // This socket's own copy of the room is let go, never the room by id: a copy loaded after a failure has holders of its own.
      opened.release();
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
      const waiting = () => socket.bufferedAmount + gate.held(gated);
      const peer: Peer = {
        send: (data) => {
          if (shut) return;
          if (waiting() > SOCKET_BUFFER_BYTES) {
            hit('slow', peer);
            closeWith(CLOSE.slow.code, CLOSE.slow.reason);
            return;
          }
          gate.send(gated, data);
        },
        close: closeWith,
        // What the room weighs for presence backlogs; the slow verdict comes first, in send (SOCKET_BUFFER_BYTES).
        get bufferedAmount() {
          return waiting();
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
