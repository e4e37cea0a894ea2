/**
 * The load generator for bench/relay-load.ts, run as its own process: opens `members` sockets
 * spread over rooms of `roomSize`, each sending presence (a y-websocket awareness update) once a
 * second. A sample of members ("observers", `ws` clients) decodes everything it receives and
 * measures delivery and fan-out latency. The rest are bare TCP sockets that speak just enough
 * WebSocket to join and send, and read what they receive without parsing it: with 2,000 members
 * in one room the relay sends about 400 MB/s, and framing that through `ws` for every member
 * took this process's whole core, so the figures measured the load client rather than the relay.
 * (Those bare members do not answer pings; a run is far shorter than the relay's 30 s heartbeat.)
 *
 * Input: one JSON argument { url, pathFor: 'relay' | 'reference', members, roomSize, seconds, observers }.
 * Output: one JSON line on stdout.
 */
import type { Socket } from 'node:net';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { maskedFrame, openBareSocket } from '../sync-server/testing/bare-websocket.ts';

interface Args {
  url: string;
  pathFor: 'relay' | 'reference';
  members: number;
  roomSize: number;
  seconds: number;
  observers: number;
}

const args = JSON.parse(process.argv[2]!) as Args;
const MESSAGE_AWARENESS = 1;
const roomName = (r: number) => `bench${String(r).padStart(17, '0')}AA`.slice(0, 22); // 22 base64url characters
const path = (r: number) => (args.pathFor === 'relay' ? `/room/${roomName(r)}` : `/${roomName(r)}`);

function presenceFrame(clientId: number, clock: number): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, 1);
  encoding.writeVarUint(inner, clientId);
  encoding.writeVarUint(inner, clock);
  encoding.writeVarString(inner, JSON.stringify({ t: Date.now(), n: 'member', pressed: false, onsets: [1, 2, 3], score: 80 }));
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

/** A member that joins and sends like a WebSocket client and discards what it receives unread. */
class BareMember {
  private socket: Socket | undefined;
  readyState: number = WebSocket.CONNECTING;
  constructor(url: string, onDone: () => void) {
    openBareSocket(url).then(
      ({ socket, status }) => {
        this.socket = socket;
        socket.on('data', () => undefined); // read and drop: this member only has to keep up
        socket.on('error', () => undefined);
        socket.on('close', () => (this.readyState = WebSocket.CLOSED));
        this.readyState = status === 101 ? WebSocket.OPEN : WebSocket.CLOSED;
        onDone();
      },
      () => {
        this.readyState = WebSocket.CLOSED;
        onDone();
      },
    );
  }
  send(payload: Uint8Array): void {
    this.socket?.write(maskedFrame(payload));
  }
  terminate(): void {
    this.socket?.destroy();
  }
}

interface Member {
  ws: WebSocket | BareMember;
  room: number;
  clientId: number;
  clock: number;
  observer: boolean;
}

const latencies: number[] = [];
let received = 0;
let expected = 0;
let measuring = false;
// Updates count by when they were SENT: inside [windowStart, windowEnd), whenever they arrive.
let windowStart = Infinity;
let windowEnd = Infinity;
let sentInWindow = 0;
const sentPerRoom = new Map<number, number>();
const observersPerRoom = new Map<number, number>();

function onMessage(member: Member, data: Buffer): void {
  if (!member.observer) return;
  const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return;
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
  const count = decoding.readVarUint(update);
  const now = Date.now();
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(update);
    decoding.readVarUint(update);
    const state = JSON.parse(decoding.readVarString(update)) as { t?: number } | null;
    if (clientId === member.clientId || !state?.t || state.t < windowStart || state.t >= windowEnd) continue;
    received++;
    latencies.push(now - state.t);
  }
}

async function main(): Promise<void> {
  const members: Member[] = [];
  const rooms = Math.ceil(args.members / args.roomSize);
  const connectStart = Date.now();
  const opening: Promise<void>[] = [];
  for (let i = 0; i < args.members; i++) {
    const room = i % rooms;
    // Observers: the first few members of each room, up to `observers` in all.
    const observer = Math.floor(i / rooms) < Math.max(1, Math.ceil(args.observers / rooms));
    if (observer) {
      const ws = new WebSocket(args.url.replace(/^http/, 'ws') + path(room), { perMessageDeflate: false });
      const member: Member = { ws, room, clientId: 1_000_000 + i, clock: 0, observer };
      observersPerRoom.set(room, (observersPerRoom.get(room) ?? 0) + 1);
      ws.on('message', (data: Buffer) => onMessage(member, data));
      ws.on('error', () => undefined);
      members.push(member);
      opening.push(new Promise((ok) => ws.once('open', () => ok()).once('close', () => ok())));
    } else {
      opening.push(
        new Promise((ok) =>
          members.push({ ws: new BareMember(args.url + path(room), ok), room, clientId: 1_000_000 + i, clock: 0, observer }),
        ),
      );
    }
    if (i % 200 === 199) await new Promise((r) => setTimeout(r, 20)); // do not SYN-flood the listen queue
  }
  await Promise.all(opening);
  const connectMs = Date.now() - connectStart;
  const open = members.filter((m) => m.ws.readyState === WebSocket.OPEN);

  // Presence at 1 Hz each, spread evenly over the second.
  const tick = 1000 / open.length;
  let next = 0;
  const sendOne = () => {
    const m = open[next++ % open.length];
    if (!m || m.ws.readyState !== WebSocket.OPEN) return;
    m.ws.send(presenceFrame(m.clientId, ++m.clock));
    if (measuring) {
      sentInWindow++;
      sentPerRoom.set(m.room, (sentPerRoom.get(m.room) ?? 0) + 1);
    }
  };
  // Paced by the clock, not by counting timer callbacks: a timer that fires late (a busy loop,
  // coarse timers) must not lower the rate, and the rate below is checked ("sent/member").
  const sendStart = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - sendStart) / tick);
    while (sent < due) {
      sendOne();
      sent++;
    }
  }, 5);

  await new Promise((r) => setTimeout(r, 3000)); // warm-up: everyone has joined and sent once
  windowStart = Date.now();
  measuring = true;
  process.stdout.write('MEASURE_START\n');
  await new Promise((r) => setTimeout(r, args.seconds * 1000));
  windowEnd = Date.now();
  measuring = false;
  process.stdout.write('MEASURE_END\n');
  clearInterval(timer);
  await new Promise((r) => setTimeout(r, 3000)); // frames sent in the window may still arrive
  for (const [room, sent] of sentPerRoom) expected += sent * (observersPerRoom.get(room) ?? 0);
  // An observer does not receive its own updates: take out what observers themselves sent.
  const perMember = sentInWindow / open.length;
  expected -= [...observersPerRoom.values()].reduce((s, n) => s + n, 0) * perMember;
  latencies.sort((a, b) => a - b);
  const q = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]! : NaN);
  process.stdout.write(
    `${JSON.stringify({
      open: members.filter((m) => m.ws.readyState === WebSocket.OPEN).length,
      sendRate: sentInWindow / open.length / args.seconds,
      connectMs,
      delivered: expected > 0 ? received / expected : 0,
      p50: q(0.5),
      p99: q(0.99),
      samples: latencies.length,
    })}\n`,
  );
  for (const m of members) m.ws.terminate();
  process.exit(0);
}

void main();
