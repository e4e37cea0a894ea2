/**
 * One WebSocket message framed once, written to many sockets. `ws` frames every send() on its own:
 * a header, then a corked write of header and payload. The relay sends the same bytes to every
 * member of a room (a field frame to 10,000 members five times a second, a flushed presence
 * frame, a relayed change), so here the last message's whole frame is kept and written to each
 * member's socket in one write.
 */
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/** A final, unmasked binary frame (RFC 6455 §5.2: a server never masks). */
export function binaryFrame(payload: Uint8Array): Buffer {
  const n = payload.byteLength;
  const head = n < 126 ? 2 : n < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + n);
  frame[0] = 0x82; // FIN, opcode 2 (binary)
  if (n < 126) frame[1] = n;
  else if (n < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  frame.set(payload, head);
  return frame;
}

/** Sends `data` to a member: ws's socket and the raw socket it was upgraded on. */
export type FramedSend = (ws: WebSocket, socket: Duplex, data: Uint8Array) => void;

/**
 * A sender that frames each distinct message once: the last one is kept, since a room sends one
 * message to all its members before the next. A message is never changed once sent (ws.send
 * relies on that too), so the same array means the same bytes.
 */
export function createFramedSend(): FramedSend {
  let lastData: Uint8Array | null = null;
  let lastFrame: Buffer | null = null;
  return (ws, socket, data) => {
    // Only while open and without extensions is a raw write exactly what ws.send would write, in
    // order: ws queues frames only while compressing, and the relay offers no compression. Any
    // other state (closing, closed) goes through ws, which knows what to do with a late send.
    if (ws.readyState !== ws.OPEN || ws.extensions !== '' || !socket.writable) {
      ws.send(data);
      return;
    }
    if (data !== lastData) {
      lastFrame = binaryFrame(data);
      lastData = data;
    }
    socket.write(lastFrame);
  };
}
