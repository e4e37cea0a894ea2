/**
 * Relay load: N members in one room (100 to 4,000) and rooms of 10, presence at 1 Hz each, against
 * our relay and, in the same run, the reference y-websocket server (@y/websocket-server 0.1.1).
 * The load comes from a separate process (load-client.ts). Prints delivered %, fan-out latency
 * p50/p99, relay CPU (share of one core) and RSS, and connect time.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, processGroup, startWorkerd } from '../sync-server/worker/local.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const LEVELS = (process.env.BENCH_LEVELS ?? '100,500,1000,2000,4000').split(',').map(Number);
const SMALL_ROOMS = Number(process.env.BENCH_SMALL_ROOM_MEMBERS ?? 2000);
// The local Worker (wrangler dev: workerd plus its proxy) is measured up to this many in one room.
const WORKER_MAX = Number(process.env.BENCH_WORKER_MAX ?? 2000);

type Kind = 'relay' | 'worker' | 'reference';

async function startServer(kind: Kind): Promise<{ url: string; pids: () => number[]; stop: () => void }> {
  if (kind === 'worker') {
    const worker = await startWorkerd({
      RELAY_MAX_MEMBERS: '10000',
      RELAY_MAX_CONNECTIONS_PER_CLIENT: '10000',
      RELAY_HTTP_PER_MINUTE: '1000000',
      RELAY_UPGRADES_PER_MINUTE: '1000000',
    });
    return { url: worker.url, pids: () => processGroup(worker.pid), stop: () => void worker.kill('SIGKILL') };
  }
  const port = await freePort();
  const dist = mkdtempSync(join(tmpdir(), 'sb-load-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html>');
  const child =
    kind === 'relay'
      ? spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(ROOT, 'sync-server/node/main.ts')], {
          env: {
            ...process.env,
            PORT: String(port),
            DIST_DIR: dist,
            DATA_DIR: mkdtempSync(join(tmpdir(), 'sb-load-data-')),
            RELAY_MAX_MEMBERS: '10000',
            RELAY_MAX_CONNECTIONS_PER_CLIENT: '10000',
            RELAY_HTTP_PER_MINUTE: '1000000',
            // Every member comes from 127.0.0.1 here; in the field each has its own address.
            RELAY_UPGRADES_PER_MINUTE: '1000000',
            RELAY_NEW_ROOMS_PER_HOUR: '1000000',
          },
          stdio: ['ignore', 'ignore', 'inherit'],
        })
      : spawn(process.execPath, [join(ROOT, 'node_modules/@y/websocket-server/src/server.js')], {
          env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
          stdio: ['ignore', 'ignore', 'inherit'],
        });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        () => true,
        () => false,
      )
    )
      return { url, pids: () => [child.pid!], stop: () => child.kill('SIGKILL') };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${kind} did not start`);
}

/** CPU seconds (user + system) and peak RSS of processes, summed, from /proc. */
function usage(pids: number[]): { cpu: number; rssMb: number } {
  let cpu = 0;
  let rssMb = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    cpu += (Number(stat[11]) + Number(stat[12])) / 100;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /VmHWM:\s+(\d+)/.exec(status) ?? /VmRSS:\s+(\d+)/.exec(status);
    rssMb += hwm ? Number(hwm[1]) / 1024 : NaN;
  }
  return { cpu, rssMb };
}

interface Result {
  open: number;
  sendRate: number;
  connectMs: number;
  delivered: number;
  p50: number;
  p99: number;
  cpu: number;
  rssMb: number;
}

async function level(kind: Kind, members: number, roomSize: number): Promise<Result> {
  const server = await startServer(kind);
  const { url } = server;
  const pids = server.pids(); // the processes stay the same for the run
  try {
    let before = usage(pids);
    let after = before;
    let started = Date.now();
    let wall = 1;
    const client = spawn(
      process.execPath,
      [
        join(ROOT, 'bench/load-client.ts'),
        JSON.stringify({ url, pathFor: kind === 'reference' ? 'reference' : 'relay', members, roomSize, seconds: SECONDS, observers: 40 }),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    client.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    // CPU over the measured window only (the client marks it), not connecting or warming up.
    const marks = setInterval(() => {
      if (out.includes('MEASURE_START') && !out.includes('#started')) {
        before = usage(pids);
        started = Date.now();
        out += '#started';
      }
      if (out.includes('MEASURE_END') && !out.includes('#ended')) {
        after = usage(pids);
        wall = (Date.now() - started) / 1000;
        out += '#ended';
      }
    }, 20);
    const timeout = setTimeout(() => client.kill('SIGKILL'), (SECONDS + 60) * 1000);
    await new Promise((ok) => client.once('exit', ok));
    clearTimeout(timeout);
    clearInterval(marks);
    const peak = usage(pids).rssMb;
    const line = out.split(/\n|#started|#ended/).find((l) => l.startsWith('{'));
    const r = line
      ? (JSON.parse(line) as Omit<Result, 'cpu' | 'rssMb'>)
      : { open: 0, sendRate: 0, connectMs: NaN, delivered: 0, p50: NaN, p99: NaN };
    return { ...r, cpu: (after.cpu - before.cpu) / wall, rssMb: peak };
  } finally {
    server.stop();
  }
}

const n = (x: number | null, digits = 0) => (x === null || !Number.isFinite(x) ? '–' : x.toFixed(digits));
const fmt = (r: Result) =>
  [
    `${r.open}`,
    `${n(r.sendRate, 2)}/s`,
    `${n(r.delivered * 100, 1)}%`,
    `${n(r.p50)} ms`,
    `${n(r.p99)} ms`,
    `${n(r.cpu * 100)}%`,
    `${n(r.rssMb)} MB`,
    `${n(r.connectMs)} ms`,
  ]
    .map((c) => c.padStart(9))
    .join(' ');

export async function printRelayLoad(): Promise<void> {
  console.log(`\n## Relay load: presence at 1 Hz per member, ${SECONDS} s measured after a 3 s warm-up (load from a separate process)\n`);
  console.log('Delivery and latency are counted by send time over 40 observer members; CPU is the server over the measured');
  console.log('window (100% = one core), RSS its peak. "ours" is the Node relay; "worker" the same relay as a Worker with a');
  console.log('Durable Object per room, in plain workerd on this machine (the bundle wrangler deploys): local figures, not');
  console.log("Cloudflare's. Both run with RELAY_MAX_MEMBERS and RELAY_MAX_CONNECTIONS_PER_CLIENT at 10000 (default 200).\n");
  console.log('                                  open at end  sent/member  delivered       p50       p99       CPU  peak RSS   connect');
  const cases: [string, number, number][] = [
    ...LEVELS.map((n): [string, number, number] => [`${n} in one room`, n, n]),
    [`${SMALL_ROOMS} in rooms of 10`, SMALL_ROOMS, 10],
  ];
  // BENCH_ONLY=relay (or worker, reference) measures one server alone (for tuning; comparing needs all).
  const kinds = (['relay', 'worker', 'reference'] as const).filter((k) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY === k);
  const label = { relay: 'ours', worker: 'worker', reference: 'reference' } as const;
  for (const [name, members, roomSize] of cases) {
    for (const kind of kinds) {
      if (kind === 'worker' && roomSize === members && members > WORKER_MAX) continue;
      const r = await level(kind, members, roomSize);
      console.log(`${name.padEnd(22)} ${label[kind].padEnd(9)} ${fmt(r)}`);
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await printRelayLoad();
