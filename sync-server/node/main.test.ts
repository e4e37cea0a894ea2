/**
 * The Node process at its edge, over raw TCP: no request a client can send stops it (a seeded,
 * bounded fuzz of request lines, headers, upgrades and pipelined garbage), silent and unfinished
 * connections are closed, sockets are capped per address and in all, utility routes refuse other
 * methods, /metrics can be protected, and page loads do not spend the budget of room upgrades.
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from '../testing/relay-suite.ts';
import { startProcess, stopAllProcesses, type NodeProcess } from './testing/server-process.ts';

afterEach(stopAllProcesses);

const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';

interface Exchange {
  /** What the server sent, as latin1 text. */
  readonly data: string;
  /** Whether the server closed the connection (rather than our time running out). */
  readonly closedByServer: boolean;
}

/** Sends `bytes` on a fresh connection (then half-closes unless `keepOpen`), and collects the answer until the server closes or `ms` pass. */
function exchange(port: number, bytes: string | Buffer, options: { ms?: number; keepOpen?: boolean } = {}): Promise<Exchange> {
  return new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      ok({ data, closedByServer });
    };
    const timer = setTimeout(() => finish(false), options.ms ?? 3000);
    socket.on('connect', () => (options.keepOpen ? socket.write(bytes) : socket.end(bytes)));
    socket.on('data', (d: Buffer) => (data += d.toString('latin1')));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
  });
}

const status = (e: Exchange) => Number(/^HTTP\/1\.1 (\d{3})/.exec(e.data)?.[1] ?? 0);
const headerOf = (e: Exchange, name: string) => new RegExp(`^${name}: *(.*?)\r$`, 'im').exec(e.data)?.[1];
const upgradeHead = (target: string, extra = '') =>
  `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n${extra}\r\n`;

async function healthy(server: NodeProcess): Promise<void> {
  expect(server.alive(), server.output()).toBe(true);
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
}

/** mulberry32: a small seeded generator, so a failing case can be replayed (FUZZ_SEED). */
function seeded(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const bytes = (n: number) => String.fromCharCode(...Array.from({ length: n }, () => int(256)));
  return { next, int, pick, bytes };
}

// A marker in every fuzzed request: it must never reach the log.
const MARK = 'FUZZMARK';

function fuzzCase(r: ReturnType<typeof seeded>): string {
  const targets = [
    '//[',
    'http://[',
    '//a:99999/',
    `//${MARK}.example/`,
    `/\\${MARK}.example/`,
    'http://u:p@x/',
    '*',
    'a.example:443',
    `/%zz${MARK}`,
    '/%',
    '/..%2f..%2fetc/passwd',
    `/room/${ROOM}`,
    `/room/${ROOM}?x=${MARK}`,
    '/room/short',
    '/room/',
    `http://127.0.0.1/room/${ROOM}`,
    '/healthz',
    '/metrics',
    '/time',
    '/ipfs/bafy',
    '/ipfs/',
    '/',
    '/sw.js',
    `/${'a'.repeat(5000)}`,
    `/${'b'.repeat(20_000)}`,
    `/${MARK}${r.bytes(8)}`,
    r.bytes(12),
    `/${'%41'.repeat(r.int(2000))}`,
  ];
  const methods = ['GET', 'GET', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'PRI', 'TRACE', 'G\x00T', r.bytes(4), ''];
  const versions = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'HTTP/1.1 extra', '', r.bytes(3)];
  const headers = [
    'Host: [',
    'Host: a:99999',
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Upgrade: websocket, h2c',
    `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
    `Sec-WebSocket-Key: ${MARK}`,
    'Sec-WebSocket-Key: ',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Version: 8',
    'Sec-WebSocket-Version: x',
    'Sec-WebSocket-Protocol: sacred-breathing, token.v1.1.x',
    'Sec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=99',
    'Origin: null',
    `Origin: http://${MARK}`,
    'X-Forwarded-For: [',
    'Content-Length: 5',
    'Transfer-Encoding: chunked',
    'Accept: application/vnd.ipld.raw',
    'Authorization: Bearer x',
    `X-${MARK}: ${MARK}`,
    `X-Big: ${'c'.repeat(r.int(20_000))}`,
  ];
  const malformed = [
    `Host: ${MARK}\x01`,
    'Content-Length: -1',
    'Content-Length: 1, 2',
    'Transfer-Encoding: gzip, chunked',
    'no colon here',
    ': empty name',
    `X-${MARK}: ${r.bytes(6)}`,
    ' folded continuation',
  ];
  // Half the requests are well formed around one odd part (so they reach the routes and the relay), half are chaos.
  const chaos = r.next() < 0.5;
  const one = () => {
    const line = chaos
      ? [r.pick(methods), r.pick(targets), r.pick(versions)].filter(() => r.next() > 0.05).join(' ')
      : `${r.pick(['GET', 'GET', 'GET', 'HEAD', 'POST'])} ${r.pick(targets)} HTTP/1.1`;
    const lines = [line];
    if (!chaos || r.next() < 0.7) lines.push('Host: 127.0.0.1');
    if (!chaos && r.next() < 0.5)
      lines.push(
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      );
    for (let i = r.int(chaos ? 8 : 3); i > 0; i--) lines.push(chaos && r.next() < 0.3 ? r.pick(malformed) : r.pick(headers));
    let request = `${lines.join(!chaos || r.next() > 0.1 ? '\r\n' : '\n')}\r\n\r\n`;
    if (chaos && r.next() < 0.2) request += r.pick(['hello', '0\r\n\r\n', '5\r\nabc', r.bytes(r.int(64))]);
    if (chaos && r.next() < 0.15) request = request.slice(0, r.int(request.length)); // cut anywhere
    return request;
  };
  let out = '';
  for (let i = 1 + (r.next() < 0.3 ? r.int(3) : 0); i > 0; i--) out += one(); // pipelined at times
  if (r.next() < 0.1) out += r.bytes(r.int(200)); // and garbage after
  return out;
}

describe('node process: nothing a client sends stops it', () => {
  it('answers targets no URL parser takes with 400, on pages and upgrades alike', async () => {
    const server = await startProcess();
    for (const target of ['//[', 'http://[', '//a:99999/', '/\\evil.example/', '*', 'http://u:p@x/', '/%zz']) {
      const page = await exchange(server.port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
      expect(status(page), target).toBe(400);
      const upgrade = await exchange(server.port, upgradeHead(target));
      expect(status(upgrade), `upgrade ${target}`).toBe(400);
      // A refused upgrade carries the security headers too.
      expect(headerOf(upgrade, 'X-Content-Type-Options'), target).toBe('nosniff');
      expect(headerOf(upgrade, 'Cross-Origin-Resource-Policy'), target).toBe('same-origin');
    }
    // Absolute-form is a request like any other: its path is taken, its host never.
    expect(status(await exchange(server.port, 'GET http://elsewhere.example/healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'))).toBe(200);
    expect(status(await exchange(server.port, `GET /${'x'.repeat(5000)} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`))).toBe(400);
    await healthy(server);
  });

  it('stays up through a seeded fuzz of request lines, headers, upgrades and pipelined garbage', async () => {
    const seed = Number(process.env.FUZZ_SEED ?? 20261201);
    const started = Date.now();
    const r = seeded(seed);
    const server = await startProcess({ RELAY_HEADERS_TIMEOUT_MS: '1000' });
    const cases = Array.from({ length: 400 }, () => fuzzCase(r));
    const statuses = new Map<number, number>();
    for (let i = 0; i < cases.length; i += 20) {
      const answers = await Promise.all(cases.slice(i, i + 20).map((c) => exchange(server.port, Buffer.from(c, 'latin1'), { ms: 2500 })));
      for (const a of answers) statuses.set(status(a), (statuses.get(status(a)) ?? 0) + 1);
      expect(server.alive(), `seed ${seed}, cases ${i}..${i + 19}: ${server.output()}`).toBe(true);
    }
    await healthy(server);
    expect(statuses.get(500) ?? 0, `seed ${seed}: a route threw`).toBe(0);
    // Both sides were reached: refusals, and requests the routes and the relay answered.
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect((statuses.get(101) ?? 0) + (statuses.get(200) ?? 0)).toBeGreaterThan(0);
    expect(server.output(), 'a raw request reached the log').not.toContain(MARK);
    // Every refusal was counted, and the log stayed within its ceiling (a burst of 60 lines, then 60 a minute, all kinds together).
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    const hits = [...metrics.matchAll(/^relay_limit_hits_total\{kind="[^"]+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    expect(metrics).toMatch(/^relay_limit_hits_total\{kind="bad-request"\} [1-9]\d*$/m);
    const lines = server
      .output()
      .split('\n')
      .filter((l) => / limit /.test(l)).length;
    expect(hits).toBeGreaterThan(lines);
    expect(lines).toBeLessThanOrEqual(60 + Math.ceil((Date.now() - started) / 1000));
  }, 60_000);
});

/** A connection the server has accepted (it answered a request on it), then left mid-request so it stays open. */
/** /metrics once it counts a limit hit (the refused socket's hit is counted as it closes). */
async function limitHitsOf(server: NodeProcess): Promise<string> {
  let metrics = '';
  await until(
    () => metrics.includes('relay_limit_hits_total'),
    5000,
    async () =>
      (metrics = await fetch(`${server.url}/metrics`).then(
        (r) => r.text(),
        () => '',
      )),
  );
  return metrics;
}

function held(port: number): Promise<Socket> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    socket.once('data', () => {
      socket.write('GET / HTTP/1.1\r\n');
      ok(socket);
    });
    socket.once('error', fail);
  });
}

describe('node process: sockets', () => {
  it('closes a connection that sends nothing, and one that never finishes its upgrade, but not an idle room member', async () => {
    const server = await startProcess({ RELAY_HEADERS_TIMEOUT_MS: '300' });
    const member = new WebSocket(`${server.url.replace('http', 'ws')}/room/${ROOM}`);
    await new Promise((ok) => member.addEventListener('open', ok));
    const [silent, unfinished] = await Promise.all([
      exchange(server.port, '', { keepOpen: true, ms: 10_000 }),
      exchange(server.port, `GET /room/${ROOM} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n`, { keepOpen: true, ms: 10_000 }),
    ]);
    expect(silent.closedByServer).toBe(true);
    expect(unfinished.closedByServer).toBe(true);
    expect(status(unfinished)).toBe(408);
    // A refused upgrade whose client never closes its side (and keeps trickling bytes) is let go of too.
    const lingering = connect({ port: server.port, host: '127.0.0.1', allowHalfOpen: true }, () =>
      lingering.write(upgradeHead('/room/not-a-room-id')),
    );
    lingering.on('error', () => undefined);
    const trickle = setInterval(() => !lingering.destroyed && lingering.write('x'), 50);
    // The relay destroys the socket once its refusal is written, whatever the client does.
    await new Promise<void>((ok) => lingering.once('close', () => ok()));
    clearInterval(trickle);
    lingering.destroy();
    // The member, as idle as they were for longer, is still in its room.
    expect(member.readyState).toBe(WebSocket.OPEN);
    member.close();
    await healthy(server);
  });

  it('holds at most RELAY_MAX_SOCKETS_PER_CLIENT plain sockets per address, counts what it closes, and WebSockets do not count', async () => {
    const server = await startProcess({ RELAY_MAX_SOCKETS_PER_CLIENT: '3', RELAY_HEADERS_TIMEOUT_MS: '60000' });
    const members = Array.from({ length: 3 }, () => new WebSocket(`${server.url.replace('http', 'ws')}/room/${ROOM}`));
    await Promise.all(members.map((m) => new Promise((ok) => m.addEventListener('open', ok))));
    const sockets = await Promise.all([held(server.port), held(server.port), held(server.port)]);
    const over = await exchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', { keepOpen: true });
    expect(over).toEqual({ data: '', closedByServer: true });
    for (const s of sockets) s.destroy();
    // The slots come back as the sockets close.
    const metrics = await limitHitsOf(server);
    expect(metrics).toMatch(/^relay_limit_hits_total\{kind="sockets-per-client"\} [1-9]\d*$/m);
    for (const m of members) expect(m.readyState).toBe(WebSocket.OPEN);
  });

  it('holds at most RELAY_MAX_SOCKETS sockets in all', async () => {
    const server = await startProcess({ RELAY_MAX_SOCKETS: '2', RELAY_HEADERS_TIMEOUT_MS: '60000' });
    const sockets = await Promise.all([held(server.port), held(server.port)]);
    expect(await exchange(server.port, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', { keepOpen: true })).toEqual({
      data: '',
      closedByServer: true,
    });
    for (const s of sockets) s.destroy();
    const metrics = await limitHitsOf(server);
    expect(metrics).toMatch(/^relay_limit_hits_total\{kind="max-sockets"\} [1-9]\d*$/m);
  });
});

describe('node process: utility routes, /metrics, budgets, headers', () => {
  it('answers 405 to methods other than GET and HEAD on /healthz, /time and /metrics', async () => {
    const server = await startProcess();
    for (const path of ['/healthz', '/time', '/metrics']) {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const res = await fetch(`${server.url}${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe('GET, HEAD');
      }
      expect((await fetch(`${server.url}${path}`, { method: 'HEAD' })).status, `HEAD ${path}`).toBe(200);
    }
  });

  it('protects /metrics with METRICS_TOKEN', async () => {
    const token = 'a-metrics-token-for-tests';
    const server = await startProcess({ METRICS_TOKEN: token });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    const ok = await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^relay_connections 0$/m);
  });

  it('keeps /metrics to loopback without a token, and to nobody behind a trusted proxy', async () => {
    const open = await startProcess();
    expect((await fetch(`${open.url}/metrics`)).status).toBe(200);
    const proxied = await startProcess({ TRUST_PROXY: '1' });
    expect((await fetch(`${proxied.url}/metrics`)).status).toBe(401);
  });

  it('serves /metrics on METRICS_LISTEN only', async () => {
    const server = await startProcess({ METRICS_LISTEN: '127.0.0.1:0' });
    await until(() => /Metrics served on http:/.test(server.output()));
    const metricsUrl = /Metrics served on (http:\/\/[\d.]+:\d+)/.exec(server.output())![1]!;
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
    const res = await fetch(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/^relay_rooms_loaded 0$/m);
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);
    expect((await fetch(`${metricsUrl}/metrics`, { method: 'POST' })).status).toBe(405);
  });

  it('gives page loads and room upgrades separate budgets, and leaves the files of the build free', async () => {
    const server = await startProcess({ RELAY_HTTP_PER_MINUTE: '3' });
    const pages: number[] = [];
    for (let i = 0; i < 5; i++) pages.push((await fetch(`${server.url}/`)).status);
    expect(pages.slice(0, 3)).toEqual([200, 200, 200]);
    expect(pages.slice(3)).toEqual([429, 429]);
    // Still free: what the service worker precaches, hashed assets, clock sync and the health check.
    for (const path of ['/sw.js', '/manifest.webmanifest', '/assets/index-Ab12_-cD.js', '/time', '/healthz']) {
      for (let i = 0; i < 5; i++) expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    }
    // A deep link is a page load, and the budget is spent.
    expect((await fetch(`${server.url}/room/${ROOM}`)).status).toBe(429);
    // Joining a room is not.
    const upgrade = await exchange(server.port, upgradeHead(`/room/${ROOM}`), { keepOpen: true, ms: 2000 });
    expect(status(upgrade)).toBe(101);
  });

  it('lets a studio of 20 behind one address load the app for the first time with the default budget', async () => {
    const server = await startProcess({ RELAY_HTTP_PER_MINUTE: '' });
    const firstVisit = [
      '/',
      '/index.html',
      '/sw.js',
      '/manifest.webmanifest',
      '/assets/index-Ab12_-cD.js',
      '/time',
      '/time',
      '/time',
      `/room/${ROOM}`,
      '/healthz',
    ];
    const statuses = await Promise.all(
      Array.from({ length: 20 }, () => firstVisit.map((p) => fetch(`${server.url}${p}`).then((r) => r.status))).flat(),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
  });

  it('sends CORP everywhere, and HSTS only when configured', async () => {
    const plain = await startProcess();
    const res = await fetch(`${plain.url}/`);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('strict-transport-security')).toBeNull();
    const tls = await startProcess({ HSTS: '1' });
    for (const path of ['/', '/healthz', '/nope.js'])
      expect((await fetch(`${tls.url}${path}`)).headers.get('strict-transport-security'), path).toBe('max-age=31536000');
  });
});
