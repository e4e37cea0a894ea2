/**
 * The heap one room costs in the relay, for the shapes an attacker can build within the default
 * limits (many small structs, nested types, one big value, a mix at every limit), beside the
 * estimate the memory budget counts (`estimateHeap` in sync-server/room.ts). Each shape is
 * sent as real updates through a room's member, the way the relay receives them.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from '../sync-server/policy.ts';
import { createRoom, newCounters, type Peer } from '../sync-server/room.ts';
import { estimateHeap } from '../sync-server/room.ts';
import { syncUpdate } from '../sync-server/testing/updates.ts';

const ROOMS = 5;
const limits = { ...DEFAULT_LIMITS, messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1 << 30, bytesBurst: 1 << 30 };
const peer: Peer = { send: () => undefined, close: () => undefined, bufferedAmount: 0 };

/** Updates of at most `maxUpdateStructs` structs each that build the shape. */
function updates(shape: string): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  const batch = (n: number, edit: (i: number) => void) => {
    for (let start = 0; start < n; start += 9000)
      doc.transact(() => {
        for (let i = start; i < Math.min(n, start + 9000); i++) edit(i);
      });
  };
  if (shape === 'structs') batch(49_000, (i) => doc.getMap('m').set(i.toString(36), 0));
  if (shape === 'nested types') batch(1000, (i) => doc.getMap('m').set(`n${i}`, new Y.Map()));
  if (shape === 'one big value') doc.getMap('m').set('big', 'x'.repeat(250_000));
  if (shape === 'every limit') {
    batch(1000, (i) => doc.getMap('m').set(`n${i}`, new Y.Map()));
    batch(48_000, (i) => doc.getMap('s').set(i.toString(36), 0));
    doc.getMap('v').set('v', 'y'.repeat(200_000));
  }
  return out;
}

function measure(shape: string): { heap: number; estimate: number; bytes: number; structs: number; types: number } {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const sent = updates(shape);
  gc();
  const before = process.memoryUsage().heapUsed;
  const rooms = Array.from({ length: ROOMS }, (_, i) => {
    const room = createRoom(`r${i}`, {
      limits,
      counters: newCounters(),
      onLimit: () => undefined,
      onDocChange: () => undefined,
      onCheckpoint: () => undefined,
    });
    const member = room.join(peer, 0);
    for (const u of sent) {
      const refused = member.receive(syncUpdate(u), 0);
      if (refused) throw new Error(`${shape}: refused with ${refused}`);
    }
    room.checkpoint();
    return room;
  });
  gc();
  const heap = (process.memoryUsage().heapUsed - before) / ROOMS;
  const stats = rooms[0]!.stats();
  for (const r of rooms) r.destroy();
  return { heap, estimate: estimateHeap(stats), ...stats };
}

export function printRoomHeap(): void {
  const mib = (n: number) => `${(n / (1 << 20)).toFixed(1)} MiB`;
  console.log(`\n## Heap of one room in the relay (mean of ${ROOMS} rooms, default limits), beside the memory budget's estimate\n`);
  console.log('| shape | stored bytes | structs | nested types | heap | estimate |');
  console.log('|---|---|---|---|---|---|');
  for (const shape of ['structs', 'nested types', 'one big value', 'every limit']) {
    const m = measure(shape);
    console.log(
      `| ${shape} | ${m.bytes.toLocaleString('en')} | ${m.structs.toLocaleString('en')} | ${m.types} | ${mib(m.heap)} | ${mib(m.estimate)} |`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) printRoomHeap();
