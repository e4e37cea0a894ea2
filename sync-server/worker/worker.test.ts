/**
 * The Worker adapter: the shared relay suite (../relay-suite.ts) against the Worker and its Durable
 * Objects running locally in workerd (`wrangler dev`, no Cloudflare account), and what only this
 * adapter does. Each relay gets its own port and storage directory.
 */
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { rawCid } from '../../src/glyphs/cid.ts';
import { DEFAULT_GLYPH_GATEWAYS } from '../../src/glyphs/gateways.ts';
import { securityHeaders } from '../headers.ts';
import { provider, relaySuite, synced } from '../relay-suite.ts';
import { startWorker, stopAllWorkers } from './local.ts';

afterEach(stopAllWorkers);

relaySuite({ name: 'worker', start: startWorker });

describe('relay (worker only)', () => {
  it('folds the change log into the stored room when the last member leaves, and reads it back after a restart', async () => {
    const first = await startWorker();
    const a = provider(first);
    await synced(a.provider);
    for (let i = 0; i < 3; i++) a.doc.getMap('m').set(`k${i}`, i);
    await new Promise((r) => setTimeout(r, 200));
    a.provider.destroy(); // the last member leaves: the log is folded into the state row
    await new Promise((r) => setTimeout(r, 300));
    await first.kill('SIGTERM');

    const second = await startWorker({}, first.dataDir);
    // Two members join the fresh object at the same moment: both find the whole room.
    const [b, c] = [provider(second), provider(second)];
    await Promise.all([synced(b.provider), synced(c.provider)]);
    expect(b.doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 });
    expect(c.doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 });
  });

  it("sends the Node server's security headers and caching rules, and serves the glyph pack as a trustless gateway", async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sb-worker-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    cpSync(resolve(import.meta.dirname, '../../public/glyphs'), join(dist, 'glyphs'), { recursive: true });
    const worker = await startWorker({}, undefined, dist);
    for (const path of ['/', '/healthz', '/some/deep/link']) {
      const res = await fetch(`${worker.url}${path}`);
      expect(res.status, path).toBe(200);
      for (const [name, value] of Object.entries(securityHeaders(DEFAULT_GLYPH_GATEWAYS))) expect(res.headers.get(name), `${path} ${name}`).toBe(value);
    }
    expect((await fetch(`${worker.url}/`)).headers.get('cache-control')).toBe('no-cache');

    const glyph = catalog.glyphs[0]!;
    const block = await fetch(`${worker.url}/ipfs/${glyph.cid}?format=raw`);
    expect(block.status).toBe(200);
    expect(block.headers.get('content-type')).toBe('application/vnd.ipld.raw');
    expect(block.headers.get('cache-control')).toContain('immutable');
    expect((await rawCid(new Uint8Array(await block.arrayBuffer()))).toString()).toBe(glyph.cid);
    expect((await fetch(`${worker.url}/ipfs/${glyph.cid}`)).status).toBe(406);
    expect((await fetch(`${worker.url}/ipfs/nope?format=raw`)).status).toBe(400);
    expect((await fetch(`${worker.url}/ipfs/${await rawCid(new Uint8Array([1]))}?format=raw`)).status).toBe(404);
  });
});
