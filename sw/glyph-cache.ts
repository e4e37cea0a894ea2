/// <reference lib="webworker" />
/**
 * The service worker's glyph cache: IPFS blocks kept by CID in their own cache, stored only when
 * their bytes hash to their CID, with the sha384 recorded beside them and checked on every read
 * (a mismatch is evicted, and the block is fetched again). It serves the trustless-gateway block
 * requests of any gateway (`/ipfs/<cid>?format=raw` on the app's origin or a public one), so
 * verified-fetch finds cached blocks offline, and answers the page's direct questions by message.
 */
import { CID } from 'multiformats/cid';
import { blockMatches, sri384 } from '../src/glyphs/cid.ts';

export const GLYPH_CACHE = 'sacred-glyphs-v1';
const SRI_HEADER = 'X-Glyph-SHA384';
const RAW = 'application/vnd.ipld.raw';

const keyFor = (cid: CID) => new Request(`${self.location.origin}/__glyph-cache/${cid.toV1().toString()}`);

/** Stores a block if it is the one its CID names; returns whether it was stored. */
export async function putBlock(cid: CID, bytes: Uint8Array): Promise<boolean> {
  if (!(await blockMatches(cid, bytes))) return false;
  const cache = await caches.open(GLYPH_CACHE);
  await cache.put(keyFor(cid), new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': RAW, [SRI_HEADER]: await sri384(bytes) } }));
  return true;
}

/** A cached block whose bytes still match what was recorded and its CID; a damaged entry is evicted. */
export async function getBlock(cid: CID): Promise<Uint8Array | null> {
  const cache = await caches.open(GLYPH_CACHE);
  const hit = await cache.match(keyFor(cid));
  if (!hit) return null;
  const bytes = new Uint8Array(await hit.arrayBuffer());
  if (hit.headers.get(SRI_HEADER) === (await sri384(bytes)) && (await blockMatches(cid, bytes))) return bytes;
  console.warn(`glyph cache: ${cid} was altered on disk; evicted, it will be fetched again`);
  await cache.delete(keyFor(cid));
  return null;
}

/** The CID of a trustless-gateway block request, or null for any other request. */
export function blockRequestCid(request: Request): CID | null {
  if (request.method !== 'GET') return null;
  const url = new URL(request.url);
  const m = /^\/ipfs\/([^/]+)$/.exec(url.pathname);
  if (!m || (url.searchParams.get('format') !== 'raw' && !(request.headers.get('Accept') ?? '').includes(RAW))) return null;
  try {
    return CID.parse(m[1]!);
  } catch {
    return null; // reason: not a CID; the gateway itself answers 400
  }
}

/** Answers a block request from the cache, else from the network, caching what checks out. */
export async function serveBlock(cid: CID, request: Request): Promise<Response> {
  const cached = await getBlock(cid);
  if (cached) return new Response(cached as Uint8Array<ArrayBuffer>, { headers: { 'Content-Type': RAW } });
  const response = await fetch(request);
  if (!response.ok) return response;
  const bytes = new Uint8Array(await response.arrayBuffer());
  // A block that does not match is passed on untouched: verified-fetch rejects it and tries elsewhere.
  await putBlock(cid, bytes);
  return new Response(bytes as Uint8Array<ArrayBuffer>, { status: response.status, headers: response.headers });
}

/** Messages from the page (src/sw-bridge.ts): read or store a block by CID, answered on the port. */
export type GlyphMessage = { type: 'GLYPH_GET'; cid: string } | { type: 'GLYPH_PUT'; cid: string; bytes: Uint8Array };

export async function answerGlyphMessage(message: GlyphMessage): Promise<Uint8Array | boolean | null> {
  const cid = CID.parse(message.cid);
  return message.type === 'GLYPH_GET' ? getBlock(cid) : putBlock(cid, message.bytes);
}
