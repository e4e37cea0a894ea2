/**
 * `node bench/yjs-fuzz.ts [count=100000] [seed=1] [--minimize] [--guarded]`: runs the Yjs update
 * fuzzer (sync-server/testing/yjs-fuzz.ts) on worker threads and prints findings per class. A worker
 * that makes no progress for HANG_MS is terminated and its case counted as a hang. With --minimize,
 * the first example of each class is delta-debugged and printed as hex; with --guarded, updates go
 * through the relay's own check (`applyChecked`, refusing what is incomplete, as room-doc.ts does).
 * `node --expose-gc bench/yjs-fuzz.ts --costs` prints what the guard and its fallbacks cost instead.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as Y from 'yjs';
import { proveLoadsBack } from '../sync-server/room-doc.ts';
import { applyChecked, inspectUpdate } from '../sync-server/update-guard.ts';
import {
  emptyStats,
  FAILURES,
  generateCase,
  minimize,
  record,
  relayApply,
  runCases,
  toHex,
  type RunStats,
} from '../sync-server/testing/yjs-fuzz.ts';

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
  for (const [k, ex] of Object.entries(s.examples))
    into.examples[k] = [...(into.examples[k] ?? []), ...ex].sort((a, b) => a - b).slice(0, 20);
  for (const [k, c] of Object.entries(s.causes)) {
    into.causes[k] ??= {};
    const t = into.causes[k];
    for (const [m, n] of Object.entries(c)) t[m] = (t[m] ?? 0) + n;
  }
}

/** One lane: a long-lived worker that takes chunks of cases; replaced when a case hangs. */
function createLane(seed: number, guarded: boolean, total: RunStats) {
  let worker: Worker | null = null;
  let progress = new Int32Array(new SharedArrayBuffer(8));
  const spawn = (): Worker => {
    progress = new Int32Array(new SharedArrayBuffer(8));
    return new Worker(new URL(import.meta.url), {
      workerData: { seed, guarded, progress: progress.buffer as SharedArrayBuffer } satisfies Job,
    });
  };
  /** Runs [from, to); past a hung case the worker is replaced and the rest of the chunk goes on. */
  const run = async (from: number, to: number): Promise<void> => {
    let start = from;
    while (start < to) {
      worker ??= spawn();
      const w = worker;
      Atomics.store(progress, 0, start);
      const result = await new Promise<{ stats: RunStats } | { hungAt: number }>((resolve, reject) => {
        let last = -1;
        let lastChange = Date.now();
        const timer = setInterval(() => {
          const now = Atomics.load(progress, 0);
          // Only a worker inside a case (busy flag set) can hang; startup is not timed.
          if (now !== last || Atomics.load(progress, 1) === 0) {
            last = now;
            lastChange = Date.now();
          } else if (Date.now() - lastChange > HANG_MS) {
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
    const stats = runCases(job.seed, from, to, job.guarded ? relayApply : undefined, (i) => {
      Atomics.store(progress, 0, i);
      Atomics.store(progress, 1, 1);
    });
    Atomics.store(progress, 1, 0);
    parentPort!.postMessage(stats);
  });
} else {
  const args = process.argv.slice(2);
  if (args.includes('--costs')) {
    printCosts();
    process.exit(0);
  }
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
  console.log(
    `# yjs-fuzz: ${total.cases} cases, seed ${seed}, ${guarded ? 'guarded' : 'bare'} relay, ${threads} threads, ${(ms / 1000).toFixed(1)} s (${((total.cases / ms) * 1000).toFixed(0)} cases/s)`,
  );
  console.log(`refused by decodeUpdate: ${total.refusedByDecode} updates`);
  for (const k of [...FAILURES, 'pending'].flatMap((c) => [c, `${c}*`])) {
    const n = total.counts[k] ?? 0;
    if (k.endsWith('*') && n === 0) continue;
    const causes = Object.entries(total.causes[k] ?? {})
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([m, c]) => `${m} ${c}`)
      .join(', ');
    console.log(
      `${k.padEnd(24)} ${String(n).padStart(7)}  first: ${(total.examples[k] ?? []).slice(0, 5).join(' ') || '-'}${causes ? `  causes: ${causes}` : ''}`,
    );
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

/** Median time of `f` in ms over `runs` runs (after one warm-up). */
function timeMs(f: () => void, runs = 7): number {
  f();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[runs >> 1]!;
}

/** A room of realistic content (JSON values under 'room' and 'members', overwritten many times) of about `bytes` stored. */
function realisticDoc(bytes: number): Y.Doc {
  const doc = new Y.Doc();
  let i = 0;
  while (Y.encodeStateAsUpdate(doc).length < bytes) {
    doc.transact(() => {
      for (let j = 0; j < 64; j++, i++) {
        doc.getMap('room').set(`k${i % 50}`, { pattern: 'box', inhale: i % 7, hold: i % 5, label: `phase ${i}` });
        doc.getMap('members').set(`${i % 400}`, { name: `member ${i % 400}`, joinedAt: 1_700_000_000_000 + i });
      }
    });
  }
  return doc;
}

/** A room of about `bytes` of empty nested maps (the cheapest way to make many types). */
function nestedMapsDoc(bytes: number): Y.Doc {
  const doc = new Y.Doc();
  const inner = new Y.Map();
  doc.getMap('room').set('nested', inner);
  let i = 0;
  while (Y.encodeStateAsUpdate(doc).length < bytes)
    doc.transact(() => {
      for (let j = 0; j < 1000; j++, i++) inner.set(`${i}`, new Y.Map());
    });
  return doc;
}

function printCosts(): void {
  const kib = (n: number) => `${(n / 1024).toFixed(0)} KiB`;
  console.log('# update guard costs (median of 7)');
  // Per update: a typical member update, against a small and a 1 MiB room.
  for (const size of [1024, 1 << 20]) {
    const doc = realisticDoc(size);
    const editor = new Y.Doc();
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(doc));
    const updates: Uint8Array[] = [];
    editor.on('update', (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 200; i++) editor.getMap('room').set(`k${i % 50}`, { pattern: 'box', inhale: i });
    const perUpdate =
      timeMs(() => {
        for (const u of updates) inspectUpdate(doc, u);
      }) / updates.length;
    const bare = timeMs(() => {
      const d = new Y.Doc();
      Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
      for (const u of updates) Y.applyUpdate(d, u);
    }, 3);
    const guarded = timeMs(() => {
      const d = new Y.Doc();
      Y.applyUpdate(d, Y.encodeStateAsUpdate(doc));
      for (const u of updates) applyChecked(d, u, 'm');
    }, 3);
    console.log(
      `inspectUpdate, one map set (${updates[0]!.length} B) against a ${kib(size)} room: ${(perUpdate * 1000).toFixed(1)} µs; load + 200 updates bare ${bare.toFixed(1)} ms, guarded ${guarded.toFixed(1)} ms`,
    );
  }
  for (const size of [1024, 64 * 1024, 1 << 20]) {
    const real = realisticDoc(size);
    const adv = nestedMapsDoc(size);
    console.log(
      `loadsBack ${kib(size).padStart(8)}: realistic ${timeMs(() => void proveLoadsBack(real)).toFixed(2)} ms (${Y.encodeStateAsUpdate(real).length} B), nested empty maps ${timeMs(() => void proveLoadsBack(adv)).toFixed(2)} ms (${Y.encodeStateAsUpdate(adv).length} B)`,
    );
  }
  const big = Y.encodeStateAsUpdate(nestedMapsDoc(256 * 1024));
  console.log(
    `Y.decodeUpdate of ${kib(big.length)} of nested empty maps: ${timeMs(() => void Y.decodeUpdate(big)).toFixed(1)} ms; inspectUpdate of it into an empty doc: ${timeMs(() => void inspectUpdate(new Y.Doc(), big)).toFixed(1)} ms`,
  );
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    console.log('heap figures need node --expose-gc');
    return;
  }
  const state = Y.encodeStateAsUpdate(nestedMapsDoc(1 << 20));
  gc();
  const before = process.memoryUsage().heapUsed;
  const held = new Y.Doc();
  Y.applyUpdate(held, state);
  gc();
  const after = process.memoryUsage().heapUsed;
  const types = (held.getMap('room').get('nested') as Y.Map<unknown>).size;
  console.log(
    `heap of a ${kib(state.length)} room of ${types} empty nested maps: ${((after - before) / 1048576).toFixed(1)} MiB (${((after - before) / state.length).toFixed(0)} bytes of heap per stored byte)`,
  );
  const realState = Y.encodeStateAsUpdate(realisticDoc(1 << 20));
  gc();
  const b2 = process.memoryUsage().heapUsed;
  const held2 = new Y.Doc();
  Y.applyUpdate(held2, realState);
  gc();
  console.log(`heap of a ${kib(realState.length)} realistic room: ${((process.memoryUsage().heapUsed - b2) / 1048576).toFixed(1)} MiB`);
  // Both documents are kept alive up to here, so the heap figures measure them.
  void held.clientID;
  void held2.clientID;
}
