/**
 * Capacity and cost on paper: what rooms cost on Cloudflare Durable Objects for 1,000 to 10
 * million monthly practitioners, and how many one Node machine serves, from the figures measured
 * here (bench/relay-load.ts) and Cloudflare's published prices. Every assumption is a named
 * constant below; change one and run `node bench/capacity.ts` to see what it moves. Solo practice
 * costs nothing on any server: the app works offline and its files are static (Cloudflare serves
 * static assets without invoking the Worker; on Node they are files on disk).
 */

/** Workers Paid prices in USD, as published on developers.cloudflare.com (durable-objects/platform/pricing, workers/platform/pricing), read 2026-12-01. */
export const PRICES = {
  /** The plan's monthly minimum. */
  base: 5,
  /** Durable Object requests: HTTP, RPC sessions, alarms, and incoming WebSocket messages counted 20 to 1 (outgoing ones are free). */
  doRequests: { included: 1e6, perMillion: 0.15 },
  webSocketMessagesPerRequest: 20,
  /** Duration: wall-clock time an object runs or sits idle but cannot hibernate, at 128 MB an object. Idle objects that could hibernate are not billed. */
  doDuration: { includedGbS: 400_000, perMillionGbS: 12.5, gbPerObject: 0.128 },
  /** Worker requests (the upgrade and /time; static assets are free) and their CPU. */
  workerRequests: { included: 10e6, perMillion: 0.3 },
  workerCpuMs: { included: 30e6, perMillion: 0.02 },
  /** SQLite-backed objects: rows written and data stored. */
  rowsWritten: { included: 50e6, perMillion: 1 },
  storage: { includedGb: 5, perGbMonth: 0.2 },
} as const;

/** How a practitioner uses rooms: assumptions, not measurements. */
export const USAGE = {
  sessionsPerMonth: 20,
  minutesPerSession: 10,
  /** Share of sessions breathed in a room (the rest alone, offline or not: no server). */
  roomShare: 0.25,
  /** Members of an ordinary room, on average. */
  membersPerRoom: 8,
  /** Presence messages a member sends a minute: one per press and per release at 6 breaths a minute, and y-protocols' renewal every 15 s. */
  messagesPerMemberMinute: 16,
  /** /time requests a member makes per room session: a burst of 8 on joining, then one a minute. */
  timeRequestsPerSession: 8 + 10,
  /** Document changes (rows written) per room session: the start, names, the lead, the end, a fold. */
  rowsPerRoomSession: 12,
  /** Wall time an object is busy per incoming message, ms (a generous bound: measured CPU per message in workerd is far below). */
  busyMsPerMessage: 1,
  /** Worker CPU per request (upgrade checks, /time), ms. */
  workerCpuMsPerRequest: 1,
  /** Share of room minutes spent in fields (events above the threshold): their timer keeps the object awake, billed by the wall clock. */
  fieldShare: 0.1,
  /** Members of a field room, on average. */
  membersPerField: 2000,
  /** Stored bytes per room (a document of a few members' names and a session), kept 30 days after last use. */
  bytesPerRoom: 16 * 1024,
  /** Busiest minute over the month's average minute (rooms gather at hours and events). */
  peakToAverage: 10,
} as const;

/** Figures measured on this machine (2 cores) by bench/relay-load.ts: Node relay CPU and memory per member. */
export interface NodeFigures {
  /** Share of one core per connected member, in a field of 10,000 at 1 Hz presence. */
  readonly coreSharePerFieldMember: number;
  /** ...and in rooms of 10 at 1 Hz (scaled below to the app's presence rate: the cost there is relaying presence). */
  readonly coreSharePerSmallRoomMember: number;
  /** Peak RSS per member, MB, at 10,000 in one room. */
  readonly rssMbPerMember: number;
  /** Open connections one process held before it stopped (its limit named beside it). */
  readonly connectionCeiling: number;
}

const MINUTES_A_MONTH = 30 * 24 * 60;
const over = (used: number, included: number) => Math.max(0, used - included);

/** One line of the Durable Objects bill for `practitioners` monthly practitioners. */
export function workersCost(practitioners: number, u = USAGE, p = PRICES) {
  const roomSessions = practitioners * u.sessionsPerMonth * u.roomShare;
  const memberMinutes = roomSessions * u.minutesPerSession;
  const messages = memberMinutes * u.messagesPerMemberMinute;
  const doRequests = messages / p.webSocketMessagesPerRequest + roomSessions; // messages, and one upgrade each
  const workerRequests = roomSessions * (1 + u.timeRequestsPerSession);
  // Ordinary rooms hibernate between messages: billed only while busy. Fields are awake throughout.
  const busySeconds = (messages * (1 - u.fieldShare) * u.busyMsPerMessage) / 1000;
  const fieldSeconds = ((memberMinutes * u.fieldShare) / u.membersPerField) * 60;
  const gbS = (busySeconds + fieldSeconds) * p.doDuration.gbPerObject;
  const rooms = roomSessions / u.membersPerRoom;
  const rowsWritten = rooms * u.rowsPerRoomSession;
  const storedGb = (rooms * u.bytesPerRoom) / 1e9;
  const lines = {
    doRequests: (over(doRequests, p.doRequests.included) / 1e6) * p.doRequests.perMillion,
    duration: (over(gbS, p.doDuration.includedGbS) / 1e6) * p.doDuration.perMillionGbS,
    workerRequests: (over(workerRequests, p.workerRequests.included) / 1e6) * p.workerRequests.perMillion,
    workerCpu: (over(workerRequests * u.workerCpuMsPerRequest, p.workerCpuMs.included) / 1e6) * p.workerCpuMs.perMillion,
    rowsWritten: (over(rowsWritten, p.rowsWritten.included) / 1e6) * p.rowsWritten.perMillion,
    storage: over(storedGb, p.storage.includedGb) * p.storage.perGbMonth,
  };
  const total = p.base + Object.values(lines).reduce((a, b) => a + b, 0);
  return { memberMinutes, doRequests, workerRequests, gbS, rowsWritten, storedGb, lines, total };
}

/** Peak members in rooms at once for `practitioners` monthly practitioners. */
export function peakMembers(practitioners: number, u = USAGE): number {
  const memberMinutes = practitioners * u.sessionsPerMonth * u.roomShare * u.minutesPerSession;
  return (memberMinutes / MINUTES_A_MONTH) * u.peakToAverage;
}

/** How many monthly practitioners one Node machine of `cores` serves, and what limits it. */
export function nodeMachine(f: NodeFigures, cores: number, memoryGb: number, u = USAGE) {
  // A core's worth kept free for the page traffic, checkpoints and bursts: the relay's one thread uses at most one core.
  const smallRoom = (f.coreSharePerSmallRoomMember * u.messagesPerMemberMinute) / 60;
  // A field's cost is mostly its frames (5 a second to everyone, whatever members send): not scaled.
  const byCpu = Math.min(1, cores - 1 || 1) / ((1 - u.fieldShare) * smallRoom + u.fieldShare * f.coreSharePerFieldMember);
  const byMemory = (memoryGb * 1024 * 0.5) / f.rssMbPerMember;
  const concurrent = Math.min(byCpu, byMemory, f.connectionCeiling);
  const limit = concurrent === byCpu ? 'one core' : concurrent === byMemory ? 'memory' : 'connections';
  const perPractitioner = peakMembers(1, u);
  return { concurrent, limit, practitioners: concurrent / perPractitioner };
}

const usd = (x: number) => (x < 1000 ? `$${x.toFixed(2)}` : `$${Math.round(x).toLocaleString('en-US')}`);
const big = (x: number) =>
  x >= 1e6 ? `${(x / 1e6).toFixed(x >= 1e7 ? 0 : 1)}M` : x >= 1e3 ? `${(x / 1e3).toFixed(x >= 1e4 ? 0 : 1)}k` : x.toFixed(0);

/** Prints the cost table (Workers) and one Node machine's reach from `figures`. */
export function printCapacity(figures: NodeFigures): void {
  console.log('\n## Capacity and cost (on paper, from measured figures; assumptions in bench/capacity.ts)\n');
  console.log(
    '| monthly practitioners | member-minutes in rooms | peak members at once | DO requests | DO GB-s | Worker requests | rows written | requests $ | duration $ | Worker $ | storage $ | bill a month |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const n of [1e3, 1e5, 1e6, 1e7]) {
    const c = workersCost(n);
    const l = c.lines;
    console.log(
      `| ${big(n)} | ${big(c.memberMinutes)} | ${big(peakMembers(n))} | ${big(c.doRequests)} | ${big(c.gbS)} | ${big(c.workerRequests)} | ${big(c.rowsWritten)} | ${usd(l.doRequests)} | ${usd(l.duration)} | ${usd(l.workerRequests + l.workerCpu)} | ${usd(l.rowsWritten + l.storage)} | ${usd(c.total)} |`,
    );
  }
  console.log(`\n(The bill includes the plan's $${PRICES.base} minimum.)`);
  const machine = nodeMachine(figures, 2, 8);
  console.log(
    `\nOne Node machine (2 cores, 8 GB): ${big(machine.concurrent)} members at once (limited by ${machine.limit}), about ${big(machine.practitioners)} monthly practitioners.`,
  );
}

/**
 * Measured here by bench/relay-load.ts on 2026-12-01 (2 cores shared with the load generators),
 * the run after frames were framed once and kept to their grid: 5,000 in one room at 5 field
 * frames a second took 49% of a core (at 10,000 the relay used 83-90% of a core and sent 3.9 to
 * 4.9 frames a second over five runs); 2,000 in rooms of 10 took 46%; 30 KB of RSS per member at
 * 5,000 (270 MB less 118 MB idle); 19,686 connections held at most (with the open-file limit of
 * 20,000 here; CPU stops a field first). Update them with a new run.
 */
export const MEASURED: NodeFigures = {
  coreSharePerFieldMember: 0.49 / 5000,
  coreSharePerSmallRoomMember: 0.46 / 2000,
  rssMbPerMember: 30 / 1024,
  connectionCeiling: 19_686,
};

if (import.meta.url === `file://${process.argv[1]}`) printCapacity(MEASURED);
