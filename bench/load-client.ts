/**
 * One load process of bench/relay-load.ts (several run at once, each its share of the members):
 * opens its members' sockets, says READY, takes the plan (the measured window and the probe
 * schedule) on stdin, sends presence at 1 Hz per member, and prints one JSON result line.
 *
 * Most members are bare TCP sockets that speak just enough WebSocket to join, send and answer
 * pings; they walk the headers of what they receive (serverFrameReader) to count awareness frames
 * and the longest gap between them, without decoding payloads: in a list-mode room of 2,000 the
 * relay sends about 400 MB/s, and framing that through `ws` for every member took this process's
 * whole core. Observers (`ws` clients) decode everything: list-mode presence (latency by the `t`
 * each state carries) and field frames (their age, and when each probe change shows). Probes are
 * bare members that toggle `pressed` on the plan's schedule and note when they sent each change.
 *
 * Input: one JSON argument (`Args`). Output: `READY {...}` then one JSON line (`ClientResult`).
 */
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { FIELD_PRESENCE_ID, readField } from '../src/shared/room-field.ts';
import { maskedFrame, OPCODE, openBareSocket, serverFrameReader } from '../sync-server/testing/bare-websocket.ts';
import {
  addTo,
  clientIdOf,
  type Histogram,
  isObserver,
  type Layout,
  MESSAGE_AWARENESS,
  type Plan,
  presenceMessage,
  roomOf,
} from './load-presence.ts';

/** What one load process is given. */
export interface Args extends Layout {
  readonly url: string;
  readonly pathFor: 'relay' | 'reference';
  /** This process takes the members i with i mod `processes` = `index`. */
  readonly index: number;
  readonly processes: number;
  /** Whether this process holds the probes (its first non-observers, one per change of the plan). */
  readonly probes: boolean;
}

/** What one load process measured. */
export interface ClientResult {
  open: number;
  connectMs: number;
  /** This process's CPU over the window, as a share of one core. */
  cpu: number;
  sentInWindow: number;
  /** List mode: presence sent in the window per room, observers per room, and what observers sent themselves. */
  sentPerRoom: Record<number, number>;
  observersPerRoom: Record<number, number>;
  observerSent: number;
  listReceived: number;
  listLatency: Histogram;
  /** Per open member: awareness frames received in the window, and the longest gap between two (ms). */
  frames: number[];
  gaps: number[];
  /** Field frames at observers: how old each was on arrival (now - at). */
  fieldFrames: number;
  fieldAge: Histogram;
  /** Per observer, per probe change: when its field first showed the change (epoch ms), or null. */
  seen: (number | null)[][];
  /** The probe process only: when each change was sent (epoch ms). */
  probeSent: (number | null)[];
}

const args = JSON.parse(process.argv[2]!) as Args;
const roomName = (r: number) => `bench${String(r).padStart(17, '0')}AA`.slice(0, 22); // 22 base64url characters
const path = (r: number) => (args.pathFor === 'relay' ? `/room/${roomName(r)}` : `/${roomName(r)}`);

let windowStart = Infinity;
let windowEnd = Infinity;
let plan: Plan | undefined;
const inWindow = (t: number) => t >= windowStart && t < windowEnd;

/** Frame counts and gaps of one member's awareness frames, inside the window. */
class FrameTally {
  count = 0;
  maxGap = 0;
  private last = 0;
  frame(now: number): void {
    if (!inWindow(now)) return;
    this.count++;
    this.maxGap = Math.max(this.maxGap, now - Math.max(this.last, windowStart));
    this.last = now;
  }
  /** The longest gap, counting the silence from the window's start to the first frame and from the last to its end. */
  gap(): number {
    return Math.max(this.maxGap, windowEnd - Math.max(this.last, windowStart));
  }
}

interface Member {
  readonly i: number;
  readonly room: number;
  readonly tally: FrameTally;
  /** An observer's: when each probe change showed. */
  readonly seen?: (number | null)[];
  clock: number;
  pressed: boolean;
  open(): boolean;
  send(payload: Uint8Array): void;
  close(): void;
}

function bareMember(i: number, opened: () => void): Member {
  let socket: Socket | undefined;
  let open = false;
  const tally = new FrameTally();
  const read = serverFrameReader((f) => {
    if (f.opcode === OPCODE.ping) socket?.write(maskedFrame(f.control!, OPCODE.pong));
    else if (f.opcode === OPCODE.binary && f.first === MESSAGE_AWARENESS) tally.frame(Date.now());
  });
  openBareSocket(args.url + path(roomOf(args, i))).then(
    (s) => {
      socket = s.socket;
      socket.on('data', read);
      socket.on('error', () => undefined);
      socket.on('close', () => (open = false));
      open = s.status === 101;
      opened();
    },
    () => opened(),
  );
  return {
    i,
    room: roomOf(args, i),
    tally,
    clock: 0,
    pressed: false,
    open: () => open,
    send: (payload) => void socket?.write(maskedFrame(payload)),
    close: () => socket?.destroy(),
  };
}

const listLatency: Histogram = {};
const fieldAge: Histogram = {};
let listReceived = 0;
let fieldFrames = 0;

function observer(i: number, opened: () => void): Member {
  const ws = new WebSocket(args.url.replace(/^http/, 'ws') + path(roomOf(args, i)), { perMessageDeflate: false });
  const tally = new FrameTally();
  const mySeen: (number | null)[] = [];
  ws.on('message', (data: Buffer) => {
    const now = Date.now();
    const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    if (decoding.readVarUint(decoder) !== MESSAGE_AWARENESS) return;
    tally.frame(now);
    const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
    const count = decoding.readVarUint(update);
    for (let e = 0; e < count; e++) {
      const clientId = decoding.readVarUint(update);
      decoding.readVarUint(update);
      const state = JSON.parse(decoding.readVarString(update)) as { t?: number } | null;
      if (clientId === FIELD_PRESENCE_ID) {
        const field = readField(state);
        if (field && inWindow(now)) {
          fieldFrames++;
          addTo(fieldAge, now - field.at);
        }
        if (field && plan) {
          // Change k shows in the first frame after it was due that counts k + 1 pressing.
          for (let k = 0; k < plan.changes.length; k++) {
            if (mySeen[k] == null && now >= plan.changes[k]! && field.pressing > k) {
              mySeen[k] = now;
            }
          }
        }
      } else if (clientId !== clientIdOf(i) && state?.t && inWindow(state.t)) {
        listReceived++;
        addTo(listLatency, now - state.t);
      }
    }
  });
  ws.on('error', () => undefined);
  ws.once('open', opened).once('close', opened);
  return {
    i,
    room: roomOf(args, i),
    tally,
    seen: mySeen,
    clock: 0,
    pressed: false,
    open: () => ws.readyState === WebSocket.OPEN,
    send: (payload) => ws.send(payload),
    close: () => ws.terminate(),
  };
}

async function main(): Promise<void> {
  const members: Member[] = [];
  const connectStart = Date.now();
  const opening: Promise<void>[] = [];
  for (let i = args.index; i < args.members; i += args.processes) {
    opening.push(new Promise((ok) => members.push(isObserver(args, i) ? observer(i, ok) : bareMember(i, ok))));
    if (members.length % 200 === 199) await new Promise((r) => setTimeout(r, 20)); // do not SYN-flood the listen queue
  }
  // A relay out of CPU answers handshakes late or never (its upgrade timeout drops them): whoever
  // is not in by the deadline counts as not open, so that a level ends.
  const deadline = 60_000 + 5 * opening.length;
  await Promise.race([Promise.all(opening), new Promise((r) => setTimeout(r, deadline - (Date.now() - connectStart)))]);
  const connectMs = Date.now() - connectStart;
  const open = members.filter((m) => m.open());
  const probes = args.probes ? open.filter((m) => !isObserver(args, m.i)) : [];
  process.stdout.write(`READY ${JSON.stringify({ open: open.length, connectMs })}\n`);
  const lines = createInterface({ input: process.stdin });
  plan = JSON.parse(await new Promise<string>((ok) => lines.once('line', ok))) as Plan;
  lines.close();
  windowStart = plan.windowStart;
  windowEnd = plan.windowEnd;

  const sentPerRoom: Record<number, number> = {};
  const observersPerRoom: Record<number, number> = {};
  for (const m of open) if (isObserver(args, m.i)) observersPerRoom[m.room] = (observersPerRoom[m.room] ?? 0) + 1;
  let sentInWindow = 0;
  let observerSent = 0;
  const sendOne = (m: Member) => {
    if (!m.open()) return;
    m.send(presenceMessage(m.i, ++m.clock, m.pressed));
    if (!inWindow(Date.now())) return;
    sentInWindow++;
    sentPerRoom[m.room] = (sentPerRoom[m.room] ?? 0) + 1;
    if (isObserver(args, m.i)) observerSent++;
  };
  // Presence at 1 Hz each, spread over the second and paced by the clock, not by counting timer
  // callbacks: a timer that fires late must not lower the rate ("sent/member" checks it).
  // BENCH_PRESENCE_HZ (1 by default) changes the rate, to tell what presence costs the relay from what frames do.
  const tick = 1000 / Number(process.env.BENCH_PRESENCE_HZ ?? 1) / Math.max(1, open.length);
  const sendStart = performance.now();
  let sent = 0;
  const timer = setInterval(() => {
    const due = Math.floor((performance.now() - sendStart) / tick);
    for (; sent < due; sent++) sendOne(open[sent % open.length]!);
  }, 5);
  const probeSent: (number | null)[] = plan.changes.map(() => null);
  if (probes.length > 0) {
    for (const [k, at] of plan.changes.entries()) {
      const press = () => {
        const probe = probes[k];
        if (!probe?.open()) return;
        probe.pressed = true;
        probe.send(presenceMessage(probe.i, ++probe.clock, probe.pressed));
        probeSent[k] = Date.now();
      };
      setTimeout(press, Math.max(0, at - Date.now()));
    }
  }

  let cpuBefore = process.cpuUsage();
  let wallBefore = Date.now();
  await new Promise((r) => setTimeout(r, windowStart - Date.now()));
  cpuBefore = process.cpuUsage();
  wallBefore = Date.now();
  await new Promise((r) => setTimeout(r, windowEnd - Date.now()));
  const cpuUsed = process.cpuUsage(cpuBefore);
  const cpu = (cpuUsed.user + cpuUsed.system) / 1000 / (Date.now() - wallBefore);
  clearInterval(timer);
  await new Promise((r) => setTimeout(r, 3000)); // frames sent in the window may still arrive
  const result: ClientResult = {
    open: members.filter((m) => m.open()).length,
    connectMs,
    cpu,
    sentInWindow,
    sentPerRoom,
    observersPerRoom,
    observerSent,
    listReceived,
    listLatency,
    frames: open.map((m) => m.tally.count),
    gaps: open.map((m) => m.tally.gap()),
    fieldFrames,
    fieldAge,
    seen: open.filter((m) => m.seen).map((m) => plan!.changes.map((_, k) => m.seen![k] ?? null)),
    probeSent,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  for (const m of members) m.close();
  process.exit(0);
}

void main();
