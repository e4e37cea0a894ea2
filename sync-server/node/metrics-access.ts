/**
 * Who may read /metrics. With METRICS_TOKEN: a request with `Authorization: Bearer <token>`
 * (compared in constant time). Without it: the app's port answers loopback peers only (never
 * behind a trusted proxy, where every peer is the proxy), and a METRICS_LISTEN listener answers
 * anyone who reaches it (the operator chose that address). With METRICS_LISTEN, the app's port
 * does not serve /metrics at all.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { isIP } from 'node:net';
import { REFUSAL_HEADERS } from '../headers.ts';
import { constantTimeEqual } from '../policy.ts';
import { parseTarget } from '../request-target.ts';
import type { Route } from './app.ts';
import { guardSockets, serverTimeouts } from './sockets.ts';
import type { LimitLog } from '../limit-log.ts';

export interface MetricsAccessOptions {
  readonly token: string | null;
  readonly listen: { readonly host: string; readonly port: number } | null;
  readonly trustProxy: boolean;
}

/** A loopback peer address (127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6). */
export const isLoopback = (address: string | undefined): boolean =>
  address !== undefined && isIP(address.replace(/^::ffff:/, '')) !== 0 && /^(?:127\.|::1$|::ffff:127\.)/.test(address);

/** The bearer token of an Authorization header, or undefined. */
const bearer = (header: string | undefined): string | undefined => /^Bearer +(\S+) *$/i.exec(header ?? '')?.[1];

/** Access to /metrics (see the module doc). */
export interface MetricsAccess {
  /** Whether this request may read /metrics; give it to the relay (`RelayOptions.metricsAllowed`). */
  allowed(req: IncomingMessage): boolean;
  /** For the app's port, before the relay's routes: with a listener of its own, /metrics is not here (404). */
  readonly route: Route;
  /**
   * Starts the METRICS_LISTEN listener serving `metricsRoute` (the relay's) and nothing else;
   * resolves with its address (null without METRICS_LISTEN).
   */
  listen(metricsRoute: Route, limitLog: LimitLog): Promise<{ server: Server; url: string } | null>;
}

export function createMetricsAccess(options: MetricsAccessOptions): MetricsAccess {
  const onListener = new WeakSet<object>();
  const allowed = (req: IncomingMessage): boolean => {
    if (options.token !== null) return constantTimeEqual(bearer(req.headers.authorization) ?? '', options.token);
    if (onListener.has(req.socket)) return true;
    return options.listen === null && !options.trustProxy && isLoopback(req.socket.remoteAddress);
  };
  return {
    allowed,
    route: {
      name: 'metrics-elsewhere',
      handle(req, res, url) {
        if (url.pathname !== '/metrics' || options.listen === null || onListener.has(req.socket)) return false;
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end('Not found');
        return true;
      },
    },
    async listen(metricsRoute, limitLog) {
      if (options.listen === null) return null;
      const server = createServer(serverTimeouts(10_000), (req, res) => {
        for (const [name, value] of Object.entries(REFUSAL_HEADERS)) res.setHeader(name, value);
        const url = parseTarget(req.url);
        if (url && metricsRoute.handle(req, res, url)) return;
        res.writeHead(url ? 404 : 400, { 'Content-Type': 'text/plain; charset=utf-8' }).end(url ? 'Not found' : 'Bad request target.');
      });
      server.on('connection', (socket) => onListener.add(socket));
      guardSockets(server, { maxSockets: 64, maxSocketsPerClient: 0, upgradeTimeoutMs: 10_000, limitLog });
      const { host, port } = options.listen;
      await new Promise<void>((ok, fail) => {
        server.once('error', fail);
        server.listen(port, host, () => {
          server.off('error', fail);
          // An accept error later (EMFILE) must not end the process: the listener is only for /metrics.
          server.on('error', () => limitLog.hit('metrics-listener-error'));
          ok();
        });
      });
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      return { server, url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}` };
    },
  };
}
