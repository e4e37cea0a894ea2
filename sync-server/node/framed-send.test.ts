import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Ws from 'ws';
import { createFramedSend } from './framed-send.ts';

// The Solid plugin runs the tests with the 'browser' condition, which resolves 'ws' to its browser
// stub (no server, no client): the Node build is required by its file.
const { WebSocket, WebSocketServer } = createRequire(import.meta.url)('../../node_modules/ws/index.js') as typeof Ws;
type WebSocket = Ws.WebSocket;

/** A ws server whose connections come with the raw socket they were upgraded on, and one stock ws client of it. */
async function pair(): Promise<{ server: Server; ws: WebSocket; socket: Duplex; client: WebSocket; received: Uint8Array[] }> {
  const wss = new WebSocketServer({ noServer: true });
  const server = createServer();
  const accepted = new Promise<{ ws: WebSocket; socket: Duplex }>((resolve) =>
    server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => resolve({ ws, socket }))),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
  const received: Uint8Array[] = [];
  client.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  await new Promise((resolve) => client.once('open', resolve));
  return { server, client, received, ...(await accepted) };
}

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

let open: { server: Server; client: WebSocket }[] = [];
afterEach(() => {
  for (const { server, client } of open) {
    client.terminate();
    server.close();
  }
  open = [];
});

describe('framed send', () => {
  it('delivers messages of every length class whole and in order, mixed with ws.send', async () => {
    const p = await pair();
    open.push(p);
    const send = createFramedSend();
    // Lengths around each of the three length encodings (7 bits, 16 bits, 64 bits).
    const messages = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000].map((n, i) => bytes(n, i));
    for (const [i, m] of messages.entries()) {
      send(p.ws, p.socket, m);
      if (i % 2) p.ws.send(bytes(3, 100 + i)); // ws's own frames in between stay in order
    }
    const expected = messages.flatMap((m, i) => (i % 2 ? [m, bytes(3, 100 + i)] : [m]));
    await expect.poll(() => p.received.length).toBe(expected.length);
    expect(p.received).toEqual(expected);
  });

  it('frames a message once for many sockets, and a new message anew', async () => {
    const [a, b] = [await pair(), await pair()];
    open.push(a, b);
    const send = createFramedSend();
    const first = bytes(300, 1);
    const second = bytes(300, 2);
    for (const m of [first, second]) for (const p of [a, b]) send(p.ws, p.socket, m);
    for (const p of [a, b]) {
      await expect.poll(() => p.received.length).toBe(2);
      expect(p.received).toEqual([first, second]);
    }
  });

  it('leaves a closing socket to ws: no raw bytes after the close frame', async () => {
    const p = await pair();
    open.push(p);
    const send = createFramedSend();
    const closed = new Promise<number>((resolve) => p.client.once('close', resolve));
    p.ws.close(4000, 'bye');
    const writes: unknown[] = [];
    const write = p.socket.write.bind(p.socket);
    p.socket.write = ((chunk: Buffer, ...rest: never[]) => {
      writes.push(chunk);
      return write(chunk, ...rest);
    }) as typeof p.socket.write;
    send(p.ws, p.socket, bytes(10, 1)); // dropped by ws, as ws.send after close is
    expect(writes).toEqual([]);
    expect(await closed).toBe(4000);
    expect(p.received).toEqual([]);
  });
});
