/**
 * The page budget of the Node server: `RELAY_HTTP_PER_MINUTE` requests a minute per client for
 * what costs (page loads, misses, /metrics, other methods), answered 429 past it; the files of the
 * build, hashed assets, glyph blocks, /time and /healthz are free (../http-budget.ts). Room
 * upgrades have their own budget in the relay, so loading pages never keeps anyone out of a room.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { freeOfHttpBudget } from '../http-budget.ts';
import { createHttpLimiter, HTTP } from '../policy.ts';
import type { Route } from './app.ts';
import { clientKey } from './client-key.ts';
import type { LimitLog } from '../limit-log.ts';

/** A build holds a few hundred files; past this many the rest simply spend the budget. */
const MAX_LISTED_FILES = 50_000;

/**
 * The URL paths of the files under `distDir` (as a request names them, percent-encoded the way
 * `URL` does), without dot-files, which the static server does not serve either.
 */
export function listBuildFiles(distDir: string): ReadonlySet<string> {
  const paths = new Set<string>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (paths.size >= MAX_LISTED_FILES) return;
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.isFile()) paths.add(new URL(`${prefix}${entry.name}`, 'http://localhost').pathname);
    }
  };
  walk(distDir, '/');
  return paths;
}

export interface HttpLimitOptions {
  readonly perMinute: number;
  readonly trustProxy: boolean;
  /** URL paths of the build's files (listBuildFiles). */
  readonly buildFiles: ReadonlySet<string>;
  readonly limitLog: LimitLog;
}

/** The route that answers 429 once a client has spent its page budget; first among the routes. */
export function httpLimitRoute(options: HttpLimitOptions): Route {
  const limiter = createHttpLimiter(options.perMinute);
  return {
    name: 'http-rate-limit',
    handle(req, res, url) {
      if (freeOfHttpBudget(req.method, url.pathname, options.buildFiles.has(url.pathname))) return false;
      if (limiter.allow(clientKey(req, options.trustProxy), Date.now())) return false;
      options.limitLog.hit('http-rate', req.socket);
      res.writeHead(HTTP.rateLimited.status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
        'Retry-After': String(limiter.retryAfterSeconds()),
      });
      res.end(HTTP.rateLimited.body);
      return true;
    },
  };
}
