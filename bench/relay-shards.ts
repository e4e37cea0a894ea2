/**
 * A room beyond one Durable Object (sync-server/worker/shard-object.ts), in plain local workerd:
 * N members of one room, presence at 1 Hz each, spread by the room's object over shards of
 * RELAY_SHARD_MEMBERS. Prints field frames per member per second, members that missed frames,
 * the staleness of a presence change in the field (one member toggles pressing at every
 * PROBE_MS boundary; every member times the first frame that shows it) at p50 and p99, and
 * workerd's CPU and RSS against the load generators' CPU. The load comes from LOAD_PROCESSES
 * child processes of this file (its own small generator: `ws` sockets speaking y-websocket).
 *
 * `./node_modules/.bin/node bench/relay-shards.ts` (BENCH_MEMBERS=2000,5000,10000, BENCH_SHARD=2000,
 * BENCH_SECONDS=10, BENCH_PROCESSES=2 by default). A level needing more descriptors than workerd
 * may open is skipped (see WORKERD_OWN_DESCRIPTORS); if workerd ends anyway, how it ended and its
 * last words are printed.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import WebSocket from 'ws';
import { processGroup, startWorkerd } from '../sync-server/worker/local.ts';

const ROOM = 'BBBBBBBBBBBBBBBBBBBBBB';
/** The probe member toggles pressing at every multiple of this (epoch ms): a change's age is known to every process. */
const PROBE_MS = 2000;
/** Staleness histogram bucket. */
const BUCKET_MS = 5;
/**
 * Descriptors workerd holds besides its members' (measured: about 25, and three SQLite files per
 * object), with room to spare. Each member costs it two: the socket, and a dup of it that
 * workerd's Rust I/O layer (kj-rs-io, "whenWriteDisconnected costs a descriptor") keeps per served
 * connection. Past its limit workerd's accept() fails with EMFILE and the process exits (1,
 * "overloaded: accept(): Too many open files"), taking every room with it.
 */
const WORKERD_OWN_DESCRIPTORS = 100;

/** The most descriptors workerd may open: this process's hard limit (`ulimit -Hn`), which local.ts raises it to. */
function descriptorLimit(): number {
  const line = /Max open files\s+\S+\s+(\d+|unlimited)/.exec(readFileSync('/proc/self/limits', 'utf8'));
  return !line || line[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(line[1]);
}

/** Descriptors workerd needs for `members` over shards of `shard`. */
const descriptorsNeeded = (members: number, shard: number) => 2 * members + 3 * Math.ceil(members / shard) + WORKERD_OWN_DESCRIPTORS;

interface LoadConfig {
  readonly ws: string;
  readonly first: number;
  readonly count: number;
  readonly probe: boolean;
  /** Opening rate of this process, sockets per second. */
  readonly perSecond: number;
}

/** What a load process reports at the end of the window. */
interface LoadReport {
  readonly open: number;
  /** Field frames each member received in the window. */
  readonly frames: number[];
  /** Staleness of the probe's changes as seen by every member: count per BUCKET_MS bucket. */
  readonly staleness: Record<number, number>;
  readonly cpuSeconds: number;
}

const syncStep1 = (): Uint8Array => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0); // sync
  encoding.writeVarUint(e, 0); // step 1
  encoding.writeVarUint8Array(e, new Uint8Array([0])); // an empty state vector
  return encoding.toUint8Array(e);
};

const presenceFrame = (clientId: number, clock: number, state: unknown): Uint8Array => {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, 1);
  encoding.writeVarUint(update, clientId);
  encoding.writeVarUint(update, clock);
  encoding.writeVarString(update, JSON.stringify(state));
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1); // awareness
  encoding.writeVarUint8Array(e, encoding.toUint8Array(update));
  return encoding.toUint8Array(e);
};

/** A child process: opens its members, sends presence at 1 Hz, counts field frames and times the probe's changes. */
async function loadProcess(config: LoadConfig): Promise<void> {
  process.once('disconnect', () => process.exit(0)); // the bench ended (or was stopped): so does its load
  let measuring = false;
  const staleness: Record<number, number> = {};
  const members: { frames: number; open: boolean; failed: boolean }[] = [];
  const step1 = syncStep1();
  const pressingAt = /"pressing":(\d+)/;
  const open = (i: number) => {
    const n = config.first + i;
    const me = { frames: 0, open: false, failed: false };
    members.push(me);
    const clientId = 1 + n;
    const t0 = Date.now();
    // A member breathing at 6 s per breath, phases spread: the field counts every one.
    const onsets = [t0 - 6000 - (n % 60) * 100, t0 - (n % 60) * 100];
    let clock = 0;
    let pressed = false;
    let lastPressing = -1;
    const ws = new WebSocket(`${config.ws}/room/${ROOM}`);
    const state = () => ({ memberId: `m${n}`, name: `M${n}`, pressed, onsets });
    ws.on('open', () => {
      me.open = true;
      ws.send(step1);
      ws.send(presenceFrame(clientId, ++clock, state()));
      // 1 Hz presence, each member at its own moment in the second.
      setTimeout(() => setInterval(() => ws.send(presenceFrame(clientId, ++clock, state())), 1000), Math.random() * 1000);
      if (config.probe && i === config.count - 1) {
        const toggle = () => {
          pressed = !pressed;
          ws.send(presenceFrame(clientId, ++clock, state()));
          setTimeout(toggle, PROBE_MS - (Date.now() % PROBE_MS));
        };
        setTimeout(toggle, PROBE_MS - (Date.now() % PROBE_MS));
      }
    });
    ws.on('message', (data: Buffer) => {
      // An awareness frame holding the relay's entry (client id 0) alone.
      if (!measuring || data[0] !== 1) return;
      const d = decoding.createDecoder(data);
      decoding.readVarUint(d); // type
      decoding.readVarUint(d); // length
      if (decoding.readVarUint(d) !== 1 || decoding.readVarUint(d) !== 0) return;
      me.frames++;
      const pressing = Number(pressingAt.exec(data.toString('latin1'))?.[1] ?? -1);
      if (lastPressing !== -1 && pressing !== lastPressing) {
        const age = Date.now() % PROBE_MS;
        const bucket = Math.floor(age / BUCKET_MS) * BUCKET_MS;
        staleness[bucket] = (staleness[bucket] ?? 0) + 1;
      }
      lastPressing = pressing;
    });
    ws.on('close', () => {
      me.open = false;
      me.failed = true;
    });
    ws.on('error', () => (me.failed = true));
  };
  for (let i = 0; i < config.count; i++) {
    open(i);
    if (i % 50 === 49) await new Promise((r) => setTimeout(r, (50 * 1000) / config.perSecond));
  }
  const wait = () => members.filter((m) => m.open).length;
  // Until every socket is open or refused; the window measures those that are open.
  let said = Date.now();
  while (members.some((m) => !m.open && !m.failed)) {
    await new Promise((r) => setTimeout(r, 500));
    if (Date.now() - said < 5000) continue;
    said = Date.now();
    console.error(`load ${config.first}: ${wait()} open, ${members.filter((m) => m.failed).length} failed of ${config.count}`);
  }
  process.send!({ kind: 'ready' });
  process.on('message', (message: { kind: string }) => {
    if (message.kind === 'start') {
      measuring = true;
      for (const m of members) m.frames = 0;
    }
    if (message.kind === 'stop') {
      measuring = false;
      const cpu = process.cpuUsage();
      const report: LoadReport = {
        open: wait(),
        frames: members.map((m) => m.frames),
        staleness,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
      };
      process.send!({ kind: 'report', report }, () => process.exit(0));
    }
  });
}

/** Open descriptors of processes, summed, from /proc. */
function descriptors(pids: number[]): number {
  let n = 0;
  for (const pid of pids) {
    // reason: a process of the group may end while it is read
    try {
      n += readdirSync(`/proc/${pid}/fd`).length;
    } catch {}
  }
  return n;
}

/** CPU seconds (user + system) and RSS (MB) of processes, summed, from /proc. */
function usage(pids: number[]): { cpu: number; rssMb: number } {
  let cpu = 0;
  let rssMb = 0;
  for (const pid of pids) {
    // reason: a process of the group may end while it is read
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      cpu += (Number(stat[11]) + Number(stat[12])) / 100;
      rssMb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    } catch {}
  }
  return { cpu, rssMb };
}

const percentile = (histogram: Record<number, number>, p: number): number => {
  const buckets = Object.entries(histogram)
    .map(([k, v]) => [Number(k), v] as const)
    .sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, v]) => s + v, 0);
  let seen = 0;
  for (const [k, v] of buckets) {
    seen += v;
    if (seen >= total * p) return k + BUCKET_MS;
  }
  return Number.NaN;
};

/** One run: N members over shards of `shard`, measured for `seconds`. Prints one line. */
async function run(members: number, shard: number, seconds: number, processes: number): Promise<void> {
  const assets = mkdtempSync(join(tmpdir(), 'sb-shards-dist-'));
  writeFileSync(join(assets, 'index.html'), '<!doctype html>');
  const worker = await startWorkerd(
    {
      RELAY_MAX_MEMBERS: '100000',
      RELAY_SHARD_MEMBERS: String(shard),
      RELAY_MAX_CONNECTIONS_PER_CLIENT: '1000000',
      RELAY_UPGRADES_PER_MINUTE: '1000000',
      RELAY_NEW_ROOMS_PER_HOUR: '1000000',
    },
    undefined,
    assets,
  );
  const pids = processGroup(worker.pid);
  // Once a second, the most workerd held: if it ends, that is said with how it ended.
  const started = Date.now();
  const peak = { descriptors: 0, rssMb: 0 };
  let endedAt = 0;
  const watch = setInterval(() => {
    if (worker.ended()) endedAt ||= Date.now();
    peak.descriptors = Math.max(peak.descriptors, descriptors(pids));
    peak.rssMb = Math.max(peak.rssMb, usage(pids).rssMb);
  }, 1000);
  const children = Array.from({ length: processes }, (_, p) => {
    const count = Math.floor(members / processes) + (p < members % processes ? 1 : 0);
    const first = p * Math.floor(members / processes) + Math.min(p, members % processes);
    const config: LoadConfig = { ws: worker.ws, first, count, probe: p === 0, perSecond: 400 / processes };
    return fork(import.meta.filename, ['load', JSON.stringify(config)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  });
  const connectStart = Date.now();
  try {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((ok, fail) => {
            c.on('message', (m: { kind: string }) => m.kind === 'ready' && ok());
            c.once('exit', () => fail(new Error('a load process ended early')));
          }),
      ),
    );
    const connectS = (Date.now() - connectStart) / 1000;
    // A warm-up, then the window.
    await new Promise((r) => setTimeout(r, 3000));
    const before = usage(pids);
    const windowStart = Date.now();
    for (const c of children) c.send({ kind: 'start' });
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const reports = await Promise.all(
      children.map(
        (c) =>
          new Promise<LoadReport>((ok) => {
            c.on('message', (m: { kind: string; report?: LoadReport }) => m.kind === 'report' && ok(m.report!));
            c.send({ kind: 'stop' });
          }),
      ),
    );
    const wall = (Date.now() - windowStart) / 1000;
    const after = usage(pids);
    const frames = reports.flatMap((r) => r.frames);
    const staleness: Record<number, number> = {};
    for (const r of reports) for (const [k, v] of Object.entries(r.staleness)) staleness[Number(k)] = (staleness[Number(k)] ?? 0) + v;
    const expected = wall * 5;
    const rate = frames.reduce((a, b) => a + b, 0) / frames.length / wall;
    const short = frames.filter((f) => f < expected * 0.9).length;
    const open = reports.reduce((s, r) => s + r.open, 0);
    const loadCpu = reports.reduce((s, r) => s + r.cpuSeconds, 0);
    const cells = [
      `${members}`,
      `${Math.ceil(members / shard) - 1}`,
      `${open}`,
      `${connectS.toFixed(0)} s`,
      `${rate.toFixed(2)}/s`,
      `${short}`,
      `${percentile(staleness, 0.5)} ms`,
      `${percentile(staleness, 0.99)} ms`,
      `${(((after.cpu - before.cpu) / wall) * 100).toFixed(0)}%`,
      `${after.rssMb.toFixed(0)} MB`,
      `${loadCpu.toFixed(0)} s`,
      // The machine is shared: what else ran shows here.
      `${loadavg()[0]!.toFixed(1)}`,
    ];
    console.log(cells.map((c) => c.padStart(10)).join(' '));
  } finally {
    clearInterval(watch);
    const ended = worker.ended();
    if (ended) {
      const at = (((endedAt || Date.now()) - started) / 1000).toFixed(0);
      console.log(
        `workerd ended (${ended}) by ${at} s, having held at most ${peak.descriptors} descriptors and ${peak.rssMb.toFixed(0)} MB;`,
      );
      console.log(`its last output:\n${worker.output().slice(-4000)}`);
    }
    for (const c of children) c.kill('SIGKILL');
    await worker.kill('SIGKILL');
  }
}

/** Prints the table for BENCH_MEMBERS (comma-separated levels). */
export async function printRelayShards(): Promise<void> {
  const levels = (process.env.BENCH_MEMBERS ?? '2000,5000,10000').split(',').map(Number);
  const shard = Number(process.env.BENCH_SHARD ?? 2000);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const processes = Number(process.env.BENCH_PROCESSES ?? 2);
  console.log(`\n## A room over Durable Object shards (local workerd), shards of ${shard}, presence 1 Hz, ${seconds} s measured\n`);
  console.log(`Load from ${processes} processes. Frames: field frames per member per second (5 expected); short: members that got`);
  console.log('under 90% of them. Staleness: from a presence change to the frame that shows it, over every member.');
  console.log('CPU: workerd over the window (100% = one core), RSS at its end; load CPU: the generators, whole run;');
  console.log(`load avg: the machine's 1-minute load average at the end (${cpus().length} cores).\n`);
  console.log(
    ['members', 'shards', 'open', 'connect', 'frames', 'short', 'stale p50', 'stale p99', 'CPU', 'RSS', 'load CPU', 'load avg']
      .map((c) => c.padStart(10))
      .join(' '),
  );
  const limit = descriptorLimit();
  for (const n of levels) {
    // A level workerd cannot hold ends it, not the measure: said, and skipped unless asked for.
    if (descriptorsNeeded(n, shard) > limit && process.env.BENCH_PAST_FD_LIMIT !== '1') {
      console.log(
        `${String(n).padStart(10)}  skipped: workerd needs ~${descriptorsNeeded(n, shard)} descriptors (two per member), the limit here is ${limit} (ulimit -Hn; BENCH_PAST_FD_LIMIT=1 runs it anyway)`,
      );
      continue;
    }
    await run(n, shard, seconds, processes);
  }
}

if (process.argv[2] === 'load') await loadProcess(JSON.parse(process.argv[3]!) as LoadConfig);
else if (import.meta.filename === process.argv[1]) await printRelayShards();
