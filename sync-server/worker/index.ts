/**
 * The relay on Cloudflare Workers: this Worker answers /healthz and /time (GET and HEAD), applies
 * the per-client budgets (pages, and room upgrades apart) and the checks made before a WebSocket
 * upgrade (room id, Origin, room token) or a room deletion (room id, Origin, owner key), serves
 * the glyph pack's blocks, and hands each room to its own Durable Object (room-object.ts). All the
 * rest is the built app, from static assets with the same headers as the Node server.
 */
import { DEFAULT_GLYPH_GATEWAYS, gatewayOrigin } from '../../src/shared/glyphs/gateways.ts';
import { answerIpfs, answerUnserved, gatewayPart, plain } from '../gateway/answer.ts';
import { answerIpns } from '../gateway/ipns.ts';
import { PACK_FILES, packState } from '../gateway/pack-state.ts';
import type { GatewayAnswer, PackState } from '../gateway/types.ts';
import { cacheControlFor, hstsWanted, REFUSAL_HEADERS, securityHeaders } from '../headers.ts';
import { freeOfHttpBudget, isAppShell } from '../http-budget.ts';
import { ConfigError, createHttpLimiter, HTTP, type LimitKind, limitsFromEnv, type RelayLimits } from '../policy.ts';
import { admitDelete, isRoomDelete, refusalHeaders } from '../room-delete.ts';
import { admitUpgrade } from '../upgrade-checks.ts';
import { settings, type WorkerEnv } from './env.ts';
import { ROOM_HEADER, SHARD_HEADER, SHARD_REDIRECT_STATUS, shardName } from './shard-headers.ts';

export { RoomObject } from './room-object.ts';
export { ShardObject } from './shard-object.ts';

/** A Durable Object's SQLite row holds at most 2 MB: the stored document must fit in one. (A Worker module exports handlers only.) */
const MAX_ROOM_BYTES_ON_WORKERS = 1_900_000;

interface Setup {
  readonly limits: RelayLimits;
  readonly headers: [string, string][];
  /** Per isolate: Cloudflare runs many, so these limit a client per isolate, not globally. */
  readonly pages: ReturnType<typeof createHttpLimiter>;
  readonly upgrades: ReturnType<typeof createHttpLimiter>;
}
let setup: Promise<Setup> | undefined;

/**
 * Settings from the vars, and the CSP's glyph gateways from the build (`glyphs/gateways.json`,
 * the same list the page reads and `_headers` carries), once per isolate.
 */
async function configure(env: WorkerEnv, origin: string): Promise<Setup> {
  const limits = limitsFromEnv(settings(env));
  if (limits.maxRoomBytes > MAX_ROOM_BYTES_ON_WORKERS) {
    throw new ConfigError(
      `RELAY_MAX_ROOM_BYTES can be at most ${MAX_ROOM_BYTES_ON_WORKERS} on Workers (a Durable Object's SQLite row limit)`,
    );
  }
  const list = await env.ASSETS.fetch(new URL('/glyphs/gateways.json', origin));
  const gateways = list.ok ? ((await list.json()) as { gateways: string[] }).gateways.map(gatewayOrigin) : DEFAULT_GLYPH_GATEWAYS;
  return {
    limits,
    headers: Object.entries(securityHeaders(gateways, { hsts: hstsWanted(settings(env)) })),
    pages: createHttpLimiter(limits.httpPerMinute),
    upgrades: createHttpLimiter(limits.upgradesPerMinute),
  };
}

/** The response with the security headers (as the Node server sends them). */
function withHeaders(response: Response, headers: [string, string][]): Response {
  if (response.status === 101) return response; // a WebSocket: its headers are the handshake's
  const out = new Response(response.body, response);
  for (const [name, value] of headers) out.headers.set(name, value);
  return out;
}

/**
 * A file of the build with the Node server's caching rule; a path without an extension that is no
 * file is a route of the app (a deep link, a room link) and gets index.html, as on Node.
 */
async function asset(request: Request, env: WorkerEnv, url: URL, file?: Response): Promise<Response> {
  let response = file ?? (await env.ASSETS.fetch(request));
  if (response.status === 404 && !/\.[A-Za-z0-9]+$/.test(url.pathname)) response = await env.ASSETS.fetch(new URL('/', url));
  const out = new Response(response.body, response);
  out.headers.set('Cache-Control', response.ok ? cacheControlFor(url.pathname) : 'no-cache');
  return out;
}

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra } });
const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });

let pack: Promise<PackState> | undefined;
/** A pack that failed to load is tried again this long after, not on every request (each would read and hash the whole CAR). */
const PACK_RETRY_MS = 60_000;
let packFailedAt = 0;

/** A file of the published pack from the static assets, null when the build has none. */
async function packFile(env: WorkerEnv, url: URL, file: string): Promise<Uint8Array | null> {
  const res = await env.ASSETS.fetch(new URL(`/glyphs/${file}`, url));
  return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
}

/**
 * The pack the build publishes (`glyphs/pack.car`, `pack.ipns-record`, `pack.ipns-name`), verified
 * as on Node (../gateway/pack-state.ts), read once per isolate; a failed read is tried again a minute later. A new
 * pack on Workers is a deploy of the same app with new pack files.
 */
function packNow(env: WorkerEnv, url: URL): Promise<PackState> {
  if (pack === undefined || (packFailedAt !== 0 && Date.now() - packFailedAt >= PACK_RETRY_MS)) {
    packFailedAt = 0;
    const loading = Promise.all([
      packFile(env, url, PACK_FILES.car),
      packFile(env, url, PACK_FILES.record),
      packFile(env, url, PACK_FILES.name),
    ]).then(([car, record, name]) =>
      packState({ car, record, name }, { onExpired: (error) => console.log(`glyph pack: ${error.message}`) }),
    );
    loading.catch(() => {
      if (pack === loading) packFailedAt = Date.now();
    });
    pack = loading;
  }
  return pack;
}

const response = ({ status, headers, body }: GatewayAnswer) => new Response(body as Uint8Array<ArrayBuffer> | null, { status, headers });

/** `/ipfs/…` from the pack and `/ipns/…`, `/routing/v1/ipns/…` for its signed name, answered by the same gateway as on Node. */
async function gateway(request: Request, env: WorkerEnv, url: URL, part: NonNullable<ReturnType<typeof gatewayPart>>): Promise<Response> {
  const asked = { method: request.method, url, header: (name: string) => request.headers.get(name) };
  const state = await packNow(env, url).catch((error: unknown) => error as Error);
  if (state instanceof Error) return response(plain(500, `The glyph pack cannot be served: ${state.message}`));
  if (part !== 'ipfs') return response(answerIpns(asked, state.record) ?? answerUnserved(asked));
  return response(answerIpfs(asked, state.blocks));
}

const isRead = (request: Request) => request.method === 'GET' || request.method === 'HEAD';
const notAllowed = () => new Response(null, { status: 405, headers: { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' } });
const rateLimited = (limiter: ReturnType<typeof createHttpLimiter>, kind: LimitKind) => {
  console.log(`limit ${kind}`);
  return text(HTTP.rateLimited.status, HTTP.rateLimited.body, { 'Retry-After': String(limiter.retryAfterSeconds()) });
};

async function route(request: Request, env: WorkerEnv, url: URL, { limits, pages, upgrades }: Setup): Promise<Response> {
  if (url.pathname === '/healthz') return isRead(request) ? json({ status: 'ok' }) : notAllowed();
  if (url.pathname === '/time') {
    if (!isRead(request)) return notAllowed();
    const t1 = Date.now();
    return json({ t1, t2: Date.now() });
  }
  const client = request.headers.get('CF-Connecting-IP') ?? '';
  if (isRoomDelete(request.method, url.pathname)) {
    // A deletion spends the page budget (never free of it), then the shared checks; this adapter adds none.
    if (!pages.allow(client, Date.now())) return rateLimited(pages, 'http-rate');
    const admitted = admitDelete(
      {
        pathname: url.pathname,
        origin: request.headers.get('Origin') ?? undefined,
        host: url.host,
        authorization: request.headers.get('Authorization') ?? undefined,
      },
      { limits, hostIsRouted: true },
      [],
    );
    if ('refusal' in admitted) {
      console.log(`limit ${admitted.refusal.kind}`);
      return text(admitted.refusal.status, admitted.refusal.body, refusalHeaders(admitted.refusal));
    }
    return env.ROOMS.get(env.ROOMS.idFromName(admitted.roomId)).fetch(new Request(url, { method: 'DELETE' }));
  }
  // A room link opened in a browser is a page of the app; only the WebSocket upgrade is the relay.
  if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') {
    const part = gatewayPart(url.pathname);
    if (part) return gateway(request, env, url, part);
    // The same rule as on Node: the files of the build (what the service worker precaches) are
    // free, page loads and misses spend the page budget. Whether it is a file, the assets say.
    const file = isRead(request) ? await env.ASSETS.fetch(request) : undefined;
    const isBuildFile = file?.ok === true && !isAppShell(url.pathname);
    if (!freeOfHttpBudget(request.method, url.pathname, isBuildFile) && !pages.allow(client, Date.now()))
      return rateLimited(pages, 'http-rate');
    return asset(request, env, url, file);
  }
  const upgrade = {
    pathname: url.pathname,
    origin: request.headers.get('Origin') ?? undefined,
    host: url.host,
    protocols: request.headers.get('Sec-WebSocket-Protocol') ?? undefined,
    client,
    nowMs: Date.now(),
  };
  // The shared checks in their order (upgrade-checks.ts); this adapter adds none of its own.
  const admitted = await admitUpgrade(upgrade, { limits, upgrades, hostIsRouted: true }, []);
  if ('refusal' in admitted) {
    const { kind, status, body, retryAfterSeconds } = admitted.refusal;
    console.log(`limit ${kind}`);
    return text(status, body, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
  }
  // The room's object learns its id (it hands newcomers to shards named after it when it is full).
  const headers = new Headers(request.headers);
  headers.set(ROOM_HEADER, admitted.roomId);
  const answer = await env.ROOMS.get(env.ROOMS.idFromName(admitted.roomId)).fetch(new Request(request, { headers }));
  const shard = answer.status === SHARD_REDIRECT_STATUS ? answer.headers.get(SHARD_HEADER) : null;
  if (shard === null) return answer;
  headers.set(SHARD_HEADER, shard);
  return env.SHARDS.get(env.SHARDS.idFromName(shardName(admitted.roomId, Number(shard)))).fetch(new Request(request, { headers }));
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    const url = new URL(request.url);
    setup ??= configure(env, url.origin);
    // A setting that cannot work is said plainly on every request, not half-applied.
    const ready = await setup.catch((error: unknown) => error as Error);
    if (ready instanceof Error) return withHeaders(text(500, `Configuration error: ${ready.message}`), Object.entries(REFUSAL_HEADERS));
    return withHeaders(await route(request, env, url, ready), ready.headers);
  },
} satisfies ExportedHandler<WorkerEnv>;
