/**
 * The disk one client address can fill under the default limits: it opens new rooms as fast as the
 * relay lets it and fills each to its size limit, for a bounded time. Prints the rooms it got, the
 * refusals, the bytes the relay stored, and what that makes an hour (new rooms per hour are the
 * bound: the rooms an address may create, times the room size).
 */
import { DEFAULT_LIMITS } from '../sync-server/policy.ts';
import { changeOf, syncUpdate } from '../sync-server/testing/updates.ts';
import { startRelay, stopAllRelays } from '../sync-server/node/testing/relay-process.ts';
import * as Y from 'yjs';

const SECONDS = Number(process.env.BENCH_DISK_SECONDS ?? 30);

const stored = async (url: string) => Number(/^relay_stored_bytes (\d+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ?? 0);

export async function printRelayDisk(): Promise<void> {
  const relay = await startRelay({ RELAY_HTTP_PER_MINUTE: '100' });
  const end = Date.now() + SECONDS * 1000;
  const codes: Record<string, number> = {};
  let rooms = 0;
  for (let n = 0; Date.now() < end; n++) {
    const id = `disk${String(n).padStart(18, '0')}`;
    const ws = new WebSocket(`${relay.ws}/room/${id}`);
    const opened = await new Promise<boolean>((ok) => {
      ws.onopen = () => ok(true);
      ws.onerror = () => ok(false);
    });
    if (!opened) {
      codes.refused = (codes.refused ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    rooms++;
    const closed = new Promise<number>((ok) => (ws.onclose = (e) => ok(e.code)));
    const doc = new Y.Doc();
    // Frames just under the frame limit until the room refuses more (4013) or the budget closes us (4029).
    for (let i = 0; i < 8 && ws.readyState === WebSocket.OPEN; i++) {
      ws.send(syncUpdate(changeOf(doc, (d) => d.getMap('m').set(`v${i}`, 'x'.repeat(DEFAULT_LIMITS.maxFrameBytes - 1024)))));
      await new Promise((r) => setTimeout(r, 20));
    }
    ws.close();
    const code = await closed;
    codes[code] = (codes[code] ?? 0) + 1;
  }
  await new Promise((r) => setTimeout(r, 1500)); // past the fold
  const bytes = await stored(relay.url);
  stopAllRelays();
  const perHour = (DEFAULT_LIMITS.newRoomsPerHour * (DEFAULT_LIMITS.maxRoomBytes * 1.25 + 64 * 1024)) / (1 << 20);
  console.log(`\n## Disk one address can fill (default limits, ${SECONDS} s of trying)\n`);
  console.log(
    `Rooms opened: ${rooms}; refused upgrades: ${codes.refused ?? 0}; closes: ${JSON.stringify(Object.fromEntries(Object.entries(codes).filter(([k]) => k !== 'refused')))}.`,
  );
  console.log(
    `Stored: ${(bytes / (1 << 20)).toFixed(1)} MiB. An hour is bounded by ${DEFAULT_LIMITS.newRoomsPerHour} new rooms of at most ${DEFAULT_LIMITS.maxRoomBytes / (1 << 20)} MiB each (a log of at most a quarter more plus 64 KiB before it is folded): ${perHour.toFixed(1)} MiB, whatever the address does, against the 30-day retention and the ${DEFAULT_LIMITS.diskQuotaBytes / (1 << 30)} GiB quota.`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await printRelayDisk();
  process.exit(0);
}
