/**
 * A bare WebSocket client over a TCP socket, for tests and the load bench: it does the opening
 * handshake and sends frames, and otherwise does only what its user asks (it never answers a ping
 * or a close by itself). That is what a stalled phone or a bad actor looks like to the relay.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

/** A client frame (binary, masked as RFC 6455 requires of clients). */
export function maskedFrame(payload: Uint8Array): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const frame = Buffer.alloc(head + 4 + len);
  frame[0] = 0x82;
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
