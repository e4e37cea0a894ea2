/**
 * The relay on Cloudflare Workers: this Worker answers /healthz and /time, applies the per-client
 * HTTP limit and the checks made before a WebSocket upgrade (room id, Origin, room token), serves
 * the glyph pack's blocks, and hands each room to its own Durable Object (room-object.ts). All the
 * rest is the built app, from static assets with the same headers as the Node server.
 */
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { MEDIA_TYPE_RAW, readBlockRequest } from '../../src/glyphs/block-request.ts';
import { parseGatewayList } from '../../src/glyphs/gateways.ts';
import { cacheControlFor, isHashedAsset, securityHeaders } from '../headers.ts';
import { createHttpLimiter, HTTP, limitsFromEnv, originAllowed, roomIdFromPath, tokenFromProtocols, verifyRoomToken, type RelayLimits } from '../policy.ts';
import { settings, type WorkerEnv } from './env.ts';

export { RoomObject } from './room-object.ts';

/** Per isolate: Cloudflare runs many, so this limits a client per isolate, not globally. */
let limiter: ReturnType<typeof createHttpLimiter> | undefined;
let config: { limits: RelayLimits; headers: [string, string][] } | undefined;

function setup(env: WorkerEnv) {
  if (!config) {
    const vars = settings(env);
    config = { limits: limitsFromEnv(vars), headers: Object.entries(securityHeaders(parseGatewayList(vars.GLYPH_GATEWAYS))) };
    limiter = createHttpLimiter(config.limits.httpPerMinute);
  }
  return { ...config, limiter: limiter! };
}

const FILE_BY_CID = new Map(catalog.glyphs.map((g) => [g.cid, g.file]));

/** The response with the security headers and the caching rule of `pathname` (as the Node server sends). */
function withHeaders(response: Response, pathname: string, headers: [string, string][]): Response {
  if (response.status === 101) return response; // a WebSocket: its headers are the handshake's
  const out = new Response(response.body, response);
  for (const [name, value] of headers) out.headers.set(name, value);
  if (!out.headers.has('Cache-Control') || response.ok) out.headers.set('Cache-Control', cacheControlFor(pathname));
  return out;
}

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra } });
const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });

async function route(request: Request, env: WorkerEnv, url: URL, limits: RelayLimits, limiter: ReturnType<typeof createHttpLimiter>): Promise<Response> {
  if (url.pathname === '/healthz') return json({ status: 'ok' });
  if (url.pathname === '/time') {
    const t1 = Date.now();
    return json({ t1, t2: Date.now() });
  }
  // The same rule as on Node: clock sync, hashed assets and glyph blocks are cheap and expected.
  if (!isHashedAsset(url.pathname) && !url.pathname.startsWith('/ipfs/')) {
    if (!limiter.allow(request.headers.get('CF-Connecting-IP') ?? '', Date.now())) {
      console.log('limit http-rate');
      return text(HTTP.rateLimited.status, HTTP.rateLimited.body, { 'Retry-After': String(limiter.retryAfterSeconds()) });
    }
  }
  const block = readBlockRequest(url, request.headers.get('Accept'));
  if (block.kind !== 'not-ipfs') {
    // The pack's blocks are its files (raw CIDs): served from the assets, as the Node gateway does.
    if (block.kind === 'bad-cid') return text(400, 'Not a CID.');
    if (block.kind === 'has-path') return text(400, 'This gateway serves raw blocks: no paths.');
    if (block.kind === 'not-raw') return text(406, `This is a trustless gateway: ask for ${MEDIA_TYPE_RAW} (or ?format=raw).`);
    const file = FILE_BY_CID.get(block.cid.toV1().toString());
    if (!file) return text(404, 'Not in this gateway.');
    const asset = await env.ASSETS.fetch(new URL(`/glyphs/${file}`, url));
    return new Response(asset.body, {
      headers: { 'Content-Type': MEDIA_TYPE_RAW, 'Cache-Control': 'public, max-age=29030400, immutable', 'Access-Control-Allow-Origin': '*', 'X-Ipfs-Roots': block.cid.toString() },
    });
  }
  const room = roomIdFromPath(url.pathname);
  if ('id' in room) {
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') return text(426, 'Rooms are WebSocket endpoints.');
    const origin = request.headers.get('Origin') ?? undefined;
    if (!originAllowed(origin, url.origin, limits)) return text(HTTP.badOrigin.status, HTTP.badOrigin.body);
    if (limits.tokenSecret) {
      const verdict = await verifyRoomToken(limits.tokenSecret, room.id, tokenFromProtocols(request.headers.get('Sec-WebSocket-Protocol') ?? undefined), Date.now());
      if (verdict !== 'ok') return text(HTTP.badToken.status, HTTP.badToken.body);
    }
    return env.ROOMS.get(env.ROOMS.idFromName(room.id)).fetch(request);
  }
  if (room.error === 'bad-id') return text(HTTP.badRoomId.status, HTTP.badRoomId.body);
  return env.ASSETS.fetch(request);
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    const { limits, headers, limiter } = setup(env);
    const url = new URL(request.url);
    return withHeaders(await route(request, env, url, limits, limiter), url.pathname, headers);
  },
} satisfies ExportedHandler<WorkerEnv>;
