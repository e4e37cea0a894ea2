/**
 * What one message to every member costs the Node relay's process, by the way it is written:
 * `ws.send` per socket (ws frames each send: a header, then a corked writev of header and payload)
 * against the relay's framed send (sync-server/node/framed-send.ts: framed once, one write per
 * socket). A field frame to 10,000 members five times a second is 50,000 of these a second.
 *
 * The members are sockets of a child process that only reads; this process measures its own CPU
 * (user and kernel: on loopback the kernel's share includes delivering to the reader) over rounds
 * of one message to every socket, the two ways alternated in the same run.
 * `./node_modules/.bin/node bench/framed-send.ts` (BENCH_SOCKETS=2000, BENCH_ROUNDS=40).
 */
import { fork } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import WebSocketClient from 'ws';
import { createFramedSend } from '../sync-server/node/framed-send.ts';

const SOCKETS = Number(process.env.BENCH_SOCKETS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 40);
/** About a field frame's size (six faces with names, a 12-bin histogram). */
const MESSAGE_BYTES = 420;

/** The child: opens `count` sockets to `url`, reads everything, reports when all are open. */
async function reader(url: string, count: number): Promise<void> {
  let open = 0;
  for (let i = 0; i < count; i++) {
    const ws = new WebSocketClient(url);
    ws.on('open', () => {
      if (++open === count) process.send?.('open');
    });
    ws.on('error', () => undefined);
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 20));
  }
}

interface Member {
  readonly ws: WebSocket;
  readonly socket: Duplex;
}

/** CPU µs (user, system) this process spent per send over `rounds` rounds of one message to every member. */
async function measure(members: readonly Member[], send: (m: Member, data: Uint8Array) => void, rounds: number) {
  const drained = () =>
    new Promise<void>((resolve) => {
      const check = () => (members.every((m) => m.socket.writableLength === 0) ? resolve() : setTimeout(check, 5));
      check();
    });
  const start = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    const data = new Uint8Array(MESSAGE_BYTES).fill(r & 0xff);
    for (const m of members) send(m, data);
    await drained();
  }
  const used = process.cpuUsage(start);
  const sends = rounds * members.length;
  return { user: used.user / sends, system: used.system / sends };
}

export async function printFramedSend(): Promise<void> {
  const wss = new WebSocketServer({ noServer: true });
  const members: Member[] = [];
  const server = createServer();
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => members.push({ ws, socket })));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const child = fork(new URL(import.meta.url).pathname, ['reader', url, String(SOCKETS)], { stdio: 'inherit' });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`reader exited ${code}`)));
  });
  const framed = createFramedSend();
  const ways = {
    'ws.send per socket': (m: Member, data: Uint8Array) => m.ws.send(data),
    'framed once, one write': (m: Member, data: Uint8Array) => framed(m.ws, m.socket, data),
  };
  const totals = new Map<string, { user: number; system: number; n: number }>();
  await measure(members, ways['ws.send per socket'], 5); // warm-up
  for (let pass = 0; pass < 4; pass++) {
    for (const [name, send] of Object.entries(ways)) {
      const r = await measure(members, send, ROUNDS / 4);
      const t = totals.get(name) ?? { user: 0, system: 0, n: 0 };
      totals.set(name, { user: t.user + r.user, system: t.system + r.system, n: t.n + 1 });
    }
  }
  console.log(`\n## One ${MESSAGE_BYTES}-byte message to ${members.length} sockets, ${ROUNDS} rounds each way, alternated\n`);
  console.log('way                       user µs/send  kernel µs/send  total µs/send');
  for (const [name, t] of totals) {
    const [user, system] = [t.user / t.n, t.system / t.n];
    console.log(
      `${name.padEnd(26)}${user.toFixed(2).padStart(12)}${system.toFixed(2).padStart(16)}${(user + system).toFixed(2).padStart(15)}`,
    );
  }
  console.log('(the kernel share on loopback includes delivering each frame to its reader)');
  child.kill();
  for (const m of members) m.ws.terminate();
  server.close();
}

if (process.argv[2] === 'reader') await reader(process.argv[3]!, Number(process.argv[4]));
else if (import.meta.url === `file://${process.argv[1]}`) await printFramedSend();
