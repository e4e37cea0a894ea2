/**
 * The relay on Deno: `deno run --unstable-kv sync-server/deno/main.ts` (npm run dev:deno). Serves
 * the built app, the rooms over Deno KV (DATA_DIR/rooms.kv), the glyph pack's gateway, /healthz and
 * /time on HOST:PORT, with the Node server's settings (config.ts). SIGTERM and SIGINT: stop
 * accepting, fold every room, close every member with 1001, and exit once the writes are done.
 * On Deno Deploy (npm run deploy:deno says how) it opens the app's own KV instead of a file.
 */
import { PACK_FILES, packState } from '../gateway/pack-state.ts';
import type { PackState } from '../gateway/types.ts';
import { ConfigError, readConfig } from './config.ts';
import { createDenoRelay } from './handler.ts';
import { type KvLike, openKvRoomStore } from './kv-store.ts';
import { deno } from './runtime.ts';
import { createScrubber, scrubbingStore, scrubOffThread } from './scrub.ts';

const log = (line: string) => console.log(line);

/** The pack the build publishes (DIST_DIR/glyphs), verified as on Node; null when the build has none. */
async function readPack(distDir: string): Promise<PackState | null> {
  const file = (name: string) => deno.readFile(`${distDir}/glyphs/${name}`).catch(() => null);
  const [car, record, name] = await Promise.all([file(PACK_FILES.car), file(PACK_FILES.record), file(PACK_FILES.name)]);
  if (car === null && record === null) return null;
  return packState({ car, record, name }, { onExpired: (error) => log(`glyph pack: ${error.message}`) });
}

async function main(): Promise<void> {
  const config = readConfig();
  if ((await deno.stat(`${config.distDir}/index.html`).catch(() => null)) === null)
    throw new ConfigError(`No build in ${config.distDir}: run \`npm run build\` (npm run dev:deno does it for you).`);
  if (!config.deployed) await deno.mkdir(config.dataDir, { recursive: true });
  const pack = await readPack(config.distDir);
  const kv = (await (config.deployed ? deno.openKv() : deno.openKv(config.kvPath))) as KvLike;
  const store = openKvRoomStore(kv, { retentionMs: config.limits.deleteRoomAfterMs });
  // The disk quota and new rooms are checked from memory: what KV holds is counted before any request.
  const scanned = await store.scan();
  log(`stored: ${scanned.rooms} rooms, ${scanned.tombstones} tombstones, ${store.totalBytes()} bytes`);
  if (!scanned.complete) log('stored: more entries than the scan reads; the store counts itself full');
  // Deploy's KV is no file of ours: what it keeps of a deletion is the platform's.
  const scrubber = config.deployed ? null : createScrubber(() => scrubOffThread(config.kvPath), { log });
  await scrubber?.atStart();
  const scrubbed = scrubber ? scrubbingStore(store, kv, scrubber) : store;
  const relay = createDenoRelay({ config, store: scrubbed, pack, log });
  const server = deno.serve(
    { port: config.port, hostname: config.host, onListen: ({ hostname, port }) => log(`listening on http://${hostname}:${port}`) },
    (request, info) => relay.handle(request, info),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await relay.shutdown();
    // A member that never answers its close must not hold the exit.
    await Promise.race([server.shutdown(), new Promise((done) => setTimeout(done, 3000))]);
    store.close();
    deno.exit(0);
  };
  deno.addSignalListener('SIGTERM', stop);
  deno.addSignalListener('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  deno.exit(1);
});
