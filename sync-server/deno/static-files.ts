/**
 * The built app from DIST_DIR, as the Node server serves it: the caching rule of headers.ts, the
 * .br and .gz files the build writes beside each text file for clients that accept them, and
 * index.html for a path without an extension that is no file (a deep link, a room link).
 */
import { cacheControlFor } from '../headers.ts';
import { deno } from './runtime.ts';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  ico: 'image/x-icon',
  txt: 'text/plain; charset=utf-8',
  woff2: 'font/woff2',
  wasm: 'application/wasm',
  car: 'application/vnd.ipld.car',
};

/** A file of the build found for a path: where it is and what it is. */
export interface BuildFile {
  readonly path: string;
  readonly pathname: string;
}

const hasExtension = (pathname: string) => /\.[A-Za-z0-9]+$/.test(pathname);

/** The file of the build at `pathname` (no directory, no way out of the build), or null. */
export async function findFile(distDir: string, pathname: string): Promise<BuildFile | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.split('/').some((part) => part === '..')) return null;
  const name = decoded === '/' ? '/index.html' : decoded;
  const path = `${distDir}${name}`;
  const stat = await deno.stat(path).catch(() => null);
  return stat?.isFile ? { path, pathname: name } : null;
}

/** The compressed copy to send, if the client takes one and the build has it. */
async function encoded(file: BuildFile, acceptEncoding: string): Promise<{ path: string; encoding: string } | null> {
  for (const [encoding, ext] of [
    ['br', 'br'],
    ['gzip', 'gz'],
  ] as const) {
    if (!new RegExp(`\\b${encoding}\\b`).test(acceptEncoding)) continue;
    const path = `${file.path}.${ext}`;
    if ((await deno.stat(path).catch(() => null))?.isFile) return { path, encoding };
  }
  return null;
}

/** Answers a GET or HEAD for the build: the file, index.html for a deep link, or 404. */
export async function serveBuild(distDir: string, request: Request, url: URL, found?: BuildFile | null): Promise<Response> {
  let file = found === undefined ? await findFile(distDir, url.pathname) : found;
  if (!file && !hasExtension(url.pathname)) file = await findFile(distDir, '/');
  if (!file) {
    return new Response('Not found', {
      status: 404,
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' },
    });
  }
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.pathname)?.[1]?.toLowerCase() ?? '';
  const headers: Record<string, string> = {
    'Content-Type': TYPES[ext] ?? 'application/octet-stream',
    'Cache-Control': cacheControlFor(url.pathname),
  };
  const compressed = ['html', 'js', 'mjs', 'css', 'json', 'webmanifest', 'svg', 'txt'].includes(ext)
    ? await encoded(file, request.headers.get('Accept-Encoding') ?? '')
    : null;
  if (compressed) {
    headers['Content-Encoding'] = compressed.encoding;
    headers.Vary = 'Accept-Encoding';
  }
  const bytes = await deno.readFile(compressed?.path ?? file.path);
  headers['Content-Length'] = String(bytes.length);
  return new Response(request.method === 'HEAD' ? null : (bytes as Uint8Array<ArrayBuffer>), { status: 200, headers });
}
