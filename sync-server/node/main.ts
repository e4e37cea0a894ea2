/** Runs the Node adapter: serves the built app (and, later, the relay) on one port. */
import type { AddressInfo } from 'node:net';
import { createAppServer } from './app.ts';
import { readConfig } from './config.ts';

const config = readConfig();
const server = createAppServer({ distDir: config.distDir });

server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Sacred Breathing listening on http://${config.host}:${port}`);
});

function shutdown(signal: string): void {
  console.log(`${signal}: closing`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
