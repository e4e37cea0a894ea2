/**
 * Prints what one durable append costs (µs per call) for a 100-byte and a 10 KiB update, in a
 * fresh store under the OS temp dir. A figure, not a test. Usage: node sync-server/node/testing/store-bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openRoomStore } from '../persistence.ts';

const ROOMS = 50;
for (const size of [100, 10 * 1024]) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-store-bench-'));
  const store = openRoomStore(dir, () => {});
  const update = new Uint8Array(size).fill(7);
  const calls = size > 1000 ? 5_000 : 20_000;
  for (let i = 0; i < 500; i++) store.append(`room-${i % ROOMS}`, update, i); // warm-up
  const started = performance.now();
  for (let i = 0; i < calls; i++) store.append(`room-${i % ROOMS}`, update, i);
  const us = ((performance.now() - started) * 1000) / calls;
  console.log(`append ${size} B: ${us.toFixed(1)} µs per call (${calls} calls over ${ROOMS} rooms)`);
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
