/**
 * The gateway's adapters for its conformance suite, each serving public/glyphs: the Node route in
 * the app server on 127.0.0.1, the Worker in workerd (`wrangler dev`, as worker.test.ts runs it),
 * and the Deno relay as a child process (as deno.test.ts runs it).
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createAppServer } from '../../node/app.ts';
import { gatewayRoute } from '../../node/gateway.ts';
import { ipnsRoute } from '../../node/ipns-route.ts';
import { openPackDir } from '../../node/pack-dir.ts';
import { startDeno } from '../../deno/local.ts';
import { startWorker } from '../../worker/local.ts';

/** The glyph pack both adapters serve. */
export const PACK_DIR = resolve(import.meta.dirname, '../../../public/glyphs');

/** A running gateway. */
export interface GatewayTarget {
  readonly url: string;
  close(): Promise<void>;
}

/** A build directory with the app page and the pack, as the build makes it. */
function distWithPack(): string {
  const dist = mkdtempSync(join(tmpdir(), 'sb-gateway-dist-'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  cpSync(PACK_DIR, join(dist, 'glyphs'), { recursive: true });
  return dist;
}

/** The Node adapter: the app server with the name's route and the gateway route over the pack directory, as main.ts wires them. */
export async function startNodeGateway(): Promise<GatewayTarget> {
  const dist = distWithPack();
  const pack = await openPackDir(join(dist, 'glyphs'));
  const server = createAppServer({
    distDir: dist,
    routes: [ipnsRoute(() => pack.current().record), gatewayRoute(() => pack.current().blocks)],
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

/** The Worker in workerd, its static assets the same build directory. */
export async function startWorkerGateway(): Promise<GatewayTarget> {
  const worker = await startWorker({}, undefined, distWithPack());
  return { url: worker.url, close: () => worker.kill('SIGKILL') };
}

/** The Deno relay (deno/local.ts) as a child process, serving the same build directory. */
export async function startDenoGateway(): Promise<GatewayTarget> {
  const relay = await startDeno({}, undefined, distWithPack());
  return { url: relay.url, close: () => relay.kill('SIGKILL') };
}

/** The adapters, by name, for `describe.each`. */
export const TARGETS = [
  { adapter: 'node', start: startNodeGateway },
  { adapter: 'worker', start: startWorkerGateway },
  { adapter: 'deno', start: startDenoGateway },
] as const;
