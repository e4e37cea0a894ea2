/**
 * Independent clients against both adapters of the gateway (issue 17, "Done when"): verified-fetch
 * on an HTTP-only Helia, @helia/block-brokers' trustless gateway broker, ipfs-car's unpacker on a
 * CAR answer, and @ipld/car reading one; every byte checked against its CID or the pack's files.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { trustlessGateway } from '@helia/block-brokers';
import { CarBufferReader } from '@ipld/car/buffer-reader';
import type { ComponentLogger, Logger } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { CID } from 'multiformats/cid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { createGatewayFetch } from '../../src/glyphs/helia.ts';
import { blockMatches } from '../../src/shared/glyphs/cid.ts';
import { type GatewayTarget, PACK_DIR, TARGETS } from './testing/targets.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const packFile = (file: string) => new Uint8Array(readFileSync(join(PACK_DIR, file)));

/** A logger that says nothing (the broker asks for one). */
const silent: Logger = Object.assign(() => undefined, {
  error: () => undefined,
  trace: () => undefined,
  enabled: false,
  newScope: () => silent,
});
const logger: ComponentLogger = { forComponent: () => silent };

type BrokerComponents = Parameters<ReturnType<typeof trustlessGateway>>[0];

/** The trustless gateway broker, told by a one-line router that `url` provides every CID. */
function brokerFor(url: string) {
  const { port } = new URL(url);
  const routing = {
    async *findProviders(cid: CID) {
      yield { id: cid, multiaddrs: [multiaddr(`/ip4/127.0.0.1/tcp/${port}/http`)], routing: 'test' };
    },
  } as unknown as BrokerComponents['routing']; // reason: the broker reads findProviders only; a whole Routing is Helia's
  return trustlessGateway({ allowInsecure: true, allowLocal: true })({ routing, logger });
}

describe.each(TARGETS)('independent clients on $adapter', ({ start }) => {
  let gw: GatewayTarget;
  beforeAll(async () => {
    gw = await start();
  }, 60_000);
  afterAll(() => gw?.close());

  it('@helia/verified-fetch fetches every glyph by its CID and ipfs://<root>/<file>', async () => {
    const verifiedFetch = await createGatewayFetch(gw.url);
    try {
      for (const glyph of catalog.glyphs) {
        const byCid = await verifiedFetch(`ipfs://${glyph.cid}`);
        expect(byCid.status, glyph.id).toBe(200);
        expect(new Uint8Array(await byCid.arrayBuffer())).toEqual(packFile(glyph.file));
        const byPath = await verifiedFetch(`ipfs://${catalog.root}/${glyph.file}`);
        expect(byPath.status, glyph.file).toBe(200);
        expect(new Uint8Array(await byPath.arrayBuffer())).toEqual(packFile(glyph.file));
      }
    } finally {
      await verifiedFetch.stop();
    }
  });

  it("@helia/block-brokers' trustless gateway broker fetches every block of the pack", async () => {
    const broker = brokerFor(gw.url);
    const cids = [catalog.root, ...catalog.glyphs.map((g) => g.cid)].map((c) => CID.parse(c));
    for (const cid of cids) {
      const block = await broker.retrieve!(cid, { signal: AbortSignal.timeout(10_000) });
      expect(await blockMatches(cid, block), String(cid)).toBe(true);
    }
    expect(cids).toHaveLength(catalog.glyphs.length + 1);
  });

  it('ipfs-car unpacks a ?format=car&dag-scope=all answer of the root byte for byte; @ipld/car reads its roots and blocks', async () => {
    const res = await fetch(`${gw.url}/ipfs/${catalog.root}?format=car&dag-scope=all`);
    expect(res.status).toBe(200);
    const car = new Uint8Array(await res.arrayBuffer());
    const reader = CarBufferReader.fromBytes(car);
    expect(reader.getRoots().map(String)).toEqual([catalog.root]);
    let count = 0;
    for (const { cid, bytes } of reader.blocks()) {
      expect(await blockMatches(cid, bytes), String(cid)).toBe(true);
      count++;
    }
    expect(count).toBe(catalog.glyphs.length + 1);
    const dir = mkdtempSync(join(tmpdir(), 'sb-ipfs-car-'));
    writeFileSync(join(dir, 'pack.car'), car);
    const bin = join(ROOT, 'node_modules/ipfs-car/bin.js');
    await promisify(execFile)(process.execPath, [bin, 'unpack', join(dir, 'pack.car'), '--output', join(dir, 'out')], { timeout: 30_000 });
    for (const glyph of catalog.glyphs)
      expect(new Uint8Array(readFileSync(join(dir, 'out', glyph.file))), glyph.file).toEqual(packFile(glyph.file));
  });
});
