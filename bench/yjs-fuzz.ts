/**
 * `node bench/yjs-fuzz.ts [count=100000] [seed=1] [--minimize] [--guarded]`: runs the Yjs update
 * fuzzer (sync-server/yjs-fuzz.ts) on worker threads and prints findings per class. A worker that
 * makes no progress for HANG_MS is terminated and its case counted as a hang. With --minimize, the
 * first example of each class is delta-debugged and printed as hex; with --guarded, updates go
 * through sync-server/update-guard.ts (the figures should then be all zeros but 'pending').
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { guardedApply } from '../sync-server/update-guard.ts';
import { emptyStats, FAILURES, generateCase, minimize, record, runCases, toHex, type RunStats } from '../sync-server/yjs-fuzz.ts';

const HANG_MS = 5000;
const CHUNK = 500;

interface Job {
  seed: number;
  guarded: boolean;
  /** [current case index, busy flag]: written by the worker, watched by the main thread. */
  progress: SharedArrayBuffer;
}

function merge(into: RunStats, s: RunStats): void {
  into.cases += s.cases;
  into.refusedByDecode += s.refusedByDecode;
  for (const [k, n] of Object.entries(s.counts)) into.counts[k] = (into.counts[k] ?? 0) + n;
  for (const [k, ex] of Object.entries(s.examples)) into.examples[k] = [...(into.examples[k] ?? []), ...ex].sort((a, b) => a - b).slice(0, 20);
  for (const [k, c] of Object.entries(s.causes)) {
    const t = (into.causes[k] ??= {});
    for (const [m, n] of Object.entries(c)) t[m] = (t[m] ?? 0) + n;
  }
}

/** One lane: a long-lived worker that takes chunks of cases; replaced when a case hangs. */
function createLane(seed: number, guarded: boolean, total: RunStats) {
  let worker: Worker | null = null;
  let progress = new Int32Array(new SharedArrayBuffer(8));
  const spawn = (): Worker => {
    progress = new Int32Array(new SharedArrayBuffer(8));
    return new Worker(new URL(import.meta.url), { workerData: { seed, guarded, progress: progress.buffer as SharedArrayBuffer } satisfies Job });
  };
  /** Runs [from, to); past a hung case the worker is replaced and the rest of the chunk goes on. */
  const run = async (from: number, to: number): Promise<void> => {
    let start = from;
    while (start < to) {
      const w = (worker ??= spawn());
      Atomics.store(progress, 0, start);
      const result = await new Promise<{ stats: RunStats } | { hungAt: number }>((resolve, reject) => {
        let last = -1;
        let lastChange = Date.now();
        const timer = setInterval(() => {
          const now = Atomics.load(progress, 0);
          // Only a worker inside a case (busy flag set) can hang; startup is not timed.
          if (now !== last || Atomics.load(progress, 1) === 0) (last = now), (lastChange = Date.now());
          else if (Date.now() - lastChange > HANG_MS) {
            clearInterval(timer);
            resolve({ hungAt: now });
          }
        }, 250);
        const onMessage = (stats: RunStats) => {
          clearInterval(timer);
          w.off('error', onError);
          resolve({ stats });
        };
        const onError = (e: unknown) => {
          clearInterval(timer);
          reject(e);
        };
        w.once('message', onMessage);
        w.once('error', onError);
        w.postMessage({ from: start, to });
      });
      if ('stats' in result) {
        merge(total, result.stats);
        return;
      }
      void worker?.terminate();
      worker = null;
      const c = generateCase(seed, result.hungAt);
      record(total, c, ['hang'], 0);
      console.log(`hang at case ${result.hungAt}: ${c.updates.map(toHex).join(' ')}`);
      start = result.hungAt + 1;
    }
  };
  return { run, close: () => void worker?.terminate() };
}

if (!isMainThread) {
  const job = workerData as Job;
  const progress = new Int32Array(job.progress);
  parentPort!.on('message', ({ from, to }: { from: number; to: number }) => {
    const stats = runCases(job.seed, from, to, job.guarded ? { apply: guardedApply } : undefined, (i) => {
      Atomics.store(progress, 0, i);
      Atomics.store(progress, 1, 1);
    });
    Atomics.store(progress, 1, 0);
    parentPort!.postMessage(stats);
  });
} else {
  const args = process.argv.slice(2);
  const count = Number(args.find((a) => /^\d+$/.test(a)) ?? 100_000);
  const seed = Number(args.filter((a) => /^\d+$/.test(a))[1] ?? 1);
  const guarded = args.includes('--guarded');
  const threads = Math.max(1, availableParallelism());
  const total = emptyStats();
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    const l = createLane(seed, guarded, total);
    while (next < count) {
      const from = next;
      next = Math.min(count, next + CHUNK);
      await l.run(from, next);
    }
    l.close();
  };
  await Promise.all(Array.from({ length: threads }, lane));
  const ms = performance.now() - t0;
  console.log(`# yjs-fuzz: ${total.cases} cases, seed ${seed}, ${guarded ? 'guarded' : 'bare'} relay, ${threads} threads, ${(ms / 1000).toFixed(1)} s (${((total.cases / ms) * 1000).toFixed(0)} cases/s)`);
  console.log(`refused by decodeUpdate: ${total.refusedByDecode} updates`);
  for (const k of [...FAILURES, 'pending'].flatMap((c) => [c, `${c}*`])) {
    const n = total.counts[k] ?? 0;
    if (k.endsWith('*') && n === 0) continue;
    const causes = Object.entries(total.causes[k] ?? {}).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([m, c]) => `${m} ${c}`).join(', ');
    console.log(`${k.padEnd(24)} ${String(n).padStart(7)}  first: ${(total.examples[k] ?? []).slice(0, 5).join(' ') || '-'}${causes ? `  causes: ${causes}` : ''}`);
  }
  if (args.includes('--minimize')) {
    for (const k of FAILURES) {
      const first = total.examples[k]?.[0];
      if (first === undefined || k === 'hang') continue;
      const small = minimize(generateCase(seed, first).updates, k, k !== 'apply-throws');
      console.log(`\n${k} (case ${first}) minimized to ${small.map((u) => u.length).join('+')} bytes:`);
      for (const u of small) console.log(`  ${toHex(u)}`);
    }
  }
}
