/**
 * The Node adapter's HTTP side: one server that serves the built app with security headers, a
 * health check, and (from the rooms issue on) the relay's WebSocket upgrade on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';
import { cacheControlFor, securityHeaders } from '../headers.ts';
import { originForm, parseTarget } from '../request-target.ts';
import type { LimitKind } from '../policy.ts';

/** A handler that answers a request or returns false to let the next one try. */
export interface Route {
  readonly name: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): boolean;
}

export interface AppServerOptions {
  /** The production build to serve (vite's outDir). */
  readonly distDir: string;
  /** Routes tried before the static files, in order (health, the relay's HTTP endpoints, the gateway). */
  readonly routes?: readonly Route[];
  /** Public IPFS gateways the page may load glyphs from (allowed in the CSP). */
  readonly glyphGateways?: readonly string[];
  /** Send Strict-Transport-Security (the public origin is https). */
  readonly hsts?: boolean;
  /** Node's server options: timeouts (see main.ts). */
  readonly serverOptions?: ServerOptions;
  /** Told of each request refused before any route (a target that is no URL of ours, a route that threw). */
  readonly onRefused?: (kind: Extract<LimitKind, 'bad-target' | 'route-error'>, req: IncomingMessage) => void;
}

/** Thrown at start-up when there is no build to serve. */
export class MissingBuildError extends Error {
  override readonly name = 'MissingBuildError';
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** Answers 405 unless the method is GET or HEAD (HEAD gets the GET answer's headers); true when it did. */
export function refuseUnlessRead(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') return false;
  res.writeHead(405, { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' }).end();
  return true;
}

/** `/healthz`: answers while the process can serve. */
export const healthRoute: Route = {
  name: 'health',
  handle(req, res, url) {
    if (url.pathname !== '/healthz') return false;
    if (!refuseUnlessRead(req, res)) json(res, 200, { status: 'ok' });
    return true;
  },
};

const plain = (res: ServerResponse, status: number, body: string): void => {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'close' });
  res.end(body);
};

/** Creates the HTTP server (not yet listening). */
export function createAppServer(options: AppServerOptions): Server {
  if (!existsSync(join(options.distDir, 'index.html'))) {
    throw new MissingBuildError(`No build in ${options.distDir}: run \`npm run build\` (npm start does it for you).`);
  }
  const routes = [healthRoute, ...(options.routes ?? [])];
  const headers = Object.entries(securityHeaders(options.glyphGateways, { hsts: options.hsts ?? false }));
  const serveStatic = sirv(options.distDir, {
    etag: true,
    // Deep links (/patterns, later /room/<id>) get index.html; paths with a file extension stay 404.
    single: true,
    // The build writes .br and .gz beside each text file: sent to browsers that accept them (Vary: Accept-Encoding).
    brotli: true,
    gzip: true,
    setHeaders: (res, pathname) => res.setHeader('Cache-Control', cacheControlFor(pathname)),
  });

  return createServer(options.serverOptions ?? {}, (req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    const url = parseTarget(req.url);
    if (!url) {
      options.onRefused?.('bad-target', req);
      return plain(res, 400, 'Bad request target.');
    }
    // Absolute-form (`GET http://host/path`): what follows (the static files) reads the path only.
    if (!req.url!.startsWith('/')) req.url = originForm(url);
    // The edge of the process: a route that throws on some input answers 500, the process goes on.
    try {
      for (const route of routes) if (route.handle(req, res, url)) return;
    } catch {
      // reason: what a route threw is not the client's to see; the request is counted, the process goes on
      options.onRefused?.('route-error', req);
      if (res.headersSent) res.destroy();
      else plain(res, 500, 'Internal error.');
      return;
    }
    if (refuseUnlessRead(req, res)) return;
    serveStatic(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end('Not found');
    });
  });
}
