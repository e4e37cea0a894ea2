/** Runs the Node adapter: the built app and the relay on one port. */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createAppServer } from './app.ts';
import { readConfig } from './config.ts';
import { gatewayListRoute, gatewayRoute, loadPackBlocks } from './gateway.ts';
import { openRoomStore } from './persistence.ts';
import { createRelay } from './relay.ts';

const config = readConfig();
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
const relay = createRelay({ limits: config.limits, store: openRoomStore(config.dataDir), log, trustProxy: config.trustProxy });
const glyphs = gatewayRoute(await loadPackBlocks(join(config.distDir, 'glyphs', 'pack.car')));
const server = createAppServer({
  distDir: config.distDir,
  routes: [...relay.routes, glyphs, gatewayListRoute(config.glyphGateways)],
  glyphGateways: config.glyphGateways,
});
server.on('upgrade', (req, socket, head) => relay.handleUpgrade(req, socket, head));

server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Sacred Breathing listening on http://${config.host}:${port}`);
});

function shutdown(signal: string): void {
  log(`${signal}: stopping`);
  const exit = () => {
    relay.closeStore();
    process.exit(0);
  };
  server.close(exit); // stop accepting; exits once the last connection ends
  relay.shutdown(); // flush every room, close every socket with 1001
  server.closeIdleConnections();
  // Sockets that do not finish their closing handshake do not hold the process.
  setTimeout(exit, 3000).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
