/**
 * The trustless gateway (https://specs.ipfs.tech/http-gateways/trustless-gateway/ and the parts of
 * the path gateway spec it refers to), runtime-free: a GatewayRequest for `/ipfs/…` in, a
 * GatewayAnswer out. Raw blocks (with single byte ranges) and CARs, negotiated from `?format=` and
 * Accept; ETag and 304; `only-if-cached`; the identity-CID probe. Node and the Worker both call it.
 */
import type { CID } from 'multiformats/cid';
import { identity } from 'multiformats/hashes/identity';
import { MEDIA_TYPE_CAR, MEDIA_TYPE_RAW, negotiate, parseCidText } from '../../src/shared/glyphs/block-request.ts';
import { buildCar, parseDagScope, parseEntityBytes } from './car.ts';
import { noneMatchHits, onlyIfCached, readRange } from './conditions.ts';
import type { GatewayAnswer, GatewayRequest, PackBlocks } from './types.ts';

/** Longest `/ipfs/…` path read (414 beyond). */
export const MAX_PATH_CHARS = 2048;
/** Most path segments under a CID (a CAR's path is walked block by block). */
export const MAX_PATH_SEGMENTS = 32;

const IMMUTABLE = 'public, max-age=29030400, immutable';
// Public content, fetched by any origin's verified-fetch; the page reads these headers.
const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Range, Content-Location, ETag, X-Ipfs-Roots' };

/** The part of the gateway a path belongs to: `/ipfs/`, `/ipns/`, `/routing/` (v1 and any other, refused there), or none. */
export function gatewayPart(pathname: string): 'ipfs' | 'ipns' | 'routing' | null {
  if (pathname.startsWith('/ipfs/') || pathname === '/ipfs') return 'ipfs';
  if (pathname.startsWith('/ipns/') || pathname === '/ipns') return 'ipns';
  if (pathname.startsWith('/routing/') || pathname === '/routing') return 'routing';
  return null;
}

/** A plain-text answer that no cache keeps (errors: a later pack may hold the block). */
export function plain(status: number, body: string, extra: Record<string, string> = {}): GatewayAnswer {
  return {
    status,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', ...CORS, ...extra },
    body: new TextEncoder().encode(body),
  };
}

/**
 * The checks every gateway path shares before its own answer: the method (GET and HEAD), and
 * `Service-Worker: script` refused (400) so no content can register a worker over the gateway
 * (path gateway, "Service-Worker"). Null when the request may go on.
 */
export function refuseRequest(request: GatewayRequest): GatewayAnswer | null {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'This gateway answers GET and HEAD.', { Allow: 'GET, HEAD' });
  if (request.header('Service-Worker')?.trim().toLowerCase() === 'script')
    return plain(400, 'A service worker cannot be registered from this gateway.');
  return null;
}

/**
 * `/ipns/…` and `/routing/v1/…` until they are served: 404, so a name or a routing query never
 * gets the app's page. The IPNS part calls refuseRequest, then answers what it holds, and this for the rest.
 */
export function answerUnserved(request: GatewayRequest): GatewayAnswer {
  return refuseRequest(request) ?? plain(404, 'Not served by this gateway.');
}

/** The block a CID names: an identity CID carries its bytes; any other is looked up by multihash. */
function readBlock(blocks: PackBlocks, cid: CID): Uint8Array | undefined {
  return cid.multihash.code === identity.code ? cid.multihash.digest : blocks.get(cid.multihash.bytes);
}

/** Splits `/ipfs/<cid>[/<path>]` into the CID and decoded segments, or an answer refusing it. */
function readPath(pathname: string): { cid: CID; path: string[] } | GatewayAnswer {
  if (pathname.length > MAX_PATH_CHARS) return plain(414, `Paths are at most ${MAX_PATH_CHARS} characters here.`);
  const [first = '', ...rest] = pathname.slice('/ipfs/'.length).split('/');
  const path = rest.filter(Boolean); // a trailing slash names the same content
  if (path.length > MAX_PATH_SEGMENTS) return plain(400, `Paths are at most ${MAX_PATH_SEGMENTS} segments deep here.`);
  try {
    const cid = parseCidText(decodeURIComponent(first));
    if (!cid) return plain(400, 'Not a CID.');
    return { cid, path: path.map(decodeURIComponent) };
  } catch {
    return plain(400, 'The path has a malformed %-escape.'); // reason: decodeURIComponent throws URIError for those
  }
}

/** The request's URL with `format` (and what else the answer depends on) in its query: where the answer lives in a cache. */
function canonicalLocation(url: URL, extra: Record<string, string>): string {
  const query = new URLSearchParams(url.searchParams);
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  return `${url.pathname}?${query}`;
}

/** Answers a request under `/ipfs/` from the pack's blocks. */
export function answerIpfs(request: GatewayRequest, blocks: PackBlocks): GatewayAnswer {
  const refused = refuseRequest(request);
  if (refused) return refused;
  const target = readPath(request.url.pathname);
  if (!('cid' in target)) return target;
  const { cid, path } = target;
  const negotiated = negotiate(request.url.searchParams, request.header('Accept'));
  if (!negotiated.ok) return plain(negotiated.status, negotiated.reason, { Vary: 'Accept' });
  if (negotiated.format === 'raw' && path.length > 0)
    return plain(400, 'A raw block is asked for by its CID alone: /ipfs/<cid>. Paths are for CAR requests.');
  // The root block decides (path gateway, "only-if-cached"): this gateway holds blocks or not, it never fetches.
  const held = readBlock(blocks, cid);
  if (onlyIfCached(request.header('Cache-Control')) && !held)
    return { status: 412, headers: { 'Cache-Control': 'no-cache', ...CORS }, body: null };
  if (!held) return plain(404, 'Not in this gateway.');
  const name = cid.toString(); // the CID as requested (its version and codec), in its canonical base
  const common: Record<string, string> = { 'Cache-Control': IMMUTABLE, Vary: 'Accept', 'X-Content-Type-Options': 'nosniff', ...CORS };
  if (negotiated.format === 'raw') {
    // Content-Location when the format came from Accept alone, or the URL's format differs from Accept's (path gateway, "format").
    if (!negotiated.formatInUrl || negotiated.acceptDiffers) common['Content-Location'] = canonicalLocation(request.url, { format: 'raw' });
    return rawAnswer(request, name, held, common);
  }
  const scope = parseDagScope(request.url.searchParams.get('dag-scope'));
  if (!scope.ok) return plain(400, scope.reason);
  const entityBytes = parseEntityBytes(request.url.searchParams.get('entity-bytes'));
  if (!entityBytes.ok) return plain(400, entityBytes.reason);
  const { dups, dupsFromAccept } = negotiated.car;
  const built = buildCar(
    { root: cid, path, scope: entityBytes.value ? 'entity' : scope.value, entityBytes: entityBytes.value, dups },
    (c) => readBlock(blocks, c),
  );
  if (!built.ok) return plain(built.status, built.reason);
  if (!negotiated.formatInUrl || negotiated.acceptDiffers || dupsFromAccept)
    common['Content-Location'] = canonicalLocation(request.url, {
      format: 'car',
      ...(dupsFromAccept ? { 'car-dups': dups ? 'y' : 'n' } : {}),
    });
  const headers: Record<string, string> & { ETag?: string } = {
    ...common,
    'Content-Type': `${MEDIA_TYPE_CAR}; version=1; order=dfs; dups=${dups ? 'y' : 'n'}`,
    'Content-Disposition': `attachment; filename="${name}.car"`,
    'X-Ipfs-Roots': built.roots.map(String).join(','),
    'Accept-Ranges': 'none',
  };
  // A CAR cut short by a missing block may be whole later: neither cached nor tagged.
  if (!built.complete) return { status: 200, headers: { ...headers, 'Cache-Control': 'no-cache' }, body: body(request, built.car) };
  // The same request gives the same bytes (a fixed order): a strong ETag per variant, scope and range prefixed (trustless gateway, "dag-scope").
  const variant = `${scope.value}.${dups ? 'y' : 'n'}.${entityBytes.value ? `${entityBytes.value.from}:${entityBytes.value.to}` : ''}.${path.join('/')}`;
  headers.ETag = `"${name}.car.${fnv1a(variant)}"`;
  if (noneMatchHits(request.header('If-None-Match'), headers.ETag)) return notModified(headers);
  return { status: 200, headers: { ...headers, 'Content-Length': String(built.car.length) }, body: body(request, built.car) };
}

/** A raw block answer: whole (200), one range of it (206), or no range it has (416); 304 on a matching If-None-Match. */
function rawAnswer(request: GatewayRequest, name: string, block: Uint8Array, common: Record<string, string>): GatewayAnswer {
  const headers: Record<string, string> & { ETag: string } = {
    ...common,
    'Content-Type': MEDIA_TYPE_RAW,
    'Content-Disposition': `attachment; filename="${name}.bin"`,
    'X-Ipfs-Roots': name,
    'Accept-Ranges': 'bytes',
    ETag: `"${name}.raw"`,
  };
  // If-Range with another validator: the whole block (RFC 9110 13.1.5); a date never matches a CID's tag.
  const ifRange = request.header('If-Range');
  const range =
    ifRange !== null && ifRange !== headers.ETag ? ({ kind: 'whole' } as const) : readRange(request.header('Range'), block.length);
  if (range.kind === 'unsatisfiable')
    return plain(416, 'No such range in this block.', { 'Content-Range': `bytes */${block.length}`, 'Accept-Ranges': 'bytes' });
  if (range.kind === 'range') {
    // A range's tag names the range as well (path gateway, "Etag").
    headers.ETag = `"${name}.raw.${range.first}-${range.last}"`;
    headers['Content-Range'] = `bytes ${range.first}-${range.last}/${block.length}`;
  }
  if (noneMatchHits(request.header('If-None-Match'), headers.ETag)) return notModified(headers);
  const bytes = range.kind === 'range' ? block.subarray(range.first, range.last + 1) : block;
  return {
    status: range.kind === 'range' ? 206 : 200,
    headers: { ...headers, 'Content-Length': String(bytes.length) },
    body: body(request, bytes),
  };
}

/** A HEAD answer has the GET's headers and no body. */
const body = (request: GatewayRequest, bytes: Uint8Array): Uint8Array | null => (request.method === 'HEAD' ? null : bytes);

/** 304: the headers a 200 would carry that caches need (RFC 9110 15.4.5), no body. */
function notModified(headers: Record<string, string>): GatewayAnswer {
  const kept = [
    'Cache-Control',
    'Content-Location',
    'ETag',
    'Vary',
    'X-Ipfs-Roots',
    'Access-Control-Allow-Origin',
    'Access-Control-Expose-Headers',
  ];
  return { status: 304, headers: Object.fromEntries(kept.filter((h) => h in headers).map((h) => [h, headers[h]!])), body: null };
}

/** FNV-1a (32 bits) of a string, in base 36: a short, stable tag for a request variant (not a security measure). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(36);
}
