/**
 * A bare WebSocket client over a TCP socket, for tests and the load bench: it does the opening
 * handshake and sends frames, and otherwise does only what its user asks (it never answers a ping
 * or a close by itself). That is what a stalled phone or a bad actor looks like to the relay.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** WebSocket opcodes (RFC 6455 5.2). */
export const OPCODE = { binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;

/** A client frame (binary unless told, masked as RFC 6455 requires of clients). */
export function maskedFrame(payload: Uint8Array, opcode: number = OPCODE.binary): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const frame = Buffer.alloc(head + 4 + len);
  frame[0] = 0x80 | opcode;
  if (len < 126) frame[1] = 0x80 | len;
  else if (len < 65536) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(len), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, head);
  for (let i = 0; i < len; i++) frame[head + 4 + i] = payload[i]! ^ mask[i & 3]!;
  return frame;
}

/** Opens `ws://host:port/path` (with extra request headers); resolves with the socket and the server's handshake status once it answers. */
export function openBareSocket(url: string, headers: Record<string, string> = {}): Promise<{ socket: Socket; status: number }> {
  const { hostname, port, pathname } = new URL(url);
  return new Promise((ok, fail) => {
    const socket = connect(Number(port), hostname);
    socket.setNoDelay(true);
    let head = '';
    const onHead = (chunk: Buffer) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      socket.off('data', onHead);
      ok({ socket, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0) });
    };
    socket.on('data', onHead);
    socket.once('error', fail);
    // A server out of descriptors (or shutting down) may close without a word; settled already otherwise.
    socket.once('close', () => fail(new Error('closed before the handshake')));
    socket.write(
      `GET ${pathname} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n` +
        Object.entries(headers)
          .map(([name, value]) => `${name}: ${value}\r\n`)
          .join('') +
        '\r\n',
    );
  });
}

/** One frame from the server as `serverFrameReader` reports it. */
export interface ServerFrame {
  readonly opcode: number;
  readonly length: number;
  /** The payload's first byte (a y-websocket message's type), -1 when empty. */
  readonly first: number;
  /** A control frame's payload (at most 125 bytes: a ping's must be echoed in the pong); data payloads are skipped unread. */
  readonly control: Buffer | null;
}

/**
 * A reader of the server's frames (unmasked) over a socket's chunks, for a load client that must
 * keep up with many frames a second: it walks the headers and skips the payloads, so a frame costs
 * the same whatever its size. Returns the handler to give every chunk to, in order.
 */
export function serverFrameReader(onFrame: (frame: ServerFrame) => void): (chunk: Buffer) => void {
  const head: number[] = [];
  let remaining = 0; // payload bytes of the current frame still to come
  let opcode = 0;
  let length = 0;
  let first = -1;
  let control: Buffer | null = null;
  let filled = 0;
  const headLength = () =>
    head.length < 2 ? 2 : 2 + ((head[1]! & 0x7f) === 126 ? 2 : (head[1]! & 0x7f) === 127 ? 8 : 0) + (head[1]! & 0x80 ? 4 : 0);
  const emit = () => onFrame({ opcode, length, first, control });
  return (chunk) => {
    let pos = 0;
    while (pos < chunk.length) {
      if (remaining > 0) {
        const take = Math.min(remaining, chunk.length - pos);
        if (first < 0) first = chunk[pos]!;
        if (control) filled += chunk.copy(control, filled, pos, pos + take);
        remaining -= take;
        pos += take;
        if (remaining === 0) emit();
        continue;
      }
      head.push(chunk[pos++]!);
      if (head.length < headLength()) continue;
      opcode = head[0]! & 0x0f;
      const len7 = head[1]! & 0x7f;
      // Lengths past 2^53 do not occur on a relay capped at 1 MiB frames.
      length = len7 < 126 ? len7 : len7 === 126 ? (head[2]! << 8) | head[3]! : head.slice(2, 10).reduce((n, b) => n * 256 + b, 0);
      head.length = 0;
      first = -1;
      control = opcode >= 0x8 ? Buffer.alloc(length) : null;
      filled = 0;
      remaining = length;
      if (length === 0) emit();
    }
  };
}
