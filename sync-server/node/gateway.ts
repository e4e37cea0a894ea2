/**
 * A trustless IPFS gateway for the glyph pack (https://specs.ipfs.tech/http-gateways/trustless-gateway/),
 * raw blocks only: `GET /ipfs/<cid>?format=raw` or with `Accept: application/vnd.ipld.raw` returns
 * the exact block. The blocks come from the pack's CAR (public/glyphs/pack.car, built by
 * `npm run glyphs`), each checked against its CID when loaded. Also serves the list of public
 * gateways the page may fall back to, as the operator configured it.
 */
import { readFileSync, existsSync } from 'node:fs';
import { CarReader } from '@ipld/car/reader';
import { blockResponseHeaders, MEDIA_TYPE_RAW, readBlockRequest } from '../../src/shared/glyphs/block-request.ts';
import { blockMatches } from '../../src/shared/glyphs/cid.ts';
import type { Route } from './app.ts';

/** The pack's blocks by CID (v1 string); empty when the build has no pack. */
export async function loadPackBlocks(carPath: string): Promise<Map<string, Uint8Array>> {
  const blocks = new Map<string, Uint8Array>();
  if (!existsSync(carPath)) return blocks;
  const reader = await CarReader.fromBytes(new Uint8Array(readFileSync(carPath))); // a copy, not a Buffer (whose slice() shares memory)
  for await (const { cid, bytes } of reader.blocks()) {
    if (!(await blockMatches(cid, bytes))) throw new Error(`${carPath}: block ${cid} does not match its CID`);
    blocks.set(cid.toV1().toString(), bytes);
  }
  return blocks;
}

const text = (res: Parameters<Route['handle']>[1], status: number, body: string): true => {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache', 'Access-Control-Allow-Origin': '*' });
  res.end(body);
  return true;
};

/** `/ipfs/<cid>`: 200 with the block, 400 for what is not a CID, 404 for a block not in the pack, 406 for other formats. */
export function gatewayRoute(blocks: ReadonlyMap<string, Uint8Array>): Route {
  return {
    name: 'ipfs-gateway',
    handle(req, res, url) {
      const parsed = readBlockRequest(url, req.headers.accept ?? null);
      if (parsed.kind === 'not-ipfs') return false;
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' }).end();
        return true;
      }
      if (parsed.kind === 'bad-cid') return text(res, 400, 'Not a CID.');
      if (parsed.kind === 'has-path') return text(res, 400, 'This gateway serves raw blocks: no paths.');
      if (parsed.kind === 'not-raw') return text(res, 406, `This is a trustless gateway: ask for ${MEDIA_TYPE_RAW} (or ?format=raw).`);
      const block = blocks.get(parsed.cid.toV1().toString());
      if (!block) return text(res, 404, 'Not in this gateway.');
      res.writeHead(200, blockResponseHeaders(parsed.cid, block.length));
      res.end(req.method === 'HEAD' ? undefined : block);
      return true;
    },
  };
}

/** `/glyphs/gateways.json`: the public gateways this deployment lets the page use. */
export function gatewayListRoute(gateways: readonly string[]): Route {
  const body = JSON.stringify({ gateways });
  return {
    name: 'glyph-gateways',
    handle(_req, res, url) {
      if (url.pathname !== '/glyphs/gateways.json') return false;
      res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache' });
      res.end(body);
      return true;
    },
  };
}
