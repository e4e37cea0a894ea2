/// <reference lib="webworker" />
/**
 * The service worker's glyph cache: IPFS blocks kept by CID in their own cache, stored only when
 * their bytes hash to their CID, with the sha384 recorded beside them and checked, with the CID,
 * on every read (a mismatch is evicted, and the block is fetched again). It serves the
 * trustless-gateway block requests of any gateway (`/ipfs/<cid>?format=raw` on the app's origin or
 * a public one), so verified-fetch finds cached blocks offline, and answers the page by message.
 */
import { CID } from 'multiformats/cid';
import { MEDIA_TYPE_RAW, readBlockRequest } from '../src/shared/glyphs/block-request.ts';
import { readBody } from '../src/shared/glyphs/bytes.ts';
import { blockMatches, sri384 } from '../src/shared/glyphs/cid.ts';
import { MAX_GLYPH_BYTES } from '../src/shared/glyphs/image.ts';

export const GLYPH_CACHE = 'sacred-glyphs-v1';
const SRI_HEADER = 'X-Glyph-SHA384';

const keyFor = (cid: CID) => new Request(`${self.location.origin}/__glyph-cache/${cid.toV1().toString()}`);
const rawResponse = (bytes: Uint8Array, headers: HeadersInit = { 'Content-Type': MEDIA_TYPE_RAW }) =>
  new Response(bytes as Uint8Array<ArrayBuffer>, { headers });

/** Stores a block if it is the one its CID names and small enough to belong to a glyph. */
export async function putBlock(cid: CID, bytes: Uint8Array): Promise<boolean> {
  if (bytes.length > MAX_GLYPH_BYTES || !(await blockMatches(cid, bytes))) return false;
  const cache = await caches.open(GLYPH_CACHE);
  await cache.put(keyFor(cid), rawResponse(bytes, { 'Content-Type': MEDIA_TYPE_RAW, [SRI_HEADER]: await sri384(bytes) }));
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
  const parsed = readBlockRequest(new URL(request.url), request.headers.get('Accept'));
  return parsed.kind === 'block' ? parsed.cid : null;
}

/**
 * Answers a block request from the cache, else from the network. The page gets the network's
 * answer as it came (verified-fetch judges it, and says why it refuses it); a copy, read no
 * further than a glyph's size, is cached when it hashes to the CID.
 */
export async function serveBlock(cid: CID, request: Request, waitUntil: (work: Promise<unknown>) => void): Promise<Response> {
  const cached = await getBlock(cid);
  if (cached) return rawResponse(cached);
  const response = await fetch(request);
  if (response.ok) {
    const copy = response.clone();
    // reason: a copy over the limit (TooLargeError) or a broken stream is simply not cached
    waitUntil(
      readBody(copy, MAX_GLYPH_BYTES).then(
        (bytes) => putBlock(cid, bytes),
        () => false,
      ),
    );
  }
  return response;
}

/** Messages from the page (src/sw-bridge.ts): read or store a block by CID, answered on the port. */
export type GlyphMessage = { type: 'GLYPH_GET'; cid: string } | { type: 'GLYPH_PUT'; cid: string; bytes: Uint8Array };

export async function answerGlyphMessage(message: GlyphMessage): Promise<Uint8Array | boolean | null> {
  const cid = CID.parse(message.cid);
  if (message.type === 'GLYPH_GET') return getBlock(cid);
  return message.bytes instanceof Uint8Array && putBlock(cid, message.bytes);
}
