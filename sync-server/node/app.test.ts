import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppServer, MissingBuildError } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { request, type Server } from 'node:http';

describe('app server', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const parent = mkdtempSync(join(tmpdir(), 'sb-dist-'));
    writeFileSync(join(parent, 'secret.txt'), 'TOP-SECRET');
    const dist = join(parent, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(join(dist, 'assets', 'index-Ab12_-cD.js'), 'console.log(1)');
    writeFileSync(join(dist, 'sw.js'), '// sw');
    server = createAppServer({ distDir: dist });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

  it('serves deep links with the app shell and no-cache', async () => {
    const res = await fetch(`${base}/room/abc`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('id="app"');
  });

  it('marks hashed assets immutable', async () => {
    const res = await fetch(`${base}/assets/index-Ab12_-cD.js`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    // An extension-less path under /assets/ falls back to the shell, which must not be cached for a year.
    expect((await fetch(`${base}/assets/foo`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('never serves files outside the build', async () => {
    // Raw request paths: fetch() would normalise the dot segments away before sending.
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const body = await new Promise<string>((ok, fail) => {
        const req = request(`${base}/`, { path }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => ok(text));
        });
        req.on('error', fail);
        req.end();
      });
      expect(body, path).not.toContain('TOP-SECRET');
    }
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await fetch(`${base}/`, { method: 'POST', body: 'x' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses to start without a build, saying what to run', () => {
    expect(() => createAppServer({ distDir: join(tmpdir(), 'no-such-build') })).toThrow(MissingBuildError);
  });
});

describe('config', () => {
  it('defaults to loopback on 8080', () => {
    expect(readConfig({})).toMatchObject({ port: 8080, host: '127.0.0.1' });
    expect(readConfig({ HOST: '', PORT: '' })).toMatchObject({ port: 8080, host: '127.0.0.1' });
  });
  it('names the variable when a value is unusable', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
