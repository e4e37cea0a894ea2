/**
 * The Node adapter's HTTP side: one server that serves the built app with security headers, a
 * health check, and (from the rooms issue on) the relay's WebSocket upgrade on the same port.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sirv from 'sirv';
import { cacheControlFor, securityHeaders } from '../headers.ts';

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
}

/** Thrown at start-up when there is no build to serve. */
export class MissingBuildError extends Error {
  override readonly name = 'MissingBuildError';
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
};

/** `/healthz`: answers while the process can serve. */
export const healthRoute: Route = {
  name: 'health',
  handle(_req, res, url) {
    if (url.pathname !== '/healthz') return false;
    json(res, 200, { status: 'ok' });
    return true;
  },
};

/** Creates the HTTP server (not yet listening). */
export function createAppServer(options: AppServerOptions): Server {
  if (!existsSync(join(options.distDir, 'index.html'))) {
    throw new MissingBuildError(`No build in ${options.distDir}: run \`npm run build\` (npm start does it for you).`);
  }
  const routes = [healthRoute, ...(options.routes ?? [])];
  const headers = Object.entries(securityHeaders(options.glyphGateways));
  const serveStatic = sirv(options.distDir, {
    etag: true,
    // Deep links (/patterns, later /room/<id>) get index.html; paths with a file extension stay 404.
    single: true,
    setHeaders: (res, pathname) => res.setHeader('Cache-Control', cacheControlFor(pathname)),
  });

  return createServer((req, res) => {
    for (const [name, value] of headers) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'http://localhost');
    for (const route of routes) if (route.handle(req, res, url)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    serveStatic(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end('Not found');
    });
  });
}
