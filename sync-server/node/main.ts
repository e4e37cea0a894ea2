/** Runs the Node adapter: the built app and the relay on one port. */
import type { AddressInfo } from 'node:net';
import { createAppServer } from './app.ts';
import { readConfig } from './config.ts';
import { gatewayListRoute, gatewayRoute } from './gateway.ts';
import { httpLimitRoute, listBuildFiles } from './http-limit.ts';
import { ipnsRoute } from './ipns-route.ts';
import { createLimitLog } from '../limit-log.ts';
import { createMetricsAccess } from './metrics-access.ts';
import { openPackDir, PackDirError, packDirFromEnv } from './pack-dir.ts';
import { openRoomStore } from './persistence.ts';
import { createRelay } from './relay.ts';
import { guardSockets, serverTimeouts } from './sockets.ts';

const config = readConfig();
const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
// One count and one log ceiling for every limit, HTTP and relay alike (/metrics shows the counts).
const limitLog = createLimitLog(log);
const metrics = createMetricsAccess({ token: config.metricsToken, listen: config.metricsListen, trustProxy: config.trustProxy });
const relay = createRelay({
  limits: config.limits,
  store: openRoomStore(config.dataDir, log),
  log,
  limitLog,
  trustProxy: config.trustProxy,
  metricsAllowed: metrics.allowed,
});
// The glyph pack: a new publish in its directory is served without a restart; one that does not verify is logged and the old pack stays.
const packDir = await openPackDir(packDirFromEnv(process.env, config.distDir), { onRefused: (error) => log(error.message) }).catch(
  (error: unknown) => {
    if (!(error instanceof PackDirError)) throw error;
    console.error(`${error.message} (GLYPH_PACK_DIR)`);
    process.exit(1);
  },
);
const glyphs = gatewayRoute(() => packDir.current().blocks);
const pages = httpLimitRoute({
  perMinute: config.limits.httpPerMinute,
  trustProxy: config.trustProxy,
  buildFiles: listBuildFiles(config.distDir),
  limitLog,
});
const server = createAppServer({
  distDir: config.distDir,
  routes: [
    pages,
    metrics.route,
    ...relay.routes,
    ipnsRoute(() => packDir.current().record),
    glyphs,
    gatewayListRoute(config.glyphGateways),
  ],
  glyphGateways: config.glyphGateways,
  hsts: config.hsts,
  serverOptions: serverTimeouts(config.headersTimeoutMs),
  onRefused: (kind, req) => limitLog.hit(kind, req.socket),
});
const sockets = guardSockets(server, {
  maxSockets: config.maxSockets,
  maxSocketsPerClient: config.maxSocketsPerClient,
  upgradeTimeoutMs: config.headersTimeoutMs,
  limitLog,
});
server.on('upgrade', (req, socket, head) => {
  sockets.upgraded(socket); // a room connection: the relay counts those per client
  relay.handleUpgrade(req, socket, head);
});
// Listening failed (the port is taken, the address is not ours): say so and stop; later errors are logged.
server.on('error', (error: NodeJS.ErrnoException) => {
  log(`server error: ${error.code ?? error.name}`);
  if (!server.listening) process.exit(1);
});

server.listen(config.port, config.host, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`Sacred Breathing listening on http://${config.host}:${port}`);
});
const metricsServer = await metrics
  .listen(relay.routes.find((r) => r.name === 'metrics')!, limitLog)
  .catch((error: NodeJS.ErrnoException) => {
    log(`METRICS_LISTEN: cannot listen (${error.code ?? error.name})`);
    process.exit(1);
  });
if (metricsServer) console.log(`Metrics served on ${metricsServer.url}`);

function shutdown(signal: string): void {
  log(`${signal}: stopping`);
  const exit = () => {
    relay.closeStore();
    process.exit(0);
  };
  metricsServer?.server.close();
  server.close(exit); // stop accepting; exits once the last connection ends
  relay.shutdown(); // flush every room, close every socket with 1001
  server.closeIdleConnections();
  // Sockets that do not finish their closing handshake do not hold the process.
  setTimeout(exit, 3000).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
