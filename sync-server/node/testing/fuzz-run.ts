/**
 * A fuzz run against a real relay process: hostile connections (each from its own made-up client
 * address, sent as X-Forwarded-For to a relay started with TRUST_PROXY=1) send bursts from the
 * frame fuzzer, reconnecting whenever they are closed; one connection never reads; two honest
 * members (the stock y-websocket client) edit the room throughout. It reports what was sent, how
 * the relay answered, whether it stayed up and healthy, its peak memory, and whether the honest
 * members and a fresh joiner ended with the same document. Used by the test run and bench/.
 */
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import type * as Y from 'yjs';
import { maskedFrame, openBareSocket } from '../../testing/bare-websocket.ts';
import { createFrameFuzzer, type Shape } from '../../testing/fuzz-frames.ts';
import { connectMember, ROOM, synced, until } from '../../testing/clients.ts';
import type { Relay } from './relay-process.ts';

export interface FuzzReport {
  readonly frames: number;
  readonly byShape: Partial<Record<Shape, number>>;
  /** Close codes the relay sent hostile connections, and upgrades it refused (by status). */
  readonly closes: Record<string, number>;
  readonly refusedUpgrades: Record<string, number>;
  readonly crashes: number;
  readonly peakRssMiB: number;
  /** /healthz polls (every 200 ms) that failed or took over 2 s, of all polls; the slowest answer. */
  readonly healthFailures: number;
  readonly healthPolls: number;
  readonly healthMaxMs: number;
  readonly converged: boolean;
  /** Honest edits made, how many each honest member and a fresh joiner ended with, and the close codes honest members got. */
  readonly honest: {
    readonly edits: number;
    readonly a: number;
    readonly b: number;
    readonly joiner: number;
    readonly closes: Record<string, number>;
  };
  readonly seconds: number;
}

export interface FuzzOptions {
  readonly frames: number;
  readonly seed: number;
  readonly connections: number;
  readonly maxFrameBytes: number;
}

const peakRssMiB = (pid: number): number => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const contents = (doc: Y.Doc) => JSON.stringify(Object.entries(doc.getMap('honest').toJSON()).sort(([x], [y]) => x.localeCompare(y)));
const count = (tally: Record<string, number>, key: string): void => {
  tally[key] = (tally[key] ?? 0) + 1;
};

export async function runRelayFuzz(relay: Relay, options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const fuzzer = createFrameFuzzer(options.seed, options.maxFrameBytes);
  const byShape: Partial<Record<Shape, number>> = {};
  const closes: Record<string, number> = {};
  const refusedUpgrades: Record<string, number> = {};
  let frames = 0;
  let crashes = 0;
  let peak = 0;
  relay.child.once('exit', () => crashes++);

  const a = connectMember(relay, ROOM);
  const b = connectMember(relay, ROOM);
  const members = [a, b];
  const honestCloses: Record<string, number> = {};
  for (const m of members) m.provider.on('connection-close', (event: CloseEvent | null) => count(honestCloses, String(event?.code)));
  await Promise.all([synced(a.provider), synced(b.provider)]);
  const victims = [a.doc.clientID, b.doc.clientID];
  let edits = 0;
  const honest = setInterval(() => {
    const who = edits % 2 === 0 ? a : b;
    who.doc.getMap('honest').set(`edit ${edits}`, edits);
    who.provider.awareness.setLocalStateField('name', `honest ${edits++}`);
  }, 50);

  const health = { failures: 0, polls: 0, maxMs: 0 };
  const poller = setInterval(() => {
    const t0 = performance.now();
    health.polls++;
    fetch(`${relay.url}/healthz`, { signal: AbortSignal.timeout(2000) })
      .then((r) => (r.ok ? undefined : health.failures++))
      .catch(() => health.failures++)
      .finally(() => (health.maxMs = Math.max(health.maxMs, performance.now() - t0)));
    if (relay.child.exitCode === null) peak = Math.max(peak, peakRssMiB(relay.child.pid!));
  }, 200);

  // A member that never reads: the relay must bound what it queues for it.
  const { socket: silent } = await openBareSocket(`${relay.ws}/room/${ROOM}`, { 'X-Forwarded-For': '192.0.2.1' });
  silent.on('error', () => undefined);
  silent.pause();

  const hostile = async (worker: number) => {
    let n = 0;
    while (frames < options.frames && relay.child.exitCode === null) {
      const address = `198.51.100.${(worker * 37 + n++) % 250}`;
      const room = n % 10 === 0 ? `fuzz${String(n).padStart(18, '0')}` : ROOM;
      let socket: Socket;
      let status: number;
      try {
        ({ socket, status } = await openBareSocket(`${relay.ws}/room/${room}`, { 'X-Forwarded-For': address }));
      } catch {
        // reason: the relay refused the connection at the TCP level (it is down, or past its socket cap)
        count(refusedUpgrades, 'tcp');
        continue;
      }
      socket.on('error', () => undefined);
      if (status !== 101) {
        count(refusedUpgrades, String(status));
        socket.destroy();
        continue;
      }
      let open = true;
      socket.on('data', (d: Buffer) => d[0] === 0x88 && d.length >= 4 && count(closes, String(d.readUInt16BE(2))));
      socket.once('close', () => (open = false));
      while (open && frames < options.frames) {
        const { shape, frames: burst } = fuzzer.next(victims);
        byShape[shape] = (byShape[shape] ?? 0) + burst.length;
        frames += burst.length;
        socket.write(Buffer.concat(burst.map(maskedFrame)));
        await new Promise((r) => setTimeout(r, 5)); // the hostile client's pace (a rate it sends at), not a wait for a condition
      }
      socket.destroy();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, i) => hostile(i)));
  clearInterval(honest);
  silent.destroy();

  let converged = false;
  let joiner = 0;
  if (relay.child.exitCode === null) {
    // reason: a relay that lost an honest member's change never converges; the timeout is the verdict
    try {
      const last = `edit ${edits - 1}`;
      await until(() => a.doc.getMap('honest').has(last) && b.doc.getMap('honest').has(last), 15_000);
      const late = connectMember(relay, ROOM);
      members.push(late);
      await synced(late.provider);
      await until(() => {
        joiner = late.doc.getMap('honest').size;
        return joiner === edits && contents(late.doc) === contents(a.doc) && contents(a.doc) === contents(b.doc);
      }, 15_000);
      converged = true;
    } catch {
      converged = false;
    }
  }
  clearInterval(poller);
  for (const m of members) m.provider.destroy();
  return {
    frames,
    byShape,
    closes,
    refusedUpgrades,
    crashes,
    peakRssMiB: Math.round(peak),
    healthFailures: health.failures,
    healthPolls: health.polls,
    healthMaxMs: Math.round(health.maxMs),
    converged,
    honest: { edits, a: a.doc.getMap('honest').size, b: b.doc.getMap('honest').size, joiner, closes: honestCloses },
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
