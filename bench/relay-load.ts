/**
 * Relay load, side by side in one run: our relay on Node, the same relay as a Worker in local
 * workerd, the same relay on Deno (rooms in Deno KV, started by sync-server/deno/local.ts), and
 * the reference y-websocket server (@y/websocket-server 0.1.1), for 1,000 to 10,000 members in
 * one room and for rooms of 10, presence at 1 Hz per member, the load from several
 * processes (load-client.ts). Above the field threshold our relay sends a field instead of every
 * member's presence: the table then gives when a probe's change shows in every observer's field
 * and the field frames each member got; below it (and for the reference), presence delivery and
 * latency. Then where one Node relay process stops (relay-ceiling.ts).
 * BENCH_LEVELS, BENCH_SECONDS, BENCH_ONLY, BENCH_WORKER_MAX, BENCH_DENO_MAX, BENCH_REFERENCE_MAX choose.
 */
import { FIELD_ABOVE, FIELD_INTERVAL_MS } from '../src/shared/room-field.ts';
import { type Kind, type LevelResult, runLevel, SECONDS } from './load-run.ts';
import { header, line, lineHead, printDetails, printLegend } from './load-table.ts';
import { printRelayCeiling } from './relay-ceiling.ts';

const LEVELS = (process.env.BENCH_LEVELS ?? '1000,2000,5000,10000').split(',').map(Number);
const SMALL_ROOMS = Number(process.env.BENCH_SMALL_ROOM_MEMBERS ?? 2000);
// Past these the server has collapsed already (measured at the cap): the levels above are not run.
const WORKER_MAX = Number(process.env.BENCH_WORKER_MAX ?? 5000);
const DENO_MAX = Number(process.env.BENCH_DENO_MAX ?? Infinity);
const REFERENCE_MAX = Number(process.env.BENCH_REFERENCE_MAX ?? 1000);

export async function printRelayLoad(): Promise<void> {
  console.log(`\n## Relay load: presence at 1 Hz per member, ${SECONDS} s measured after a 3 s warm-up, load from 2 processes\n`);
  printLegend(FIELD_ABOVE, FIELD_INTERVAL_MS);
  console.log('"worker" is the same relay as a Worker with a Durable Object per room in plain workerd on this machine (the');
  console.log('bundle wrangler deploys): local figures, not Cloudflare\'s. "deno" is the same relay on Deno (Deno.serve, rooms in a');
  console.log('local Deno KV file), one process. RELAY_MAX_MEMBERS and _CONNECTIONS_PER_CLIENT at 10000.\n');
  console.log(header());
  const cases: [number, number][] = [...LEVELS.map((m): [number, number] => [m, m]), [SMALL_ROOMS, 10]];
  // BENCH_ONLY=relay (or worker, deno, reference) measures one server alone (for tuning; comparing needs all).
  const kinds = (['relay', 'worker', 'deno', 'reference'] as const).filter((k) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY === k);
  const cap: Record<Kind, number> = { relay: Infinity, worker: WORKER_MAX, deno: DENO_MAX, reference: REFERENCE_MAX };
  const results: LevelResult[] = [];
  for (const [members, roomSize] of cases) {
    for (const kind of kinds) {
      const head = lineHead({ members, roomSize, kind });
      if (roomSize === members && members > cap[kind]) {
        console.log(`${head} not run: collapsed at its cap of ${cap[kind]} in one room (above)`);
        continue;
      }
      try {
        const r = await runLevel(kind, members, roomSize);
        results.push(r);
        console.log(line(r));
      } catch (e) {
        console.log(`${head} failed: ${(e as Error).message}`);
      }
    }
  }
  printDetails(results);
  if (process.env.BENCH_CEILING !== '0') await printRelayCeiling();
}

if (import.meta.url === `file://${process.argv[1]}`) await printRelayLoad();
