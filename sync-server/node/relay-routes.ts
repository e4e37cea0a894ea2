/** The relay's HTTP endpoints on the Node adapter: /time for clock sync and /metrics (Prometheus text). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RoomCounters } from '../room.ts';
import type { Route } from './app.ts';
import { renderMetrics, type RelayGauges } from './metrics.ts';

const serverNow = () => performance.timeOrigin + performance.now();

/** A utility route: answers its path for GET and HEAD, 405 for other methods. */
const utility = (path: string, answer: (req: IncomingMessage, res: ServerResponse) => void): Route => ({
  name: path.slice(1),
  handle(req, res, url) {
    if (url.pathname !== path) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    else answer(req, res);
    return true;
  },
});

/** `/time`: the server's clock twice (on arrival and before answering), for NTP-style sync. */
export const timeRoute: Route = utility('/time', (_req, res) => {
  const t1 = serverNow();
  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify({ t1, t2: serverNow() }));
});

export interface MetricsSource {
  readonly counters: RoomCounters;
  readonly gauges: () => RelayGauges;
  /** Whether a request may read the metrics (a token check); absent: anyone who reaches the route. */
  readonly allowed?: (req: IncomingMessage) => boolean;
  /** A refused read (counted and logged as a limit). */
  readonly refused: () => void;
}

/** `/metrics`, named 'metrics' (METRICS_LISTEN finds it by that name to serve it on its own listener). */
export const metricsRoute = (source: MetricsSource): Route =>
  utility('/metrics', (req, res) => {
    if (source.allowed && !source.allowed(req)) {
      source.refused();
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'WWW-Authenticate': 'Bearer' }).end('A metrics token is needed.');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Cache-Control': 'no-store' });
    res.end(renderMetrics(source.counters, source.gauges()));
  });
