/**
 * The pack's IPNS name over HTTP, runtime-free: `/ipns/<name>` as a trustless gateway serves it
 * (https://specs.ipfs.tech/http-gateways/trustless-gateway/: the signed record only, never resolved
 * content) and `/routing/v1/ipns/<name>` (https://specs.ipfs.tech/routing/http-routing-v1/). The
 * record was verified when the pack was loaded; clients verify it again, so nothing here trusts it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { unmarshalIPNSRecord } from 'ipns';
import { base32 } from 'multiformats/bases/base32';
import { PackRecordError, parsePackName, parseValidity } from '../../src/shared/glyphs/ipns.ts';
import type { GatewayAnswer, GatewayRequest, PackRecord } from './types.ts';

/** The IPNS record's media type (multicodec 0x0300). */
export const MEDIA_TYPE_IPNS_RECORD = 'application/vnd.ipfs.ipns-record';
/** max-age when a record has no TTL (the routing spec's default). */
const DEFAULT_MAX_AGE_S = 60;
/** max-age of a routing answer that found no record (the routing spec's example for no results). */
const NO_RECORD_MAX_AGE_S = 15;
/** A request path this long is not one of ours: refused before any parsing. */
const MAX_PATH_LENGTH = 512;

const CORS = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': 'Content-Length, Content-Location, ETag, X-Ipfs-Path' };

const plain = (status: number, reason: string, extra: Record<string, string> = {}): GatewayAnswer => {
  const body = new TextEncoder().encode(`${reason}\n`);
  return {
    status,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(body.length),
      'Cache-Control': 'no-cache',
      ...CORS,
      ...extra,
    },
    body,
  };
};

const preflight = (): GatewayAnswer => ({
  status: 204,
  headers: {
    ...CORS,
    'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
    'Access-Control-Allow-Headers': 'Accept, Cache-Control, If-None-Match',
    'Access-Control-Max-Age': '86400',
  },
  body: null,
});

/** The media types an Accept header asks for with a q above 0 (lower-cased, parameters other than q dropped). */
export function acceptedTypes(accept: string | null): Set<string> {
  const types = new Set<string>();
  for (const part of (accept ?? '').slice(0, 1024).split(',')) {
    const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (type && (q === undefined || Number(q.slice(2)) > 0)) types.add(type);
  }
  return types;
}

interface RecordFacts {
  readonly etag: string;
  readonly ttlS: number;
  readonly validUntil: Date | null;
}
const factsCache = new WeakMap<Uint8Array, RecordFacts>();

/** The ETag (a hash of the record's bytes), TTL and validity of a record, read once per record. */
function recordFacts(record: Uint8Array): RecordFacts {
  let facts = factsCache.get(record);
  if (facts) return facts;
  const etag = `"${base32.encode(sha256(record))}"`;
  try {
    const parsed = unmarshalIPNSRecord(record);
    const ttlS = parsed.ttl && parsed.ttl > 0n ? Number(parsed.ttl / 1_000_000_000n) : DEFAULT_MAX_AGE_S;
    facts = { etag, ttlS, validUntil: parseValidity(parsed.validity) };
  } catch {
    // The pack directory verified it before serving; a record that still cannot be read gets plain defaults.
    facts = { etag, ttlS: DEFAULT_MAX_AGE_S, validUntil: null };
  }
  factsCache.set(record, facts);
  return facts;
}

/** The 200 (or 304) carrying the record, with the caching both specs ask for. */
function recordAnswer(request: GatewayRequest, pack: PackRecord, now: number, extra: Record<string, string>): GatewayAnswer {
  const { etag, ttlS, validUntil } = recordFacts(pack.record);
  const remainingS = validUntil === null ? 0 : Math.max(0, Math.floor((validUntil.getTime() - now) / 1000));
  // A cache never keeps the record past its validity, and serves it stale for one TTL at most: a
  // cache that kept an old record for the rest of its year would hand old packs to new installs.
  const maxAge = validUntil === null ? ttlS : Math.min(ttlS, remainingS);
  const headers: Record<string, string> = {
    'Content-Type': MEDIA_TYPE_IPNS_RECORD,
    'Content-Length': String(pack.record.length),
    'Cache-Control': `public, max-age=${maxAge}, stale-while-revalidate=${maxAge}, stale-if-error=${maxAge}`,
    ETag: etag,
    Vary: 'Accept',
    'X-Ipfs-Path': `/ipns/${pack.name}`,
    ...(validUntil === null ? {} : { Expires: validUntil.toUTCString() }),
    ...CORS,
    ...extra,
  };
  const match = request.header('if-none-match');
  if (match !== null && (match.trim() === '*' || match.split(',').some((t) => t.trim().replace(/^W\//, '') === etag))) {
    const { 'Content-Length': _, ...rest } = headers;
    return { status: 304, headers: rest, body: null };
  }
  return { status: 200, headers, body: pack.record };
}

// Names seen lately -> their canonical form (null: not a name): parsing one costs a base36 round trip.
const canonical = new Map<string, string | null>();
const CANONICAL_CACHE_SIZE = 256;

function canonicalName(text: string): string | null {
  const known = canonical.get(text);
  if (known !== undefined) return known;
  let name: string | null;
  try {
    name = parsePackName(decodeURIComponent(text)).name;
  } catch (error) {
    if (!(error instanceof PackRecordError || error instanceof URIError)) throw error;
    name = null;
  }
  if (canonical.size >= CANONICAL_CACHE_SIZE) canonical.clear(); // bounded: a flood of new names only costs the parsing
  canonical.set(text, name);
  return name;
}

/** The name in the path if it is the pack's (any form of the same key), 'other' for another valid name, null for no name at all. */
function whose(text: string, record: PackRecord | null): 'ours' | 'other' | null {
  const name = canonicalName(text);
  if (name === null) return null;
  return record !== null && name === canonicalName(record.name) ? 'ours' : 'other';
}

/** `/ipns/<name>`: the record when asked for it, 404 for other names, 406 for any other format (nothing is resolved here). */
function answerGateway(request: GatewayRequest, rest: string, record: PackRecord | null, now: number): GatewayAnswer {
  const [name = '', ...path] = rest.split('/');
  const format = request.url.searchParams.get('format');
  const accepted = acceptedTypes(request.header('accept'));
  // `format` takes precedence over Accept (trustless gateway spec, "format" request query parameter).
  const wantsRecord = format !== null ? format === 'ipns-record' : accepted.has(MEDIA_TYPE_IPNS_RECORD);
  if (!wantsRecord) {
    if (format === null && request.header('accept') === null)
      return plain(400, `This is a trustless gateway: send Accept: ${MEDIA_TYPE_IPNS_RECORD}.`);
    return plain(
      406,
      `This is a trustless gateway: /ipns/ serves only the signed record (Accept: ${MEDIA_TYPE_IPNS_RECORD} or ?format=ipns-record).`,
    );
  }
  if (path.some((segment) => segment !== '')) return plain(400, 'An IPNS record is asked for by name alone, without a path.');
  const found = whose(name, record);
  if (found === null) return plain(400, 'Not an IPNS name.');
  if (found === 'other' || record === null) return plain(404, 'This gateway holds the record of its glyph pack only.');
  return recordAnswer(request, record, now, {
    'Content-Disposition': `attachment; filename="${record.name}.ipns-record"`,
    ...(format === null ? { 'Content-Location': `/ipns/${record.name}?format=ipns-record` } : {}),
  });
}

/** `/routing/v1/…`: the IPNS record of the pack's name; other routing endpoints are not offered. */
function answerRouting(request: GatewayRequest, rest: string, record: PackRecord | null, now: number): GatewayAnswer {
  const ipns = /^ipns\/([^/]+)$/.exec(rest);
  if (!ipns) {
    // The routing spec: 501 for an endpoint a server does not offer, 400 for a path it does not define.
    if (/^(providers|peers|dht)\//.test(rest)) return plain(501, 'This server offers only /routing/v1/ipns/<name>.');
    return plain(400, 'Not a routing v1 path.');
  }
  if (request.method === 'PUT')
    return plain(501, 'Records are published by the operator, not through this API.', { Allow: 'GET, HEAD, OPTIONS' });
  const accepted = acceptedTypes(request.header('accept'));
  if (![MEDIA_TYPE_IPNS_RECORD, 'application/*', '*/*'].some((t) => accepted.has(t))) {
    return plain(406, `Retry with Accept: ${MEDIA_TYPE_IPNS_RECORD}.`);
  }
  const found = whose(ipns[1] ?? '', record);
  if (found === null) return plain(400, 'Not an IPNS name.');
  // The spec asks for 200 where no record is found (any type but the record's means "none"); 404 is only tolerated.
  if (found === 'other' || record === null)
    return plain(200, 'No record for this name.', { 'Cache-Control': `public, max-age=${NO_RECORD_MAX_AGE_S}`, Vary: 'Accept' });
  return recordAnswer(request, record, now, {});
}

/**
 * The answer for `/ipns/…` and `/routing/…` paths (null for any other path, for the next route):
 * never the app's page. `now` is the clock the cache headers count from.
 */
export function answerIpns(request: GatewayRequest, record: PackRecord | null, now = Date.now()): GatewayAnswer | null {
  // A record that expired while it was served (it verified when loaded) is served no more: resolvers would refuse it.
  const validUntil = record === null ? null : recordFacts(record.record).validUntil;
  const live = validUntil !== null && validUntil.getTime() <= now ? null : record;
  const answer = answerAny(request, live, now);
  // A HEAD answer is the GET's headers without a body (the seam's rule), refusals included.
  return answer !== null && request.method === 'HEAD' ? { ...answer, body: null } : answer;
}

function answerAny(request: GatewayRequest, record: PackRecord | null, now: number): GatewayAnswer | null {
  const path = request.url.pathname;
  const ipns = path === '/ipns' || path.startsWith('/ipns/');
  const routing = path === '/routing' || path.startsWith('/routing/');
  if (!ipns && !routing) return null;
  if (request.method === 'OPTIONS') return preflight();
  if (path.length > MAX_PATH_LENGTH) return plain(414, 'This path is too long to be one of ours.');
  const isRoutingIpns = routing && path.startsWith('/routing/v1/ipns/');
  const allowed = request.method === 'GET' || request.method === 'HEAD' || (isRoutingIpns && request.method === 'PUT');
  if (!allowed) return plain(405, 'Only GET and HEAD.', { Allow: 'GET, HEAD, OPTIONS' });
  // As under /ipfs/ (answer.ts): nothing served here may register a service worker.
  if (ipns && request.header('Service-Worker')?.trim().toLowerCase() === 'script')
    return plain(400, 'A service worker cannot be registered from this gateway.');
  if (ipns) return answerGateway(request, path.slice('/ipns/'.length), record, now);
  if (!path.startsWith('/routing/v1/')) return plain(400, 'Not a routing v1 path.');
  return answerRouting(request, path.slice('/routing/v1/'.length), record, now);
}
