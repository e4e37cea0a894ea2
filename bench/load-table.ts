/** The relay load bench's table: one line per level, the field details, the per-member cost. */
import { type LevelResult, MISSED_FRAME_GAP_MS } from './load-run.ts';

const LABEL = { relay: 'ours', worker: 'worker', deno: 'deno', reference: 'reference' } as const;
const n = (x: number, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const COLUMNS = [
  'mode',
  'open',
  'sent/m',
  'deliv.',
  'p50',
  'p99',
  'frames/s',
  'missed',
  'CPU',
  'peak RSS',
  'load CPU',
  'others',
  'connect',
];
const WIDTHS = [5, 6, 7, 7, 8, 8, 9, 6, 5, 8, 9, 6, 8];
const row = (cells: string[]) => cells.map((c, i) => c.padStart(WIDTHS[i]!)).join(' ');

/** A level's name: "N in one room" or "N in rooms of M". */
export const caseName = (r: { members: number; roomSize: number }): string =>
  r.roomSize >= r.members ? `${r.members} in one room` : `${r.members} in rooms of ${r.roomSize}`;

/** The start of a line: the case and the server. */
export const lineHead = (r: { members: number; roomSize: number; kind: keyof typeof LABEL }): string =>
  `${caseName(r).padEnd(22)} ${LABEL[r.kind].padEnd(9)}`;

/** The table's header line. */
export const header = (): string => `${'case'.padEnd(22)} ${'server'.padEnd(9)} ${row(COLUMNS)}`;

/** One level's line. */
export function line(r: LevelResult): string {
  const field = r.mode === 'field';
  return `${lineHead(r)} ${row([
    r.mode,
    `${r.open}`,
    `${n(r.sendRate, 2)}`,
    `${n(r.delivered * 100, 1)}%`,
    `${n(r.p50)} ms`,
    `${n(r.p99)} ms`,
    field ? `${n(r.framesMin, 1)}/${n(r.framesMedian, 1)}` : '–',
    field ? `${r.missed}` : '–',
    `${n(r.cpu * 100)}%`,
    `${n(r.peakMb)} MB`,
    `${r.loadCpu.map((c) => n(c * 100)).join('+')}%`,
    `${n(r.otherCpu * 100)}%`,
    `${n(r.connectMs / 1000, 1)} s`,
  ])}`;
}

/** How to read the table. */
export function printLegend(fieldAbove: number, intervalMs: number): void {
  console.log(`Rooms above ${fieldAbove} members are fields in our relay (mode "field"): a frame every ${intervalMs} ms to every member`);
  console.log('instead of every presence. There, probe members press one at a time (every 400-600 ms) while the others never');
  console.log('press; "deliv." is the share of (change, observer) pairs where the change showed in the field (100 observers');
  console.log("spread over the load processes), p50/p99 the time from the probe's send to the first frame that shows it;");
  console.log('"frames/s" is the awareness frames each member got per second (min/median over all members, every socket');
  console.log(
    `counted), "missed" the members with a gap over ${MISSED_FRAME_GAP_MS} ms between frames. In list mode (small rooms, and the`,
  );
  console.log('reference always) "deliv." and p50/p99 are presence updates relayed to 40 observers, counted by send time.');
  console.log('CPU is the server over the window (100% = one core), RSS its peak; "load CPU" each load process\'s own CPU;');
  console.log('"others" what the rest of the machine took meanwhile (2 cores, shared with other work: 200% would be all).');
  if (process.env.BENCH_NICE)
    console.log(`The server and the load processes ran at nice ${process.env.BENCH_NICE} (BENCH_NICE), ahead of that other work.`);
}

/** The field rows in detail, and the cost per member of our relay at the largest one-room level. */
export function printDetails(results: readonly LevelResult[]): void {
  const field = results.filter((r) => r.mode === 'field');
  if (field.length > 0) {
    console.log("\nField rows in detail: probe changes seen (samples), the slowest, the field frames' age on arrival (now − at),");
    console.log(
      `the longest gap between two frames at any member (over ${MISSED_FRAME_GAP_MS} ms is a missed frame), the server's system CPU.\n`,
    );
    console.log(`${'case'.padEnd(22)} ${'server'.padEnd(9)}  samples      max   age p50   age p99  longest gap  CPU in kernel`);
    for (const r of field) {
      const cells = [
        `${r.samples}`,
        `${n(r.max)} ms`,
        `${n(r.ageP50)} ms`,
        `${n(r.ageP99)} ms`,
        `${n(r.gapMax)} ms`,
        `${n(r.sysCpu * 100)}%`,
      ];
      console.log(`${lineHead(r)} ${cells.map((c, i) => c.padStart([8, 8, 9, 9, 12, 14][i]!)).join(' ')}`);
    }
  }
  const ours = results.filter((r) => r.kind === 'relay' && r.roomSize === r.members && r.open > 0).sort((a, b) => b.members - a.members)[0];
  if (ours) console.log(`\n${perMember(ours)}`);
}

/** Our relay's CPU and memory per member at one level (for the capacity and cost estimates). */
export const perMember = (r: LevelResult): string =>
  `Our Node relay at ${r.open} in one room: ${n((r.cpu * 1000) / r.open, 3)} ms of CPU per member-second, ` +
  `${n(((r.peakMb - r.baseMb) * 1024) / r.open, 1)} KB of RSS per member (peak ${n(r.peakMb)} MB less ${n(r.baseMb)} MB idle).`;
