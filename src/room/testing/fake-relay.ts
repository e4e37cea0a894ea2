/**
 * A stand-in for the page and the relay in the room's unit tests: the test accepts, feeds and closes
 * each socket the room opens, switches the network off and on, and sets the relay's clock.
 */
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Clock } from '../../shared/clock.ts';
import { FIELD_PRESENCE_ID, type RoomField } from '../../shared/room-field.ts';
import { ROOM_DELETED_MESSAGE } from '../../shared/room-protocol.ts';
import type { PageEvents, RoomEnv } from '../env.ts';

// y-websocket's message types.
const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

/** A socket the room opened: the test plays the relay's side. */
export interface FakeSocket {
  readonly url: string;
  readonly protocols: readonly string[];
  /** What the room sent, in order. */
  readonly sent: Uint8Array[];
  readyState: number;
  onopen: (() => void) | null;
  onmessage: ((event: { data: ArrayBuffer }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** The fake relay and page, and the controls a test holds. */
export interface FakeRelay {
  readonly env: RoomEnv;
  readonly clock: Clock;
  /** Every socket the room opened, oldest first. */
  readonly sockets: FakeSocket[];
  /** The latest socket. */
  last(): FakeSocket;
  /** Opens `socket` and sends the relay's copy of the room (`doc`): the room is synced. */
  accept(socket: FakeSocket, doc?: Y.Doc): void;
  /** The relay closes `socket` with `code` and `reason`. */
  close(socket: FakeSocket, code: number, reason?: string): void;
  /** The relay relays another member's presence (`state`, from that member's `doc`). */
  presence(socket: FakeSocket, doc: Y.Doc, state: Record<string, unknown>): void;
  /** The relay sends its field entry (presence id 0, a newer clock each time), or removes it (null). */
  field(socket: FakeSocket, field: RoomField | null): void;
  /** The device's network goes away or comes back (the page's events follow). */
  setOnline(online: boolean): void;
  /** Presence messages the room sent on `socket`. */
  presenceSent(socket: FakeSocket): number;
  /** The relay says the room was deleted at `deletedAt` (its first message on a socket that offered the app's protocol). */
  notice(socket: FakeSocket, deletedAt: number): void;
  /** Deletion requests the room sent: the URL and the Authorization header. */
  readonly deletions: { url: string; authorization: string | null }[];
  /** The status the relay answers deletions with (204 unless set). */
  answerDeletions(status: number): void;
  /** Stops the other members' presence timers. */
  dispose(): void;
}

const deliver = (socket: FakeSocket, encoder: encoding.Encoder) => {
  const bytes = encoding.toUint8Array(encoder);
  socket.onmessage?.({ data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer });
};

/** A relay whose clock runs `serverAheadMs` ahead of the (vitest-faked) local one. */
export function createFakeRelay(serverAheadMs = 0): FakeRelay {
  const sockets: FakeSocket[] = [];
  const listeners = new Set<Partial<PageEvents>>();
  let online = true;
  const others = new Map<Y.Doc, Awareness>();
  const deletions: FakeRelay['deletions'] = [];
  let deletionStatus = 204;
  let fieldClock = 0;
  const clock: Clock = { now: () => Date.now(), dispose: () => undefined };
  // reason: y-websocket calls `new` on the WebSocket it is given; a class is what it takes.
  class Socket implements FakeSocket {
    static readonly OPEN = 1;
    readonly OPEN = 1;
    readonly sent: Uint8Array[] = [];
    readonly url: string;
    readonly protocols: readonly string[];
    readyState = 0;
    binaryType = 'arraybuffer';
    onopen: FakeSocket['onopen'] = null;
    onmessage: FakeSocket['onmessage'] = null;
    onclose: FakeSocket['onclose'] = null;
    onerror: FakeSocket['onerror'] = null;
    constructor(url: string, protocols: string | string[] = []) {
      this.url = url;
      this.protocols = typeof protocols === 'string' ? [protocols] : protocols;
      sockets.push(this);
    }
    send(data: Uint8Array) {
      this.sent.push(new Uint8Array(data));
    }
    close() {
      this.readyState = 3;
    }
  }
  const env: RoomEnv = {
    relayUrl: 'ws://relay.test/room',
    timeUrl: 'http://relay.test/time',
    roomHttpUrl: (id) => `http://relay.test/room/${id}`,
    token: () => null,
    isOnline: () => online,
    watch(on) {
      listeners.add(on);
      return () => listeners.delete(on);
    },
    fetch: async (input, init) => {
      if (init?.method === 'DELETE') {
        deletions.push({ url: String(input), authorization: new Headers(init.headers).get('authorization') });
        return new Response(null, { status: deletionStatus });
      }
      const t = Date.now() + serverAheadMs;
      return new Response(JSON.stringify({ t1: t, t2: t }));
    },
    // The page's own stamps are the wire's here: nothing reads a reply late.
    networkTiming: async () => null,
    WebSocket: Socket as unknown as typeof WebSocket,
    // The longest wait each time: backoffMs gives 500 ms, 1 s, 2 s, … for attempts 0, 1, 2, …
    random: () => 1,
  };
  return {
    env,
    clock,
    sockets,
    last: () => sockets[sockets.length - 1]!,
    accept(socket, doc = new Y.Doc()) {
      socket.readyState = 1;
      socket.onopen?.();
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.writeSyncStep2(encoder, doc);
      deliver(socket, encoder);
    },
    close(socket, code, reason = '') {
      socket.readyState = 3;
      socket.onclose?.({ code, reason });
    },
    presence(socket, doc, state) {
      // One awareness per member, so each state it sends is newer than the last.
      const awareness = others.get(doc) ?? new Awareness(doc);
      others.set(doc, awareness);
      awareness.setLocalState(state);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [doc.clientID]));
      deliver(socket, encoder);
    },
    field(socket, field) {
      // Written by hand as the relay does: an Awareness cannot be made to own id 0.
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, FIELD_PRESENCE_ID);
      encoding.writeVarUint(inner, ++fieldClock);
      encoding.writeVarString(inner, JSON.stringify(field === null ? null : { field }));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
      deliver(socket, encoder);
    },
    setOnline(next) {
      online = next;
      for (const on of listeners) (next ? on.online : on.offline)?.();
    },
    notice(socket, deletedAt) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, ROOM_DELETED_MESSAGE);
      encoding.writeVarUint(encoder, deletedAt);
      deliver(socket, encoder);
    },
    deletions,
    answerDeletions(status) {
      deletionStatus = status;
    },
    presenceSent: (socket) => socket.sent.filter((m) => m[0] === MESSAGE_AWARENESS).length,
    dispose() {
      for (const awareness of others.values()) awareness.destroy();
    },
  };
}
