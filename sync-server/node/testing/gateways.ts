/**
 * Gateways for tests (vitest and Playwright), on 127.0.0.1: a good one (the real gateway route),
 * one that tampers with every block (right size and type, one byte changed, inside a colour when
 * there is one), and one that accepts connections and never answers. Not used by the server.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as dagPB from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { EMPTY_PACK, multihashKey } from '../../gateway/pack-blocks.ts';
import type { PackBlocks } from '../../gateway/types.ts';
import { gatewayRoute } from '../gateway.ts';

export interface TestGateways {
  readonly good: string;
  readonly tampering: string;
  readonly hanging: string;
  /** Blocks the good and the tampering gateway serve beside the pack (keyed by CID string). */
  readonly blocks: Map<string, Uint8Array>;
  /** Blocks only the tampering gateway serves. */
  readonly tamperingOnly: Map<string, Uint8Array>;
  close(): void;
}

async function listen(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** Blocks keyed by CID string, looked up by multihash as the gateway does (a scan: tests hold a few). */
function byMultihash(blocks: ReadonlyMap<string, Uint8Array>, multihash: Uint8Array): Uint8Array | undefined {
  const want = multihashKey(multihash);
  for (const [key, bytes] of blocks) if (multihashKey(CID.parse(key).multihash.bytes) === want) return bytes;
  return undefined;
}

/** The three gateways; the good one serves `pack` and what a test adds to `blocks`. */
export async function startTestGateways(pack: PackBlocks = EMPTY_PACK): Promise<TestGateways> {
  const blocks = new Map<string, Uint8Array>();
  const tamperingOnly = new Map<string, Uint8Array>();
  const served: PackBlocks = {
    root: pack.root,
    get: (multihash) => pack.get(multihash) ?? byMultihash(blocks, multihash),
  };
  const route = gatewayRoute(() => served);
  const good = await listen((req, res) => void (route.handle(req, res, new URL(req.url!, 'http://x')) || res.writeHead(404).end()));
  const tampering = await listen((req, res) => {
    const cid = CID.parse(new URL(req.url!, 'http://x').pathname.split('/')[2]!);
    const block = served.get(cid.multihash.bytes) ?? byMultihash(tamperingOnly, cid.multihash.bytes);
    if (!block) return void res.writeHead(404, { 'Access-Control-Allow-Origin': '*' }).end();
    const evil = Uint8Array.from(block);
    const at = evil.indexOf(0x23) >= 0 ? evil.indexOf(0x23) + 1 : Math.floor(evil.length / 2); // '#3b8786' -> '#2b8786'
    evil[at] = evil[at]! ^ 1;
    res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.raw', 'Access-Control-Allow-Origin': '*' }).end(evil);
  });
  const hanging = await listen(() => undefined);
  return {
    good: good.url,
    tampering: tampering.url,
    hanging: hanging.url,
    blocks,
    tamperingOnly,
    close() {
      for (const { server } of [good, tampering, hanging]) {
        server.closeAllConnections();
        server.close();
      }
    },
  };
}

/** A UnixFS (dag-pb) file node over one raw leaf, as `ipfs add` makes; returns its CID and block. */
export async function unixfsFile(leaf: CID, size: number): Promise<{ cid: CID; block: Uint8Array }> {
  const block = dagPB.encode(
    dagPB.prepare({
      Data: new UnixFS({ type: 'file', blockSizes: [BigInt(size)] }).marshal(),
      Links: [{ Hash: leaf, Tsize: size, Name: '' }],
    }),
  );
  return { cid: CID.createV1(dagPB.code, await sha256.digest(block)), block };
}
