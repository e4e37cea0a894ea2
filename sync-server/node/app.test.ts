import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { createAppServer, MissingBuildError, type Route } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { request, type Server } from 'node:http';

/** One raw request on its own connection; resolves with the status of the answer. */
const rawStatus = (base: string, requestLine: string) =>
  new Promise<number>((ok) => {
    const { port } = new URL(base);
    // Written, not ended: a client that half-closes gets no streamed file (Node ends the response with the request).
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(`${requestLine}\r\nHost: 127.0.0.1\r\n\r\n`));
    const done = (status: number) => ok(status) === undefined && socket.destroy();
    socket.on('data', (d: Buffer) => done(Number(/^HTTP\/1\.1 (\d+)/.exec(d.toString())?.[1] ?? 0)));
    socket.on('close', () => done(0));
  });

describe('app server', () => {
  let server: Server;
  let base: string;
  const refused: string[] = [];

  beforeAll(async () => {
    const parent = mkdtempSync(join(tmpdir(), 'sb-dist-'));
    writeFileSync(join(parent, 'secret.txt'), 'TOP-SECRET');
    const dist = join(parent, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(join(dist, 'assets', 'index-Ab12_-cD.js'), 'console.log(1)');
    writeFileSync(join(dist, 'sw.js'), '// sw');
    const throwing: Route = {
      name: 'throws',
      handle(_req, _res, url) {
        if (url.pathname === '/throws') throw new Error('a bug in a route');
        return false;
      },
    };
    server = createAppServer({ distDir: dist, routes: [throwing], onRefused: (kind) => refused.push(kind) });
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
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/../../secret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
    ]) {
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

  it('answers 400 to a target that is no URL of this server, and reads absolute-form by its path', async () => {
    for (const line of ['GET //[ HTTP/1.1', 'GET http://[ HTTP/1.1', 'GET //a:99999/ HTTP/1.1', 'GET //evil.example/sw.js HTTP/1.1'])
      expect(await rawStatus(base, line), line).toBe(400);
    expect(refused.filter((k) => k === 'bad-target').length).toBe(4);
    expect(await rawStatus(base, 'GET http://elsewhere.example/sw.js HTTP/1.1')).toBe(200);
  });

  it('answers 500 when a route throws, and goes on serving', async () => {
    expect((await fetch(`${base}/throws`)).status).toBe(500);
    expect(refused).toContain('route-error');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('answers /healthz to GET and HEAD only', async () => {
    expect((await fetch(`${base}/healthz`, { method: 'HEAD' })).status).toBe(200);
    const post = await fetch(`${base}/healthz`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
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
  it('reads the socket, metrics and HSTS settings', () => {
    expect(readConfig({})).toMatchObject({
      maxSocketsPerClient: 256,
      headersTimeoutMs: 10_000,
      metricsToken: null,
      metricsListen: null,
      hsts: false,
    });
    expect(readConfig({}).maxSockets).toBeGreaterThan(0);
    expect(readConfig({ TRUST_PROXY: '1' }).maxSocketsPerClient).toBe(0);
    expect(readConfig({ TRUST_PROXY: '1', RELAY_MAX_SOCKETS_PER_CLIENT: '50' }).maxSocketsPerClient).toBe(50);
    expect(readConfig({ RELAY_MAX_SOCKETS: '100' }).maxSockets).toBe(100);
    expect(readConfig({ METRICS_LISTEN: '127.0.0.1:9100' }).metricsListen).toEqual({ host: '127.0.0.1', port: 9100 });
    expect(readConfig({ METRICS_LISTEN: '[::1]:9100' }).metricsListen).toEqual({ host: '::1', port: 9100 });
    expect(() => readConfig({ METRICS_LISTEN: '9100' })).toThrow(/METRICS_LISTEN/);
    expect(() => readConfig({ METRICS_LISTEN: 'a:70000' })).toThrow(/METRICS_LISTEN/);
    expect(() => readConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(readConfig({ HSTS: '1' }).hsts).toBe(true);
    expect(readConfig({ PUBLIC_ORIGIN: 'https://breathe.example' }).hsts).toBe(true);
    expect(readConfig({ PUBLIC_ORIGIN: 'https://breathe.example', HSTS: '0' }).hsts).toBe(false);
    expect(readConfig({ PUBLIC_ORIGIN: 'http://192.168.1.2:8080' }).hsts).toBe(false);
  });
  it('names the variable when a value is unusable', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});
