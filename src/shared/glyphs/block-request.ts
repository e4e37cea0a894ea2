/**
 * The trustless-gateway block request (https://specs.ipfs.tech/http-gateways/trustless-gateway/):
 * `GET /ipfs/<cid>` asking for `application/vnd.ipld.raw` (by Accept or `?format=raw`). Read the
 * same way by the Node gateway and by the service worker that caches what gateways send.
 */
import { CID } from 'multiformats/cid';

export const MEDIA_TYPE_RAW = 'application/vnd.ipld.raw';

export type BlockRequest =
  | { readonly kind: 'block'; readonly cid: CID }
  | { readonly kind: 'not-ipfs' }
  | { readonly kind: 'bad-cid' }
  | { readonly kind: 'has-path' }
  | { readonly kind: 'not-raw'; readonly cid: CID };

export function readBlockRequest(url: URL, accept: string | null): BlockRequest {
  if (!url.pathname.startsWith('/ipfs/')) return { kind: 'not-ipfs' };
  const [first, ...rest] = url.pathname.slice('/ipfs/'.length).split('/');
  let cid: CID;
  try {
    cid = CID.parse(decodeURIComponent(first ?? ''));
  } catch {
    return { kind: 'bad-cid' }; // reason: CID.parse throws for anything that is not a CID
  }
  if (rest.some(Boolean)) return { kind: 'has-path' };
  const raw = url.searchParams.get('format') === 'raw' || (accept ?? '').includes(MEDIA_TYPE_RAW);
  return raw ? { kind: 'block', cid } : { kind: 'not-raw', cid };
}

/** The headers of a block answer, the same from every gateway of ours (Node or Worker). */
export function blockResponseHeaders(cid: CID, length: number): Record<string, string> {
  return {
    'Content-Type': MEDIA_TYPE_RAW,
    'Content-Length': String(length),
    'Cache-Control': 'public, max-age=29030400, immutable',
    'X-Ipfs-Roots': cid.toString(),
    'Access-Control-Allow-Origin': '*', // public content, fetched by any origin's verified-fetch
    ETag: `"${cid.toString()}.raw"`,
    Vary: 'Accept',
  };
}
