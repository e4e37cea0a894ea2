/**
 * One level of the relay load bench: starts a server (ours on Node, ours as a Worker in workerd,
 * ours on Deno with Deno KV, or the reference @y/websocket-server), spreads the members over
 * several load processes (load-client.ts), hands them one plan (window and probe schedule),
 * measures the server's CPU and memory from /proc over the same window, and combines what the
 * processes measured.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FIELD_ABOVE, FIELD_INTERVAL_MS } from '../src/shared/room-field.ts';
import { startDeno } from '../sync-server/deno/local.ts';
import { freePort, processGroup, startWorkerd } from '../sync-server/worker/local.ts';
import type { Args, ClientResult } from './load-client.ts';
import { type Plan, quantile } from './load-presence.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** Seconds measured per level (after a 3 s warm-up). */
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_MS = 3000;
// A probe change every 400-600 ms (at random, so the changes fall at every point of the relay's
// 200 ms frame cycle): wider than the 250 ms bar, so one change is out before the next.
const CHANGE_EVERY_MS = 500;
const CHANGE_JITTER_MS = 100;
/** A gap between two field frames longer than this means a member missed one. */
export const MISSED_FRAME_GAP_MS = FIELD_INTERVAL_MS * 1.5;

export type Kind = 'relay' | 'worker' | 'deno' | 'reference';

interface Server {
  readonly url: string;
  readonly pids: number[];
  stop(): Promise<void>;
}

const relayEnv = (maxMembers: number): Record<string, string> => ({
  RELAY_MAX_MEMBERS: String(maxMembers),
  RELAY_MAX_CONNECTIONS_PER_CLIENT: String(Math.max(10_000, maxMembers)),
  RELAY_HTTP_PER_MINUTE: '1000000',
  // Every member comes from 127.0.0.1 here; in the field each has its own address.
  RELAY_UPGRADES_PER_MINUTE: '1000000',
  RELAY_NEW_ROOMS_PER_HOUR: '1000000',
  // ...and their handshakes come in bursts, past the 256 unanswered sockets one address may hold.
  RELAY_MAX_SOCKETS_PER_CLIENT: '0',
});

/** A build directory of one line: the relays serve it, so the bench needs no `npm run build` first. */
function benchPage(): string {
  const dist = mkdtempSync(join(tmpdir(), 'sb-load-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  return dist;
}

async function startServer(kind: Kind, maxMembers: number, extraEnv: Record<string, string>): Promise<Server> {
  if (kind === 'worker') {
    const worker = await startWorkerd({ ...relayEnv(maxMembers), ...extraEnv }, undefined, benchPage());
    return { url: worker.url, pids: processGroup(worker.pid), stop: () => worker.kill('SIGKILL') };
  }
  if (kind === 'deno') {
    // Its launcher starts it in its own process group: whatever runs under it (a shim, if npm put one) is measured too.
    const deno = await startDeno({ ...relayEnv(maxMembers), ...extraEnv });
    return { url: deno.url, pids: processGroup(deno.child.pid!), stop: () => deno.kill('SIGKILL') };
  }
  const port = await freePort();
  const dist = benchPage();
  // BENCH_RELAY_PROF=<dir>: a V8 CPU profile of our relay, written when it stops (SIGTERM, not a kill);
  // BENCH_RELAY_LOG=<file>: its log (limits hit, with counts) appended there.
  const prof = process.env.BENCH_RELAY_PROF;
  const child: ChildProcess =
    kind === 'relay'
      ? spawn(
          process.execPath,
          [
            '--disable-warning=ExperimentalWarning',
            ...(prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : []),
            join(ROOT, 'sync-server/node/main.ts'),
          ],
          {
            env: {
              ...process.env,
              PORT: String(port),
              DIST_DIR: dist,
              DATA_DIR: mkdtempSync(join(tmpdir(), 'sb-load-data-')),
              ...relayEnv(maxMembers),
              ...extraEnv,
            },
            stdio: ['ignore', process.env.BENCH_RELAY_LOG ? openSync(process.env.BENCH_RELAY_LOG, 'a') : 'ignore', 'inherit'],
          },
        )
      : spawn(process.execPath, [join(ROOT, 'node_modules/@y/websocket-server/src/server.js')], {
          env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
  const exited = new Promise((ok) => child.once('exit', ok));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    ) {
      const stop = async () => {
        child.kill(prof && kind === 'relay' ? 'SIGTERM' : 'SIGKILL');
        await exited;
      };
      return { url, pids: [child.pid!], stop };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${kind} did not start`);
}

/** CPU seconds (user + system), RSS and peak RSS (MB) of processes, summed, from /proc. */
function usage(pids: readonly number[]): { cpu: number; sys: number; rssMb: number; peakMb: number } {
  let cpu = 0;
  let sys = 0;
  let rssMb = 0;
  let peakMb = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    cpu += (Number(stat[11]) + Number(stat[12])) / 100;
    sys += Number(stat[12]) / 100;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    rssMb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
    peakMb += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
  }
  return { cpu, sys, rssMb, peakMb };
}

/**
 * BENCH_NICE=-10 runs the server and the load processes at that niceness, every thread of them:
 * on a machine shared with other work, what is measured is then the relay, not its neighbours.
 */
const NICE = process.env.BENCH_NICE ? Number(process.env.BENCH_NICE) : null;

function prioritize(pids: readonly number[]): void {
  if (NICE === null) return;
  for (const pid of pids) {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        setPriority(Number(tid), NICE);
      } catch {} // reason: a thread that ended meanwhile
    }
  }
}

/** CPU seconds every core of the machine spent busy (not idle, not waiting for disk), from /proc/stat. */
function machineBusy(): number {
  const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / 100;
}

/** One level's figures, combined over the load processes. */
export interface LevelResult {
  readonly kind: Kind;
  readonly members: number;
  readonly roomSize: number;
  /** 'field' when the room is meant to be one (or observers got field frames), else 'list' (every member's presence relayed). */
  readonly mode: 'field' | 'list';
  readonly open: number;
  readonly sendRate: number;
  readonly connectMs: number;
  /** List: presence updates delivered to observers. Field: probe changes that showed at observers. */
  readonly delivered: number;
  /** List: send to arrival of presence. Field: a probe's send to the first frame showing it. */
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly samples: number;
  /** Awareness frames a second per member (min, median), members with a gap over MISSED_FRAME_GAP_MS, the longest gap. */
  readonly framesMin: number;
  readonly framesMedian: number;
  readonly missed: number;
  readonly gapMax: number;
  /** Field frames' age on arrival at observers (now - at), p50 and p99. */
  readonly ageP50: number;
  readonly ageP99: number;
  /** Server CPU over the window (1 = one core), the part of it in the kernel, its RSS before the load and at its peak (MB). */
  readonly cpu: number;
  readonly sysCpu: number;
  readonly baseMb: number;
  readonly peakMb: number;
  /** Each load process's CPU over the window (1 = one core). */
  readonly loadCpu: readonly number[];
  /** CPU the rest of the machine took over the window (other people's work on shared cores; 1 = one core). */
  readonly otherCpu: number;
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);

/** Combines the load processes' results (ordered by process index; process 0 holds the probes). */
function combine(
  results: readonly ClientResult[],
  plan: Plan,
  field: boolean,
): Omit<LevelResult, 'kind' | 'members' | 'roomSize' | 'cpu' | 'sysCpu' | 'baseMb' | 'peakMb' | 'connectMs' | 'otherCpu'> {
  const seconds = (plan.windowEnd - plan.windowStart) / 1000;
  const open = sum(results.map((r) => r.open));
  const frames = sorted(results.flatMap((r) => r.frames));
  const gaps = results.flatMap((r) => r.gaps);
  const common = {
    open,
    sendRate: sum(results.map((r) => r.sentInWindow)) / Math.max(1, open) / seconds,
    framesMin: (frames[0] ?? NaN) / seconds,
    framesMedian: (frames[frames.length >> 1] ?? NaN) / seconds,
    missed: gaps.filter((g) => g > MISSED_FRAME_GAP_MS).length,
    gapMax: Math.max(0, ...gaps),
    ageP50: quantile(
      results.map((r) => r.fieldAge),
      0.5,
    ),
    ageP99: quantile(
      results.map((r) => r.fieldAge),
      0.99,
    ),
    loadCpu: results.map((r) => r.cpu),
  };
  // A room meant to be a field is one even when no frame came in the window (a relay out of CPU).
  if (field || sum(results.map((r) => r.fieldFrames)) > 0) {
    const sent = results[0]!.probeSent;
    const latencies: number[] = [];
    let pairs = 0;
    for (const r of results) {
      for (const observer of r.seen) {
        observer.forEach((at, k) => {
          if (sent[k] == null) return; // the probe was not open: nothing to see
          pairs++;
          if (at != null) latencies.push(Math.max(0, at - sent[k]!));
        });
      }
    }
    const l = sorted(latencies);
    const q = (p: number) => l[Math.min(l.length - 1, Math.floor(p * l.length))] ?? NaN;
    return {
      ...common,
      mode: 'field',
      delivered: pairs ? l.length / pairs : 0,
      p50: q(0.5),
      p99: q(0.99),
      max: l[l.length - 1] ?? NaN,
      samples: l.length,
    };
  }
  const sentPerRoom = new Map<number, number>();
  const observersPerRoom = new Map<number, number>();
  for (const r of results) {
    for (const [room, n] of Object.entries(r.sentPerRoom)) sentPerRoom.set(Number(room), (sentPerRoom.get(Number(room)) ?? 0) + n);
    for (const [room, n] of Object.entries(r.observersPerRoom))
      observersPerRoom.set(Number(room), (observersPerRoom.get(Number(room)) ?? 0) + n);
  }
  // An observer does not receive its own updates.
  let expected = -sum(results.map((r) => r.observerSent));
  for (const [room, n] of sentPerRoom) expected += n * (observersPerRoom.get(room) ?? 0);
  const hs = results.map((r) => r.listLatency);
  return {
    ...common,
    mode: 'list',
    delivered: expected > 0 ? sum(results.map((r) => r.listReceived)) / expected : 0,
    p50: quantile(hs, 0.5),
    p99: quantile(hs, 0.99),
    max: quantile(hs, 1),
    samples: sum(results.map((r) => r.listReceived)),
  };
}

/** How a level runs besides its size: load processes, the members a room may hold, more settings for the server. */
export interface LevelOptions {
  readonly processes?: number;
  readonly maxMembers?: number;
  readonly env?: Record<string, string>;
}

/** Runs one level: `members` in rooms of `roomSize` against `kind`, from `processes` load processes. */
export async function runLevel(
  kind: Kind,
  members: number,
  roomSize: number,
  { processes = Number(process.env.BENCH_LOAD_PROCESSES ?? 2), maxMembers = 10_000, env = {} }: LevelOptions = {},
): Promise<LevelResult> {
  const server = await startServer(kind, Math.max(maxMembers, members), env);
  const children: ChildProcess[] = [];
  try {
    prioritize(server.pids);
    const base = usage(server.pids);
    const field = kind !== 'reference' && roomSize > Number(process.env.RELAY_FIELD_ABOVE ?? FIELD_ABOVE);
    const outputs = Array.from({ length: processes }, (_, index) => {
      const args: Args = {
        url: server.url,
        pathFor: kind === 'reference' ? 'reference' : 'relay',
        members,
        roomSize,
        // Observers decode everything: in list mode that is N^2 JSON, so fewer.
        observers: field ? 100 : 40,
        index,
        processes,
        probes: field && index === 0,
      };
      const child = spawn(process.execPath, [join(ROOT, 'bench/load-client.ts'), JSON.stringify(args)], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      children.push(child);
      prioritize([child.pid!]);
      let out = '';
      const ready = new Promise<{ connectMs: number }>((ok, fail) => {
        child.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const line = /^READY (.*)$/m.exec(out);
          if (line) ok(JSON.parse(line[1]!) as { connectMs: number });
        });
        child.once('exit', () => fail(new Error(`load process ${index} ended before it was ready`)));
      });
      ready.catch(() => undefined); // reason: awaited below; one failing first must not leave the others' unhandled
      const done = new Promise<ClientResult | null>((ok) =>
        child.once('exit', () => {
          const line = out.split('\n').find((l) => l.startsWith('{'));
          ok(line ? (JSON.parse(line) as ClientResult) : null);
        }),
      );
      return { child, ready, done };
    });
    const connected = await Promise.all(outputs.map((o) => o.ready));
    const windowStart = Date.now() + WARMUP_MS;
    const windowEnd = windowStart + SECONDS * 1000;
    const changes: number[] = [];
    const step = () => CHANGE_EVERY_MS + (Math.random() * 2 - 1) * CHANGE_JITTER_MS;
    if (field) for (let t = windowStart + step() / 2; t < windowEnd - CHANGE_EVERY_MS; t += step()) changes.push(Math.round(t));
    const plan: Plan = { windowStart, windowEnd, changes };
    for (const o of outputs) o.child.stdin!.write(`${JSON.stringify(plan)}\n`);
    const at = (t: number) => new Promise((r) => setTimeout(r, t - Date.now()));
    await at(windowStart);
    const before = usage(server.pids);
    const busyBefore = machineBusy();
    const started = Date.now();
    await at(windowEnd);
    const after = usage(server.pids);
    const busy = machineBusy() - busyBefore;
    const wall = (Date.now() - started) / 1000;
    const killer = setTimeout(() => {
      for (const c of children) c.kill('SIGKILL');
    }, 60_000);
    const results = await Promise.all(outputs.map((o) => o.done));
    clearTimeout(killer);
    const peakMb = usage(server.pids).peakMb;
    if (results.some((r) => r === null)) throw new Error('a load process gave no result');
    const cpu = (after.cpu - before.cpu) / wall;
    const combined = combine(results as ClientResult[], plan, field);
    return {
      kind,
      members,
      roomSize,
      connectMs: Math.max(...connected.map((c) => c.connectMs)),
      cpu,
      sysCpu: (after.sys - before.sys) / wall,
      baseMb: base.rssMb,
      peakMb,
      ...combined,
      otherCpu: Math.max(0, busy / wall - cpu - sum(combined.loadCpu)),
    };
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await server.stop();
  }
}
