/**
 * Frames per second of the room page in a big room: the built app in Chromium (390×844, a phone, the
 * people panel open, a session running), against a simulated room server (a small Node server on
 * 127.0.0.1 that serves the build and speaks enough y-websocket: sync step 2 for the page's step 1,
 * and presence). Two rooms side by side in the same run:
 * - field: 10,000 members as the relay's field, a frame every 200 ms (5 Hz) whose counts, figure,
 *   phase histogram and faces change with every frame (the members breathe: 60 % together, the rest
 *   on rhythms of their own);
 * - list (the reference, today's path): 150 members, each one's presence arriving once a second,
 *   coalesced as the relay does in a room of that size (a frame every 20 ms).
 * For `SECONDS` after a warm-up, in the page: rAF frame intervals (mean fps, p50/p99), long tasks
 * (count, total), and the main thread's busy time (CDP Performance metrics), with what the page was sent.
 * Builds nothing: it serves DIST_DIR (or dist/). Run alone: `node bench/room-field-fps.ts`.
 */
import type { Server } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { type WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { chromiumPath } from '../e2e/chromium.ts';
import { fakeName } from '../e2e/fake-members.ts';
import { FIELD_BINS, FIELD_FACES, FIELD_INTERVAL_MS, FIELD_PRESENCE_ID, type RoomField } from '../src/shared/room-field.ts';
import { APP_PROTOCOL } from '../src/shared/room-protocol.ts';
import { createAppServer, type Route } from '../sync-server/node/app.ts';
import { seeded } from '../src/core/random.ts';

const SECONDS = Number(process.env.BENCH_FIELD_SECONDS ?? 10);
const WARM_UP_MS = 3000;
/** The rooms measured, in turn (alternated by default, so a change in the machine's load falls on both). */
const ORDER = (process.env.BENCH_FIELD_ORDER ?? 'list,field,list,field').split(',') as ('list' | 'field')[];
/** The simulated field's size. */
export const FIELD_MEMBERS = Number(process.env.BENCH_FIELD_MEMBERS ?? 10_000);
/** The reference room's size (the relay's field threshold). */
export const LIST_MEMBERS = 150;
/** The room ids the simulated server serves as a field and as a list. */
export const FIELD_ROOM = 'SimulatedFieldRoom0000';
export const LIST_ROOM = 'SimulatedListRoom00000';
const LIST_FLUSH_MS = 20; // the relay's flush in a room of 150 (sync-server/room-presence.ts)
const INHALE_SHARE = 0.45;

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

function awarenessFrame(entries: readonly { id: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.id);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const outer = encoding.createEncoder();
  encoding.writeVarUint(outer, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
  return encoding.toUint8Array(outer);
}

function syncStep2Empty(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, 1); // step 2
  encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(new Y.Doc()));
  return encoding.toUint8Array(e);
}

/** A simulated member: its own breath (period, offset in it), and whether it breathes at all. */
interface Breather {
  readonly periodMs: number;
  readonly offsetMs: number;
  readonly counted: boolean;
}

function breathers(n: number, seed: number): Breather[] {
  const next = seeded(seed);
  return Array.from({ length: n }, () => {
    const together = next() < 0.6;
    return {
      periodMs: together ? 10_000 : 8000 + next() * 4000,
      offsetMs: together ? (next() - 0.5) * 1500 : next() * 12_000,
      counted: next() < 0.85,
    };
  });
}

/** Phase (0..1 of a breath) of `b` at `now`. */
const phaseOf = (b: Breather, now: number) => ((((now + b.offsetMs) % b.periodMs) + b.periodMs) % b.periodMs) / b.periodMs;

/** The field of `members` at `now`, computed as the relay does (exact PPC from the resultant). */
export function simulatedField(members: readonly Breather[], here: number, now: number, faceFrom: number): RoomField {
  const hist = Array.from({ length: FIELD_BINS }, () => 0);
  let re = 0;
  let im = 0;
  let counted = 0;
  let pressing = 0;
  for (const b of members) {
    const p = phaseOf(b, now);
    if (p < INHALE_SHARE) pressing++;
    if (!b.counted) continue;
    counted++;
    re += Math.cos(2 * Math.PI * p);
    im += Math.sin(2 * Math.PI * p);
    hist[Math.min(FIELD_BINS - 1, Math.floor(p * FIELD_BINS))]!++;
  }
  const ppc = counted < 2 ? 0 : Math.max(0, Math.min(1, (re * re + im * im - counted) / (counted * (counted - 1))));
  const faces = Array.from({ length: FIELD_FACES }, (_, k) => {
    const i = (faceFrom + k) % here;
    return { id: `member-${i}`, name: fakeName(i) || `Member ${i}` };
  });
  return { v: 1, at: now, here, breathing: Math.round(here * 0.9), pressing, counted, ppc, hist, faces };
}

/** The simulated room server: the build, /time, and two rooms (a field and a list). */
export interface SimRoom {
  readonly url: string;
  /** Frames and bytes sent to pages so far. */
  readonly sent: { frames: number; bytes: number };
  stop(): Promise<void>;
}

const timeRoute: Route = {
  name: 'time',
  handle(_req, res, url) {
    if (url.pathname !== '/time') return false;
    const t1 = Date.now();
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify({ t1, t2: Date.now() }));
    return true;
  },
};

/** Serves `distDir` on 127.0.0.1 with the simulated rooms `FIELD_ROOM` (`fieldMembers`) and `LIST_ROOM` (`LIST_MEMBERS`). */
export async function startSimRoom(distDir: string, fieldMembers = FIELD_MEMBERS): Promise<SimRoom> {
  const server: Server = createAppServer({ distDir, routes: [timeRoute] });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (p) => (p.has(APP_PROTOCOL) ? APP_PROTOCOL : false) });
  const sent = { frames: 0, bytes: 0 };
  const send = (ws: WebSocket, frame: Uint8Array) => {
    if (ws.readyState !== ws.OPEN) return;
    ws.send(frame);
    sent.frames++;
    sent.bytes += frame.length;
  };
  const fieldPeers = new Set<WebSocket>();
  const listPeers = new Set<WebSocket>();

  // The field: 10,000 breathers, a count that wanders, faces going round the room.
  const field = breathers(fieldMembers, 1);
  let here = fieldMembers;
  let fieldClock = 0;
  let faceFrom = 0;
  const fieldFrame = () => {
    here = Math.max(2, here + Math.round((Math.random() - 0.5) * 6));
    faceFrom = (faceFrom + FIELD_FACES) % here;
    return awarenessFrame([
      { id: FIELD_PRESENCE_ID, clock: ++fieldClock, state: { field: simulatedField(field, here, Date.now(), faceFrom) } },
    ]);
  };
  const fieldTimer = setInterval(() => {
    if (fieldPeers.size === 0) return;
    const frame = fieldFrame();
    for (const ws of fieldPeers) send(ws, frame);
  }, FIELD_INTERVAL_MS);

  // The list: 150 members, each one's presence once a second (its own moment in the second), coalesced.
  const list = breathers(LIST_MEMBERS, 2);
  const clocks = list.map(() => 0);
  const listState = (i: number, now: number) => {
    const b = list[i]!;
    const last = now - phaseOf(b, now) * b.periodMs;
    return {
      memberId: `list-member-${i}`,
      name: fakeName(i),
      pressed: phaseOf(b, now) < INHALE_SHARE,
      onsets: b.counted ? Array.from({ length: 12 }, (_, k) => Math.round(last - (11 - k) * b.periodMs)) : [],
      score: 40 + (i % 55),
    };
  };
  let lastFlush = Date.now();
  const listTimer = setInterval(() => {
    const now = Date.now();
    if (listPeers.size === 0) {
      lastFlush = now;
      return;
    }
    const due: number[] = [];
    for (let i = 0; i < LIST_MEMBERS; i++) {
      const slot = (i * 1000) / LIST_MEMBERS;
      // Member i speaks when the clock's position in the second passes its slot.
      const from = lastFlush % 1000;
      const to = now % 1000;
      if (from <= to ? slot >= from && slot < to : slot >= from || slot < to) due.push(i);
    }
    lastFlush = now;
    if (due.length === 0) return;
    const frame = awarenessFrame(due.map((i) => ({ id: i + 1, clock: ++clocks[i]!, state: listState(i, now) })));
    for (const ws of listPeers) send(ws, frame);
  }, LIST_FLUSH_MS);

  wss.on('connection', (ws: WebSocket, room: string) => {
    const peers = room === FIELD_ROOM ? fieldPeers : listPeers;
    peers.add(ws);
    ws.on('close', () => peers.delete(ws));
    ws.on('message', (data: Buffer) => {
      const d = decoding.createDecoder(new Uint8Array(data));
      // Sync step 1 is answered with an empty step 2: the page's copy is the room. The rest is read and dropped.
      if (decoding.readVarUint(d) === MESSAGE_SYNC && decoding.readVarUint(d) === 0) send(ws, syncStep2Empty());
    });
    // A newcomer hears everyone's presence at once: the field's entry, or all 150.
    if (room === FIELD_ROOM) send(ws, fieldFrame());
    else {
      const now = Date.now();
      send(ws, awarenessFrame(list.map((_, i) => ({ id: i + 1, clock: ++clocks[i]!, state: listState(i, now) }))));
    }
  });
  server.on('upgrade', (req, socket, head) => {
    const room = /^\/room\/([A-Za-z0-9_-]{22})$/.exec(new URL(req.url ?? '/', 'http://x').pathname)?.[1];
    if (room !== FIELD_ROOM && room !== LIST_ROOM) return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, room));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    sent,
    async stop() {
      clearInterval(fieldTimer);
      clearInterval(listTimer);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}

// In the page, before its scripts: frame intervals and long tasks while `on`.
const PROBE = `
  window.__fps = { frames: [], longTasks: [], on: false };
  const probe = window.__fps;
  let last = 0;
  const frame = (t) => {
    if (probe.on && last) probe.frames.push(t - last);
    last = t;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    if (probe.on) for (const e of list.getEntries()) probe.longTasks.push(e.duration);
  }).observe({ type: 'longtask' });
`;

interface Probe {
  frames: number[];
  longTasks: number[];
  on: boolean;
}

/** What one room measured. */
export interface FpsFigures {
  readonly room: 'field' | 'list';
  readonly members: number;
  readonly fps: number;
  readonly frameP50: number;
  readonly frameP99: number;
  readonly longTasks: number;
  readonly longTaskMs: number;
  /** Main-thread busy time per second of the window (ms/s), from the page's task durations. */
  readonly busyMsPerS: number;
  readonly scriptMsPerS: number;
  /** Layouts and style recalculations a second, and their time (ms/s). */
  readonly layoutsPerS: number;
  readonly stylesPerS: number;
  readonly layoutMsPerS: number;
  readonly framesIn: number;
  readonly kbIn: number;
}

const quantile = (xs: readonly number[], q: number): number => {
  if (xs.length === 0) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

/** Opens room `roomId` of the simulated server in `page` as its host, starts a session and shows the people panel. */
async function openSimRoom(page: Page, url: string, roomId: string, ready: RegExp): Promise<void> {
  await page.goto(`${url}/room/${roomId}`);
  await page.getByTestId('room-status').filter({ hasText: 'Connected' }).waitFor({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Start for everyone' }).click();
  if (!(await page.getByTestId('presence-counts').isVisible())) await page.getByRole('button', { name: /^People/ }).click();
  await page.getByTestId('presence-counts').filter({ hasText: ready }).waitFor({ timeout: 20_000 });
}

async function measure(browser: Awaited<ReturnType<typeof chromium.launch>>, sim: SimRoom, room: 'field' | 'list'): Promise<FpsFigures> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  const members = room === 'field' ? FIELD_MEMBERS : LIST_MEMBERS + 1;
  try {
    await openSimRoom(page, sim.url, room === 'field' ? FIELD_ROOM : LIST_ROOM, room === 'field' ? /\d[\d,]{3,} here/ : /^151 here/);
    await page.waitForTimeout(WARM_UP_MS);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
      return {
        task: get('TaskDuration'),
        script: get('ScriptDuration'),
        layouts: get('LayoutCount'),
        styles: get('RecalcStyleCount'),
        layoutMs: get('LayoutDuration') + get('RecalcStyleDuration'),
      };
    };
    const before = await metric();
    const sentBefore = { ...sim.sent };
    const from = performance.now();
    await page.evaluate(() => ((window as unknown as { __fps: Probe }).__fps.on = true));
    await page.waitForTimeout(SECONDS * 1000);
    const probe = await page.evaluate(() => {
      const p = (window as unknown as { __fps: Probe }).__fps;
      p.on = false;
      return p;
    });
    const seconds = (performance.now() - from) / 1000;
    const after = await metric();
    const frameMs = probe.frames.reduce((s, f) => s + f, 0);
    return {
      room,
      members,
      fps: (probe.frames.length / frameMs) * 1000,
      frameP50: quantile(probe.frames, 0.5),
      frameP99: quantile(probe.frames, 0.99),
      longTasks: probe.longTasks.length,
      longTaskMs: probe.longTasks.reduce((s, d) => s + d, 0),
      busyMsPerS: ((after.task - before.task) * 1000) / seconds,
      scriptMsPerS: ((after.script - before.script) * 1000) / seconds,
      layoutsPerS: (after.layouts - before.layouts) / seconds,
      stylesPerS: (after.styles - before.styles) / seconds,
      layoutMsPerS: ((after.layoutMs - before.layoutMs) * 1000) / seconds,
      framesIn: (sim.sent.frames - sentBefore.frames) / seconds,
      kbIn: (sim.sent.bytes - sentBefore.bytes) / 1024 / seconds,
    };
  } finally {
    await context.close();
  }
}

/** Prints the room page's frame rate in a simulated field of `FIELD_MEMBERS` beside a list room of `LIST_MEMBERS` (the reference). */
export async function printRoomFieldFps(distDir = resolve('dist')): Promise<FpsFigures[]> {
  console.log(
    `\n## Room page frames in a big room (Chromium 390×844, people panel open, a session running; ${SECONDS} s each after ${WARM_UP_MS / 1000} s)\n`,
  );
  console.log(`machine: ${cpus().length} cores, load average ${loadavg()[0]!.toFixed(1)} at the start (other work skews frames)\n`);
  const sim = await startSimRoom(distDir);
  const browser = await chromium.launch({ executablePath: chromiumPath() });
  try {
    const rows: FpsFigures[] = [];
    for (const room of ORDER) rows.push(await measure(browser, sim, room));
    const f = (x: number, digits = 0) => (Number.isNaN(x) ? '-' : x.toFixed(digits));
    const line = (label: string, cell: (r: FpsFigures) => string) =>
      console.log(label.padEnd(38), ...rows.map((r) => cell(r).padStart(13)));
    line('room', (r) => (r.room === 'field' ? `field ${r.members}` : `list ${r.members}`));
    line('frames/s sent to the page (kB/s)', (r) => `${f(r.framesIn)} (${f(r.kbIn, 1)})`);
    line('mean fps', (r) => f(r.fps, 1));
    line('frame interval p50 / p99 (ms)', (r) => `${f(r.frameP50, 1)} / ${f(r.frameP99, 1)}`);
    line('long tasks: count, total (ms)', (r) => `${r.longTasks}, ${f(r.longTaskMs)}`);
    line('main thread busy / script (ms/s)', (r) => `${f(r.busyMsPerS)} / ${f(r.scriptMsPerS)}`);
    line('style + layout: count/s, ms/s', (r) => `${f(r.stylesPerS)}+${f(r.layoutsPerS)}, ${f(r.layoutMsPerS)}`);
    return rows;
  } finally {
    await browser.close();
    await sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`)
  await printRoomFieldFps(process.env.DIST_DIR ? resolve(process.env.DIST_DIR) : resolve('dist'));
