/**
 * The trustless IPFS gateway for the glyph pack on Node: the runtime-free gateway
 * (../gateway/answer.ts) behind a Route. The blocks come from the pack's CAR (public/glyphs/pack.car,
 * built by `npm run glyphs`), each checked against its CID when loaded. Also serves the list of
 * public gateways the page may fall back to, as the operator configured it.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { answerIpfs, answerUnserved, gatewayPart } from '../gateway/answer.ts';
import { EMPTY_PACK, packBlocksFromCar } from '../gateway/pack-blocks.ts';
import type { GatewayRequest, PackBlocks } from '../gateway/types.ts';
import type { Route } from './app.ts';

/** The pack's blocks from a CAR file, by multihash; an empty pack when the build has none. */
export async function loadPackBlocks(carPath: string): Promise<PackBlocks> {
  if (!existsSync(carPath)) return EMPTY_PACK;
  return packBlocksFromCar(new Uint8Array(await readFile(carPath)));
}

/** A Node request as the gateway reads it. */
export function gatewayRequest(req: IncomingMessage, url: URL): GatewayRequest {
  return {
    method: req.method ?? 'GET',
    url,
    header(name) {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(', ') : (value ?? null);
    },
  };
}

/**
 * `/ipfs/…` from the pack `pack()` gives at the time of each request (a publish may replace it),
 * and 404 for `/ipns/…` and `/routing/v1/…` (a route placed before this one answers what it serves there).
 */
export function gatewayRoute(pack: () => PackBlocks): Route {
  return {
    name: 'ipfs-gateway',
    handle(req, res, url) {
      const part = gatewayPart(url.pathname);
      if (!part) return false;
      const request = gatewayRequest(req, url);
      const answer = part === 'ipfs' ? answerIpfs(request, pack()) : answerUnserved(request);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body ?? undefined);
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
