/**
 * The trustless gateway for the glyph pack, and the page's glyph loader (verified-fetch on an
 * HTTP-only Helia) against three real gateways on 127.0.0.1: good, tampering and hanging.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CID } from 'multiformats/cid';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { cacheSource, gatewaySource, GlyphUnavailableError, loadGlyph, NotAGlyphError, type GlyphSource } from '../../src/glyphs/loader.ts';
import { rawCid } from '../../src/shared/glyphs/cid.ts';
import { loadPackBlocks } from './gateway.ts';
import { startTestGateways, unixfsFile, type TestGateways } from './testing/gateways.ts';

let gateways: TestGateways;
let good: string;
let tampering: string;
let hanging: string;

beforeAll(async () => {
  gateways = await startTestGateways(await loadPackBlocks(resolve(import.meta.dirname, '../../public/glyphs/pack.car')));
  ({ good, tampering, hanging } = gateways);
});
afterAll(() => gateways.close());

const status = async (url: string, init?: RequestInit) => (await fetch(url, init)).status;

describe('pack gateway', () => {
  it('serves the exact block for raw requests, 404 for unknown CIDs, 400 for invalid ones, 406 without raw (the whole spec: sync-server/gateway/conformance.test.ts)', async () => {
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
    expect(await status(`${good}/ipfs/${glyph.cid}/x.svg?format=raw`)).toBe(400);
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
    const file = await unixfsFile(CID.parse(glyph.cid), glyph.size);
    gateways.blocks.set(file.cid.toString(), file.block);
    const loaded = await loadGlyph(file.cid, [gatewaySource(good)]);
    expect(loaded.bytes.length).toBe(glyph.size);
  });

  it('rejects a tampering gateway at once and moves on to the next', async () => {
    const loaded = await loadGlyph(CID.parse(glyph.cid), [gatewaySource(tampering), gatewaySource(good)], { timeoutMs: 2000 });
    expect(loaded.source).toBe(good);
    // Rejected at once, not after the timeout: verified-fetch alone would wait for another provider.
    const failure = await loadGlyph(CID.parse(glyph.cid), [gatewaySource(tampering)], { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(GlyphUnavailableError);
    expect((failure as GlyphUnavailableError).failures).toEqual([{ source: tampering, code: 'no-valid-copy' }]);
    const missing = await loadGlyph(await rawCid(new Uint8Array([9, 9, 9])), [gatewaySource(good)], { timeoutMs: 10_000 }).catch(
      (e: unknown) => e,
    );
    expect((missing as GlyphUnavailableError).failures).toEqual([{ source: good, code: 'no-valid-copy' }]);
  });

  it('gives up on a hanging gateway within its timeout and the next one serves', async () => {
    const started = Date.now();
    const loaded = await loadGlyph(CID.parse(glyph.cid), [gatewaySource(hanging), gatewaySource(good)], { timeoutMs: 1000 });
    expect(loaded.source).toBe(good);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses bytes that are not an image, or too big, from any source, without trying further sources', async () => {
    let asked = 0;
    const spy: GlyphSource = {
      name: 'spy',
      canHandle: () => true,
      load: async () => {
        asked++;
        return new Uint8Array();
      },
    };
    const text = new TextEncoder().encode('just some text, not a picture');
    const cid = await rawCid(text);
    gateways.blocks.set(cid.toString(), text);
    await expect(loadGlyph(cid, [gatewaySource(good), spy])).rejects.toBeInstanceOf(NotAGlyphError);
    // A block the service worker cached whole is still refused when it is over the glyph limit.
    const big = new Uint8Array(300 * 1024).fill(0x20);
    big.set(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg">'));
    const bigCid = await rawCid(big);
    await expect(loadGlyph(bigCid, [cacheSource(async () => big), spy])).rejects.toThrow(/too big/);
    expect(asked).toBe(0);
  });
});
