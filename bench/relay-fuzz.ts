/**
 * The relay under a bench-size fuzz run (10^5 hostile frames of every shape from eight
 * connections, one connection that never reads, two honest members editing throughout), beside
 * the reference y-websocket server (@y/websocket-server 0.1.1) under the same frames in the same
 * run. Prints frames sent, crashes, peak RSS, /healthz failures and whether the honest members
 * and a fresh joiner converged. `node bench/relay-fuzz.ts` (through npx) runs it alone;
 * BENCH_FUZZ_FRAMES and BENCH_FUZZ_SEED change the size and seed.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_LIMITS } from '../sync-server/policy.ts';
import { runRelayFuzz, type FuzzReport } from '../sync-server/node/testing/fuzz-run.ts';
import { exited, startRelay, stopAllRelays, type Relay } from '../sync-server/node/testing/relay-process.ts';

const FRAMES = Number(process.env.BENCH_FUZZ_FRAMES ?? 100_000);
const SEED = Number(process.env.BENCH_FUZZ_SEED ?? 20261201);
/** The fuzz's connections must reach the rooms: the per-address caps on upgrades are tested on their own. */
const FUZZ_ENV = { TRUST_PROXY: '1', RELAY_UPGRADES_PER_MINUTE: '1000000', RELAY_NEW_ROOMS_PER_HOUR: '1000000' };

const freePort = () =>
  new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });

/** The reference server as a relay under test (its rooms are any path, so /room/<id> works as is). */
async function startReference(): Promise<Relay> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve('node_modules/@y/websocket-server/src/server.js')], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
  child.stderr.on('data', (d: Buffer) => (out = (out + d.toString()).slice(-100_000)));
  const url = `http://127.0.0.1:${port}`;
  for (
    let i = 0;
    i < 100 &&
    !(await fetch(url).then(
      () => true,
      () => false,
    ));
    i++
  )
    await new Promise((r) => setTimeout(r, 100));
  return {
    url,
    ws: url.replace(/^http/, 'ws'),
    child,
    dataDir: mkdtempSync(join(tmpdir(), 'sb-fuzz-ref-')),
    output: () => out,
    async kill(signal) {
      child.kill(signal);
      await exited(child);
    },
  };
}

const row = (name: string, r: FuzzReport) =>
  `| ${name} | ${r.frames.toLocaleString('en')} | ${r.seconds} s | ${r.crashes} | ${r.peakRssMiB} MiB | ${r.healthFailures} of ${r.healthPolls} (slowest ${r.healthMaxMs} ms) | ${r.converged ? 'yes' : 'no'} (${r.honest.a}/${r.honest.b}/${r.honest.joiner} of ${r.honest.edits}) |`;

export async function printRelayFuzz(): Promise<void> {
  console.log(
    `\n## Relay under fuzzing (${FRAMES.toLocaleString('en')} hostile frames, seed ${SEED}, 8 connections + 1 that never reads + 2 honest members)\n`,
  );
  console.log(
    '| server | frames sent | time | crashes | peak RSS | /healthz failed (2 s) | honest members + joiner converged (edits a/b/joiner) |',
  );
  console.log('|---|---|---|---|---|---|---|');
  const ours = await startRelay(FUZZ_ENV);
  const mine = await runRelayFuzz(ours, { frames: FRAMES, seed: SEED, connections: 8, maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes });
  const logLines = ours.output().split('\n').length;
  console.log(row('ours', mine));
  const reference = await startReference();
  const theirs = await runRelayFuzz(reference, { frames: FRAMES, seed: SEED, connections: 8, maxFrameBytes: DEFAULT_LIMITS.maxFrameBytes });
  console.log(row('reference', theirs));
  stopAllRelays();
  reference.child.kill('SIGKILL');
  console.log(
    `\nOurs: ${logLines} log lines in all; frames by shape ${JSON.stringify(mine.byShape)}; closes ${JSON.stringify(mine.closes)}; refused upgrades ${JSON.stringify(mine.refusedUpgrades)}.`,
  );
  console.log(
    `Reference: closes ${JSON.stringify(theirs.closes)}; refused upgrades ${JSON.stringify(theirs.refusedUpgrades)}; a run stops at its first crash.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await printRelayFuzz();
  process.exit(0);
}
