/**
 * The real Node process with a published pack directory (GLYPH_PACK_DIR): /ipns/ and
 * /routing/v1/ipns/ serve the record, a new publish is served without a restart, a forged one is
 * refused while the old record stays, and nothing under /ipns/ or /routing/ is the app's page.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { packNameOf, signPackRecord, verifyPackRecord } from '../../src/shared/glyphs/ipns.ts';
import { buildPack } from '../../src/shared/glyphs/pack.ts';
import { until } from '../testing/relay-suite.ts';
import { MEDIA_TYPE_IPNS_RECORD } from '../gateway/ipns.ts';
import { PACK_FILES } from './pack-dir.ts';
import { publishPack, writeAtomic } from './publish-glyphs.ts';
import { startProcess, stopAllProcesses } from './testing/server-process.ts';

const dirs: string[] = [];
afterEach(() => {
  stopAllProcesses();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const svg = (title: string) =>
  new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>${title}</title></svg>`);
const carOf = async (...titles: string[]) => (await buildPack(new Map(titles.map((t) => [`${t}.svg`, svg(t)])))).car;
const key = await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(5));
const name = packNameOf(key.publicKey);

async function recordAt(url: string): Promise<{ status: number; type: string | null; body: Uint8Array }> {
  const res = await fetch(`${url}/ipns/${name}`, { headers: { Accept: MEDIA_TYPE_IPNS_RECORD } });
  return { status: res.status, type: res.headers.get('content-type'), body: new Uint8Array(await res.arrayBuffer()) };
}

describe('the Node process serves the pack name', () => {
  it('serves the record, takes a new publish without a restart, and refuses a forged one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-ipns-'));
    dirs.push(dir);
    const first = await publishPack(key, await carOf('a'), dir);
    const server = await startProcess({ GLYPH_PACK_DIR: dir });

    const got = await recordAt(server.url);
    expect([got.status, got.type]).toEqual([200, MEDIA_TYPE_IPNS_RECORD]);
    expect((await verifyPackRecord(name, got.body)).root).toBe(first.root);
    const routed = await fetch(`${server.url}/routing/v1/ipns/${name}`, { headers: { Accept: MEDIA_TYPE_IPNS_RECORD } });
    expect(routed.status).toBe(200);
    expect(new Uint8Array(await routed.arrayBuffer())).toEqual(got.body);
    // The pack's root block is served by the /ipfs/ route from the same directory.
    expect((await fetch(`${server.url}/ipfs/${first.root}?format=raw`)).status).toBe(200);

    const second = await publishPack(key, await carOf('a', 'b'), dir);
    let seq = 0n;
    await until(
      () => seq === second.seq,
      10_000,
      async () => {
        seq = (await verifyPackRecord(name, (await recordAt(server.url)).body)).seq;
      },
    );
    expect((await fetch(`${server.url}/ipfs/${second.root}?format=raw`)).status).toBe(200);

    // A record by another key for the same name: refused, logged, the last good one stays.
    writeAtomic(join(dir, PACK_FILES.record), await signPackRecord(await generateKeyPair('Ed25519'), second.root, 99n));
    // The directory is looked at when the pack is used: each poll is a request.
    await until(
      () => server.output().includes('wrong-key'),
      10_000,
      () => recordAt(server.url),
    );
    expect((await verifyPackRecord(name, (await recordAt(server.url)).body)).seq).toBe(second.seq);
    expect(server.alive()).toBe(true);
  });

  it('resolves for an independent client: verified-fetch takes ipns://<name>/<file> through /routing/v1/ipns/ and /ipfs/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-ipns-'));
    dirs.push(dir);
    await publishPack(key, await carOf('a', 'b'), dir);
    const server = await startProcess({ GLYPH_PACK_DIR: dir });
    // The app's light, HTTP-only Helia (src/glyphs/helia.ts), with this server as its delegated router too.
    const [{ withHTTP }, { createHeliaLight }, { createVerifiedFetchWithHelia }] = await Promise.all([
      import('@helia/http'),
      import('helia'),
      import('@helia/verified-fetch'),
    ]);
    // allowLocal/allowInsecure: the server is on http://127.0.0.1, which Helia skips by default.
    const helia = withHTTP(createHeliaLight(), {
      delegatedRouters: [server.url],
      recursiveGateways: [server.url],
      allowLocal: true,
      allowInsecure: true,
    });
    await helia.start();
    const verifiedFetch = await createVerifiedFetchWithHelia(helia);
    try {
      const res = await verifiedFetch(`ipns://${name}/b.svg`, { signal: AbortSignal.timeout(20_000) });
      expect(res.status).toBe(200);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(svg('b'));
    } finally {
      await verifiedFetch.stop();
    }
  });

  it('gives plain refusals, never the app page, under /ipns/ and /routing/', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-ipns-'));
    dirs.push(dir);
    await publishPack(key, await carOf('a'), dir);
    const server = await startProcess({ GLYPH_PACK_DIR: dir });
    const other = packNameOf((await generateKeyPair('Ed25519')).publicKey);
    for (const [path, accept, status] of [
      [`/ipns/${other}`, MEDIA_TYPE_IPNS_RECORD, 404],
      [`/ipns/${name}`, 'text/html', 406],
      [`/ipns/k51${'q'.repeat(300)}`, MEDIA_TYPE_IPNS_RECORD, 400],
      [`/ipns/k51${'q'.repeat(600)}`, MEDIA_TYPE_IPNS_RECORD, 414],
      // Longer than any request target the server reads: refused before any route.
      [`/ipns/k51${'q'.repeat(5000)}`, MEDIA_TYPE_IPNS_RECORD, 400],
      ['/routing/v1/providers/bafkqaaa', 'application/json', 501],
      ['/routing/v1/nothing', 'application/json', 400],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { headers: { Accept: accept } });
      expect(res.status, path.slice(0, 40)).toBe(status);
      expect(res.headers.get('content-type'), path.slice(0, 40)).toBe('text/plain; charset=utf-8');
    }
  });

  it('refuses to start on a pack directory whose record names another root', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-ipns-'));
    dirs.push(dir);
    await publishPack(key, await carOf('a'), dir);
    writeFileSync(join(dir, PACK_FILES.car), await carOf('b'));
    await expect(startProcess({ GLYPH_PACK_DIR: dir })).rejects.toThrow(/names .* holds/);
  });
});
