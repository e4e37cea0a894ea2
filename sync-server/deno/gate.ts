/**
 * A room's outgoing frames held until the document changes before them are stored: a change is
 * appended to Deno KV asynchronously, and no member may receive anything (the change itself, or
 * a document that holds it) before the store has it, so a kill -9 never loses what a member saw.
 * Frames go out in the order the room sent them; appends are confirmed in the order they were made.
 */

/** Where a frame goes: a member's socket. */
export interface GatedSocket {
  send(data: Uint8Array): void;
}

/** The gate of one room. */
export interface Gate {
  /** A change is being stored: frames sent from now on wait for it. Returns its ticket. */
  issue(): number;
  /** The change with this ticket (and every one before it) is stored: what waited for it goes out. */
  durable(ticket: number): void;
  /** Sends now, or once every change issued so far is stored. */
  send(socket: GatedSocket, data: Uint8Array): void;
  /** Bytes waiting for this socket (counted with its own buffer against the slow-member limit). */
  held(socket: GatedSocket): number;
  /** Forgets what waits for a socket that is gone. */
  forget(socket: GatedSocket): void;
  /** Drops everything waiting (the room's storage failed: nothing unstored goes out). */
  drop(): void;
}

interface Waiting {
  readonly socket: GatedSocket;
  readonly data: Uint8Array;
  readonly ticket: number;
}

/** Makes a room's gate. */
export function createGate(): Gate {
  let issued = 0;
  let stored = 0;
  let queue: Waiting[] = [];
  let head = 0;
  const held = new Map<GatedSocket, number>();

  const deliver = (socket: GatedSocket, data: Uint8Array) => {
    // reason: a socket that is closing throws on send; what it would have got no longer matters
    try {
      socket.send(data);
    } catch {}
  };

  return {
    issue: () => ++issued,
    durable(ticket) {
      stored = Math.max(stored, ticket);
      while (head < queue.length && queue[head]!.ticket <= stored) {
        const { socket, data } = queue[head++]!;
        const left = (held.get(socket) ?? 0) - data.length;
        if (left > 0) held.set(socket, left);
        else held.delete(socket);
        deliver(socket, data);
      }
      if (head === queue.length) {
        queue = [];
        head = 0;
      }
    },
    send(socket, data) {
      if (stored >= issued) return deliver(socket, data);
      queue.push({ socket, data, ticket: issued });
      held.set(socket, (held.get(socket) ?? 0) + data.length);
    },
    held: (socket) => held.get(socket) ?? 0,
    forget(socket) {
      if (!held.delete(socket)) return;
      queue = queue.slice(head).filter((w) => w.socket !== socket);
      head = 0;
    },
    drop() {
      queue = [];
      head = 0;
      held.clear();
      stored = issued;
    },
  };
}
