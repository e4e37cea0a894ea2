/**
 * A member's WebSocket as a Durable Object keeps it under the hibernation API, the same in a
 * room's object (room-object.ts) and a shard's (shard-object.ts): a message goes to the socket's
 * member (room-member.ts), and the presence ids it then owns are written into the socket's
 * attachment, so they outlive the object's eviction; a verdict closes the socket with its code;
 * a close, an error or a refusal takes the socket out of the object at once (its close may never
 * be acknowledged). The object says which member a socket is and what its leaving undoes.
 */
import { CLOSE, type CloseKind } from '../policy.ts';
import type { Member } from '../room-member.ts';

/** What a socket's attachment carries at least: the presence ids its member owns (an object adds its own fields). */
export interface PresenceAttachment {
  readonly presenceIds: number[];
}

/** The socket handlers of one object. */
export interface HibernatedSockets {
  /** A message from `ws` (webSocketMessage): to its member, then its verdict and its presence ids. */
  message(ws: WebSocket, message: ArrayBuffer | string): void;
  /** Closes `ws` with `kind`'s code and reason, and logs the limit. */
  refuse(ws: WebSocket, kind: CloseKind): void;
  /** Takes `ws` out of the object and closes it. */
  closeWith(ws: WebSocket, code: number, reason: string): void;
  /** The client closed `ws` (webSocketClose): out, and its close answered with its code. */
  closed(ws: WebSocket, code: number): void;
  /** `ws` failed (webSocketError): out. */
  errored(ws: WebSocket): void;
}

export interface HibernatedSocketsOptions {
  /** The member `ws` is, while it is in the object. */
  member(ws: WebSocket): Member | undefined;
  /** Takes `ws` out of the object (its member leaves); called once or more per socket, so it must ignore one already out. */
  left(ws: WebSocket): void;
  /** A larger frame closes its socket (tooBig) before its member reads it. */
  readonly maxFrameBytes: number;
  readonly now?: () => number;
}

/** The handlers for an object's sockets. */
export function hibernatedSockets(options: HibernatedSocketsOptions): HibernatedSockets {
  const now = options.now ?? Date.now;

  const closeWith = (ws: WebSocket, code: number, reason: string) => {
    options.left(ws);
    // reason: closing a socket that is already closing throws; it is on its way out either way
    try {
      ws.close(code, reason);
    } catch {}
  };
  const refuse = (ws: WebSocket, kind: CloseKind) => {
    console.log(`limit ${kind}`);
    closeWith(ws, CLOSE[kind].code, CLOSE[kind].reason);
  };

  return {
    message(ws, message) {
      const member = options.member(ws);
      if (!member) return; // already closed by its object
      const bytes = typeof message === 'string' ? new TextEncoder().encode(message) : new Uint8Array(message);
      if (bytes.length > options.maxFrameBytes) return refuse(ws, 'tooBig');
      const before = member.presenceIds().length;
      const verdict = member.receive(bytes, now());
      if (verdict) return refuse(ws, verdict);
      // Presence ownership survives hibernation with the socket.
      const ids = member.presenceIds();
      if (ids.length !== before) ws.serializeAttachment({ ...(ws.deserializeAttachment() as PresenceAttachment | null), presenceIds: ids });
    },
    refuse,
    closeWith,
    closed(ws, code) {
      options.left(ws);
      // reason: the socket may already be closed from our side; completing the handshake is best effort
      try {
        // 1005 (no code) and 1006 (no close frame) may not be sent in a close frame.
        ws.close(code === 1005 || code === 1006 ? 1000 : code);
      } catch {}
    },
    errored(ws) {
      options.left(ws);
    },
  };
}
