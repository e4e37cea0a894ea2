/**
 * The trustless gateway for the glyph pack, and the page's glyph loader (verified-fetch on an
 * HTTP-only Helia) against three real gateways on 127.0.0.1: good, tampering and hanging.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CID } from 'multiformats/cid';
import * as dagPB from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { sha256 } from 'multiformats/hashes/sha2';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { gatewaySource, GlyphUnavailableError, loadGlyph, NotAGlyphError } from '../../src/glyphs/loader.ts';
import { rawCid } from '../../src/glyphs/cid.ts';
import { gatewayRoute, loadPackBlocks } from './gateway.ts';

const servers: Server[] = [];
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let blocks: Map<string, Uint8Array>;
let good: string;
let tampering: string;
let hanging: string;
const extra = new Map<string, Uint8Array>(); // blocks only the good gateway has, made by the tests

beforeAll(async () => {
  blocks = await loadPackBlocks(resolve(import.meta.dirname, '../../public/glyphs/pack.car'));
  const route = gatewayRoute(new Proxy(blocks, { get: (t, p) => (p === 'get' ? (k: string) => extra.get(k) ?? t.get(k) : Reflect.get(t, p)) }));
  good = await serve((req, res) => {
    if (!route.handle(req, res, new URL(req.url!, 'http://x'))) res.writeHead(404).end();
  });
  // Serves every block with one byte changed: right size and type, wrong hash.
  tampering = await serve((req, res) => {
    const cid = CID.parse(new URL(req.url!, 'http://x').pathname.split('/')[2]!).toV1().toString();
    const block = extra.get(cid) ?? blocks.get(cid);
    if (!block) return res.writeHead(404).end();
    const evil = Uint8Array.from(block);
    evil[evil.length - 2] = evil[evil.length - 2]! ^ 1;
    res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.raw' }).end(evil);
  });
  hanging = await serve(() => undefined); // accepts and never answers
});
afterAll(() => {
  for (const s of servers) s.closeAllConnections(), s.close();
});

const status = async (url: string, init?: RequestInit) => (await fetch(url, init)).status;

describe('pack gateway', () => {
  it('serves the exact block for raw requests, 404 for unknown CIDs, 400 for invalid ones, 406 without raw', async () => {
    const glyph = catalog.glyphs[0]!;
    const res = await fetch(`${good}/ipfs/${glyph.cid}?format=raw`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.ipld.raw');
    expect(res.headers.get('cache-control')).toContain('immutable');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect((await rawCid(bytes)).toString()).toBe(glyph.cid);
    expect(await status(`${good}/ipfs/${glyph.cid}`, { headers: { Accept: 'application/vnd.ipld.raw' } })).toBe(200);
    expect(await status(`${good}/ipfs/${catalog.root}?format=raw`)).toBe(200); // the pack directory (dag-pb)
    expect(await status(`${good}/ipfs/${await rawCid(new Uint8Array([1, 2, 3]))}?format=raw`)).toBe(404);
    expect(await status(`${good}/ipfs/not-a-cid?format=raw`)).toBe(400);
    expect(await status(`${good}/ipfs/${glyph.cid}`)).toBe(406);
  });
});

describe('glyph loader', () => {
  const glyph = catalog.glyphs.find((g) => g.id === 'lotus')!;

  it('loads a raw glyph through verified-fetch and says where from', async () => {
    const loaded = await loadGlyph(CID.parse(glyph.cid), [gatewaySource(good)]);
    expect(loaded.type).toBe('image/svg+xml');
    expect(loaded.bytes.length).toBe(glyph.size);
    expect(loaded.source).toBe(good);
  });

  it('loads a UnixFS (dag-pb) file whose leaf is a raw block', async () => {
    const leaf = CID.parse(glyph.cid);
    const node = dagPB.encode(dagPB.prepare({ Data: new UnixFS({ type: 'file', blockSizes: [BigInt(glyph.size)] }).marshal(), Links: [{ Hash: leaf, Tsize: glyph.size, Name: '' }] }));
    const cid = CID.createV1(dagPB.code, await sha256.digest(node));
    extra.set(cid.toString(), node);
    const loaded = await loadGlyph(cid, [gatewaySource(good)]);
    expect(loaded.bytes.length).toBe(glyph.size);
  });

  it('rejects a tampering gateway and moves on to the next', async () => {
    const loaded = await loadGlyph(CID.parse(glyph.cid), [gatewaySource(tampering), gatewaySource(good)], { timeoutMs: 2000 });
    expect(loaded.source).toBe(good);
    // Rejected at once, not after the timeout: verified-fetch alone would wait for another provider.
    const failure = await loadGlyph(CID.parse(glyph.cid), [gatewaySource(tampering)], { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GlyphUnavailableError);
    expect((failure as GlyphUnavailableError).reasons).toEqual([`${tampering}: ${tampering} has no valid copy`]);
    const missing = await loadGlyph(await rawCid(new Uint8Array([9, 9, 9])), [gatewaySource(good)], { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect((missing as GlyphUnavailableError).reasons).toEqual([`${good}: ${good} has no valid copy`]);
  });

  it('gives up on a hanging gateway within its timeout and the next one serves', async () => {
    const started = Date.now();
    const loaded = await loadGlyph(CID.parse(glyph.cid), [gatewaySource(hanging), gatewaySource(good)], { timeoutMs: 1000 });
    expect(loaded.source).toBe(good);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses bytes that are not an image, without trying further sources', async () => {
    const text = new TextEncoder().encode('just some text, not a picture');
    const cid = await rawCid(text);
    extra.set(cid.toString(), text);
    await expect(loadGlyph(cid, [gatewaySource(good)])).rejects.toBeInstanceOf(NotAGlyphError);
  });
});
