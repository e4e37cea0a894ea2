import { describe, expect, it } from 'vitest';
import { CLOSE, type CloseKind } from '../policy.ts';
import type { Member } from '../room-member.ts';
import { hibernatedSockets } from './hibernated-socket.ts';

/** A socket as the hibernation API hands it over: its attachment, and the closes asked of it. */
function fakeSocket(attachment: unknown, { closeThrows = false } = {}) {
  const socket = {
    attachment,
    closes: [] as [number, string | undefined][],
    serializeAttachment(value: unknown) {
      socket.attachment = structuredClone(value);
    },
    deserializeAttachment: () => socket.attachment,
    close(code: number, reason?: string) {
      socket.closes.push([code, reason]);
      if (closeThrows) throw new TypeError('WebSocket already closed');
    },
  };
  return socket;
}
type FakeSocket = ReturnType<typeof fakeSocket>;

/** A member that answers each message with `verdicts` in turn, and takes the presence ids given. */
function fakeMember(verdicts: (CloseKind | null)[] = [], idsAfter: number[][] = []) {
  const ids: number[] = [];
  const received: Uint8Array[] = [];
  const member: Member = {
    receive(data) {
      received.push(data);
      ids.splice(0, ids.length, ...(idsAfter.shift() ?? ids));
      return verdicts.shift() ?? null;
    },
    presenceIds: () => [...ids],
    leave: () => undefined,
  };
  return { member, received };
}

/** The handlers over one socket and member, with who left. */
function harness(member: Member, maxFrameBytes = 100) {
  const members = new Map<FakeSocket, Member>();
  const left: FakeSocket[] = [];
  const sockets = hibernatedSockets({
    member: (ws) => members.get(ws as unknown as FakeSocket),
    left: (ws) => {
      const socket = ws as unknown as FakeSocket;
      if (members.delete(socket)) left.push(socket);
    },
    maxFrameBytes,
    now: () => 1_000,
  });
  const add = (socket: FakeSocket) => {
    members.set(socket, member);
    return socket as unknown as WebSocket;
  };
  return { sockets, add, left };
}

describe('a hibernated socket', () => {
  it('hands a message to its member and writes the presence ids it came to own into its attachment, keeping the rest', () => {
    const { member, received } = fakeMember([null, null], [[7], [7]]);
    const { sockets, add } = harness(member);
    const socket = fakeSocket({ presenceIds: [], client: 'tab', tag: 't1' });
    const ws = add(socket);
    sockets.message(ws, new Uint8Array([1, 2]).buffer);
    sockets.message(ws, 'hi');
    expect(received).toEqual([new Uint8Array([1, 2]), new TextEncoder().encode('hi')]);
    expect(socket.attachment).toEqual({ presenceIds: [7], client: 'tab', tag: 't1' });
    expect(socket.closes).toEqual([]);
  });

  it('closes its socket with the code of its member verdict, takes it out at once, and ignores what comes after', () => {
    const { member, received } = fakeMember(['rateLimited']);
    const { sockets, add, left } = harness(member);
    const socket = fakeSocket({ presenceIds: [] });
    const ws = add(socket);
    sockets.message(ws, new Uint8Array([1]).buffer);
    sockets.message(ws, new Uint8Array([2]).buffer);
    expect(socket.closes).toEqual([[CLOSE.rateLimited.code, CLOSE.rateLimited.reason]]);
    expect(left).toEqual([socket]);
    expect(received).toHaveLength(1);
  });

  it('closes a frame over the size limit as too big before its member reads it', () => {
    const { member, received } = fakeMember();
    const { sockets, add } = harness(member, 4);
    const socket = fakeSocket({ presenceIds: [] });
    sockets.message(add(socket), new Uint8Array(5).buffer);
    expect(socket.closes).toEqual([[CLOSE.tooBig.code, CLOSE.tooBig.reason]]);
    expect(received).toEqual([]);
  });

  it("answers a client's close with its code, or 1000 for a code no close frame may carry, and a socket that throws on close changes nothing", () => {
    const { member } = fakeMember();
    const { sockets, add, left } = harness(member);
    const plain = fakeSocket({ presenceIds: [] });
    const silent = fakeSocket({ presenceIds: [] }, { closeThrows: true });
    const gone = fakeSocket({ presenceIds: [] });
    sockets.closed(add(plain), 4000);
    expect(() => sockets.closed(add(silent), 1005)).not.toThrow();
    sockets.closed(add(gone), 1006);
    expect(plain.closes).toEqual([[4000, undefined]]);
    expect(silent.closes).toEqual([[1000, undefined]]);
    expect(gone.closes).toEqual([[1000, undefined]]);
    expect(left).toEqual([plain, silent, gone]);
  });

  it('takes a socket that failed out without closing it', () => {
    const { member } = fakeMember();
    const { sockets, add, left } = harness(member);
    const socket = fakeSocket({ presenceIds: [] });
    sockets.errored(add(socket));
    expect(left).toEqual([socket]);
    expect(socket.closes).toEqual([]);
  });
});
