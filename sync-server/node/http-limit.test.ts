import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServer } from './app.ts';
import { httpLimitRoute, listBuildFiles } from './http-limit.ts';
import { createLimitLog } from '../limit-log.ts';

function build(): string {
  const dist = mkdtempSync(join(tmpdir(), 'sb-limit-dist-'));
  mkdirSync(join(dist, 'glyphs'));
  mkdirSync(join(dist, '.hidden'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  writeFileSync(join(dist, 'sw.js'), '// sw');
  writeFileSync(join(dist, 'glyphs', 'lotus flower.svg'), '<svg/>');
  writeFileSync(join(dist, '.hidden', 'x.txt'), 'x');
  return dist;
}

describe('build files', () => {
  it('lists the URL paths of the build, as a request names them, without dot-files', () => {
    expect([...listBuildFiles(build())].sort()).toEqual(['/glyphs/lotus%20flower.svg', '/index.html', '/sw.js']);
  });
});

describe('page budget', () => {
  let server: Server;
  let base: string;
  const lines: string[] = [];
  const limitLog = createLimitLog((l) => lines.push(l));

  beforeAll(async () => {
    const dist = build();
    server = createAppServer({
      distDir: dist,
      routes: [httpLimitRoute({ perMinute: 2, trustProxy: false, buildFiles: listBuildFiles(dist), limitLog })],
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('answers 429 with Retry-After past the budget, counts it, and leaves the build files free', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/patterns`)).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    const refused = await fetch(`${base}/`);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(await refused.text()).toContain('Sacred pause required');
    for (const path of ['/sw.js', '/glyphs/lotus%20flower.svg', '/healthz']) expect((await fetch(`${base}${path}`)).status, path).toBe(200);
    expect(limitLog.hits['http-rate']).toBe(3);
    // One line for the connection, however many refusals it had (fetch keeps the connection alive).
    expect(lines.length).toBeLessThan(3);
  });
});
