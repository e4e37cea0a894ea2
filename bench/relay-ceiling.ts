/**
 * Where one Node relay process stops: ever bigger rooms against our relay alone, with the relay's
 * own socket cap (RELAY_MAX_SOCKETS, by default three quarters of the open-file limit) lifted to
 * just under that limit, so what stops it is the process and the machine, not a setting. Prints
 * each level as relay-load.ts does, the open-file limits, the cost per member at each level and the
 * most connections held. BENCH_CEILING_LEVELS chooses the levels.
 */
import { readFileSync } from 'node:fs';
import { FIELD_INTERVAL_MS } from '../src/shared/room-field.ts';
import { type LevelResult, runLevel } from './load-run.ts';
import { header, line, lineHead, perMember } from './load-table.ts';

const LEVELS = (process.env.BENCH_CEILING_LEVELS ?? '15000,19800').split(',').map(Number);
// Each load process holds at most this many members (its own open-file limit, with room to spare).
const PER_LOAD_PROCESS = 10_000;

/** The open-file limits (soft, hard) this process passes to the relay it spawns. */
function fileLimits(): [number, number] {
  const m = /^Max open files\s+(\d+)\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
  return m ? [Number(m[1]), Number(m[2])] : [Number.NaN, Number.NaN];
}

/** Whether a level met the field's bars: everyone connected, 5 frames a second to each, changes within 250 ms at p99. */
const holds = (r: LevelResult) =>
  r.open === r.members && r.mode === 'field' && r.framesMin >= (1000 / FIELD_INTERVAL_MS) * 0.95 && r.p99 <= 250 && r.cpu < 1;

export async function printRelayCeiling(): Promise<void> {
  const [soft, hard] = fileLimits();
  console.log(`\n## Where one Node relay process stops: one room, field mode, presence at 1 Hz, load from 2 or more processes\n`);
  console.log(`Open files: soft ${soft}, hard ${hard} for the relay (raising the hard limit is refused on this machine), and`);
  console.log(
    `RELAY_MAX_SOCKETS set to ${hard - 64} (its default, three quarters of the soft limit, would be ${Math.floor(soft * 0.75)}).\n`,
  );
  console.log(header());
  const results: LevelResult[] = [];
  for (const members of LEVELS) {
    try {
      const r = await runLevel('relay', members, members, {
        processes: Math.max(2, Math.ceil(members / PER_LOAD_PROCESS)),
        maxMembers: 100_000,
        env: { RELAY_MAX_SOCKETS: String(hard - 64) },
      });
      results.push(r);
      console.log(`${line(r)}${holds(r) ? '' : '  <- does not hold'}`);
    } catch (e) {
      console.log(`${lineHead({ members, roomSize: members, kind: 'relay' })} failed: ${(e as Error).message}`);
    }
  }
  const held = results.filter(holds).sort((a, b) => b.open - a.open)[0];
  console.log(
    held
      ? `\nLargest room that held every bar: ${held.open}.`
      : '\nNo level held every bar (everyone connected, 5 frames/s to each, p99 <= 250 ms, under one core).',
  );
  for (const r of results) console.log(perMember(r));
  const most = results.sort((a, b) => b.open - a.open)[0];
  if (most)
    console.log(`Most connections held at once: ${most.open} of ${most.members} (the open-file limit allows ${hard - 64} sockets).`);
}

if (import.meta.url === `file://${process.argv[1]}`) await printRelayCeiling();
