/**
 * Integration tests: the real relay process (sync-server/node/main.ts) on 127.0.0.1, the stock
 * y-websocket client and raw sockets.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:http';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { signRoomToken } from '../policy.ts';

const MAIN = resolve(import.meta.dirname, 'main.ts');
const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
const running = new Set<ChildProcess>();
const cleanups: (() => void)[] = [];

interface Relay {
  url: string;
  ws: string;
  child: ChildProcess;
  dataDir: string;
}

function tmpDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'sb-relay-dist-'));
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
  return dist;
}

async function startRelay(env: Record<string, string> = {}, dataDir = mkdtempSync(join(tmpdir(), 'sb-relay-data-'))): Promise<Relay> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN], {
    env: { ...process.env, PORT: '0', DIST_DIR: tmpDist(), DATA_DIR: dataDir, RELAY_HTTP_PER_MINUTE: '100000', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) ok(m[1]!);
    });
    child.once('exit', (code) => fail(new Error(`relay exited ${code}: ${out}`)));
  });
  return { url, ws: url.replace(/^http/, 'ws'), child, dataDir };
}

const exited = (child: ChildProcess) => new Promise<void>((ok) => (child.exitCode !== null ? ok() : child.once('exit', () => ok())));

function provider(relay: Relay, room = ROOM): { doc: Y.Doc; provider: WebsocketProvider } {
  const doc = new Y.Doc();
  // Node 22's own WebSocket (the y-websocket default), as a browser would connect.
  const p = new WebsocketProvider(`${relay.ws}/room`, room, doc, { disableBc: true });
  cleanups.push(() => p.destroy());
  return { doc, provider: p };
}

const synced = (p: WebsocketProvider) => new Promise<void>((ok) => (p.synced ? ok() : p.once('sync', (s: boolean) => s && ok())));

/** Waits for `check` to hold, running `poll` (which may fetch what `check` reads) before each look. */
async function until(check: () => boolean, ms = 5000, poll?: () => Promise<unknown>): Promise<void> {
  const end = Date.now() + ms;
  while ((await poll?.(), !check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A raw socket into a room: resolves with the close code. */
function raw(relay: Relay, path: string, protocols: string[] = []) {
  const ws = new WebSocket(`${relay.ws}${path}`, protocols);
  ws.binaryType = 'arraybuffer';
  cleanups.push(() => ws.close());
  const closed = new Promise<number>((ok) => ws.addEventListener('close', (e) => ok(e.code)));
  const open = new Promise<void>((ok) => ws.addEventListener('open', () => ok()));
  return { ws, closed, open };
}

/** The HTTP answer to a WebSocket upgrade request (101 when accepted), with its body. */
function upgradeStatus(relay: Relay, path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((ok, fail) => {
    const req = request(`${relay.url}${path}`, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': randomBytes(16).toString('base64'), ...headers },
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      ok({ status: 101, body: '' });
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => ok({ status: res.statusCode!, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  for (const child of running) child.kill('SIGKILL');
});

describe('relay', () => {
  it('syncs two stock y-websocket clients, and answers /time and /metrics', async () => {
    const relay = await startRelay();
    const a = provider(relay);
    const b = provider(relay);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    a.doc.getMap('m').set('hello', 'world');
    await until(() => b.doc.getMap('m').get('hello') === 'world');
    b.provider.awareness.setLocalStateField('name', 'B');
    await until(() => [...a.provider.awareness.getStates().values()].some((s) => s.name === 'B'));

    const t0 = Date.now();
    const time = (await (await fetch(`${relay.url}/time`)).json()) as { t1: number; t2: number };
    expect(Math.abs(time.t1 - t0)).toBeLessThan(1000);
    expect(time.t2).toBeGreaterThanOrEqual(time.t1);
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/^relay_connections 2$/m);
    expect(metrics).toMatch(/^relay_rooms_loaded 1$/m);
    expect(metrics).toMatch(/^relay_messages_in_total \d+$/m);
  });

  it('closes an oversized frame (1009) and a garbage frame (1007); the other members carry on', async () => {
    const relay = await startRelay();
    const a = provider(relay);
    const b = provider(relay);
    await Promise.all([synced(a.provider), synced(b.provider)]);

    const big = raw(relay, `/room/${ROOM}`);
    await big.open;
    big.ws.send(new Uint8Array(300 * 1024));
    expect(await big.closed).toBe(1009);

    const garbage = raw(relay, `/room/${ROOM}`);
    await garbage.open;
    garbage.ws.send(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])); // a length past the end
    expect(await garbage.closed).toBe(1007);
    // Well framed, but the update inside is garbage (Yjs alone would log it and carry on).
    const badUpdate = raw(relay, `/room/${ROOM}`);
    await badUpdate.open;
    badUpdate.ws.send(new Uint8Array([0, 2, 6, 9, 9, 9, 9, 9, 9]));
    expect(await badUpdate.closed).toBe(1007);
    // Presence that claims another member's client id.
    const spoof = raw(relay, `/room/${ROOM}`);
    await spoof.open;
    const enc = encoding.createEncoder();
    encoding.writeVarUint(enc, 1);
    encoding.writeVarUint(enc, a.doc.clientID);
    encoding.writeVarUint(enc, 99);
    encoding.writeVarString(enc, JSON.stringify({ name: 'not really A' }));
    const frame = encoding.createEncoder();
    encoding.writeVarUint(frame, 1);
    encoding.writeVarUint8Array(frame, encoding.toUint8Array(enc));
    spoof.ws.send(encoding.toUint8Array(frame));
    a.provider.awareness.setLocalStateField('name', 'A');
    await until(() => [...b.provider.awareness.getStates().values()].some((s) => s.name === 'A'));
    await new Promise((r) => setTimeout(r, 200));
    expect([...b.provider.awareness.getStates().values()].some((s) => s.name === 'not really A')).toBe(false);

    a.doc.getMap('m').set('still', 'here');
    await until(() => b.doc.getMap('m').get('still') === 'here');
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/relay_limit_hits_total\{kind="tooBig"\} 1/);
    expect(metrics).toMatch(/relay_limit_hits_total\{kind="malformed"\} 2/);
  });

  it('survives members leaving while their presence is still being relayed', async () => {
    const relay = await startRelay();
    const stay = provider(relay);
    await synced(stay.provider);
    for (let i = 0; i < 20; i++) {
      // Presence, then gone without saying goodbye (a phone that lost the network): the flush that
      // announces the leave must still find the member's presence metadata.
      const p = raw(relay, `/room/${ROOM}`);
      await p.open;
      const inner = encoding.createEncoder();
      encoding.writeVarUint(inner, 1);
      encoding.writeVarUint(inner, 500_000 + i);
      encoding.writeVarUint(inner, 1);
      encoding.writeVarString(inner, JSON.stringify({ name: `passer-by ${i}` }));
      const frame = encoding.createEncoder();
      encoding.writeVarUint(frame, 1);
      encoding.writeVarUint8Array(frame, encoding.toUint8Array(inner));
      p.ws.send(encoding.toUint8Array(frame));
      await until(() => [...stay.provider.awareness.getStates().values()].some((s) => s.name === `passer-by ${i}`));
      p.ws.close();
    }
    await new Promise((r) => setTimeout(r, 300));
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    await until(() => [...stay.provider.awareness.getStates().values()].every((s) => !String(s.name ?? '').startsWith('passer-by')));
  });

  it('refuses a bad room id with 400, and a flood with 4029', async () => {
    const relay = await startRelay();
    expect(await upgradeStatus(relay, '/room/not-a-room-id')).toMatchObject({ status: 400 });
    const flood = raw(relay, `/room/${ROOM}`);
    await flood.open;
    for (let i = 0; i < 500; i++) flood.ws.send(new Uint8Array([3])); // query awareness, valid but endless
    expect(await flood.closed).toBe(4029);
  });

  it('flushes and unloads a room once its last member has gone, and stops cleanly on SIGINT', async () => {
    const relay = await startRelay({ RELAY_UNLOAD_AFTER_MS: '100' });
    const a = provider(relay);
    await synced(a.provider);
    a.doc.getMap('m').set('left', 'behind');
    const rooms = async () => Number(/^relay_rooms_loaded (\d+)$/m.exec(await (await fetch(`${relay.url}/metrics`)).text())![1]);
    expect(await rooms()).toBe(1);
    a.provider.destroy();
    const end = Date.now() + 5000;
    while ((await rooms()) !== 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(await rooms()).toBe(0);
    relay.child.kill('SIGINT');
    await exited(relay.child);
    expect(relay.child.exitCode).toBe(0);
    // What was written before the unload is there for the next start.
    const again = await startRelay({}, relay.dataDir);
    const b = provider(again);
    await synced(b.provider);
    expect(b.doc.getMap('m').get('left')).toBe('behind');
  });

  it('holds at most RELAY_MAX_ROOMS rooms: idle ones make way, busy ones answer 503', async () => {
    const relay = await startRelay({ RELAY_MAX_ROOMS: '1' });
    const first = provider(relay, 'CCCCCCCCCCCCCCCCCCCCCC');
    await synced(first.provider);
    expect(await upgradeStatus(relay, '/room/DDDDDDDDDDDDDDDDDDDDDD')).toMatchObject({ status: 503 });
    first.provider.destroy();
    await until(() => first.provider.ws === null);
    await new Promise((r) => setTimeout(r, 200));
    expect(await upgradeStatus(relay, '/room/DDDDDDDDDDDDDDDDDDDDDD')).toMatchObject({ status: 101 });
  });

  it('refuses connections past RELAY_MAX_CONNECTIONS_PER_CLIENT with 429, and gives the slot back on close', async () => {
    const relay = await startRelay({ RELAY_MAX_CONNECTIONS_PER_CLIENT: '2' });
    const a = raw(relay, `/room/${ROOM}`);
    const b = raw(relay, '/room/BBBBBBBBBBBBBBBBBBBBBB');
    await Promise.all([a.open, b.open]);
    const refused = await upgradeStatus(relay, '/room/CCCCCCCCCCCCCCCCCCCCCC');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatch(/Sacred pause required/);
    a.ws.close();
    await a.closed;
    await new Promise((r) => setTimeout(r, 100));
    expect(await upgradeStatus(relay, '/room/CCCCCCCCCCCCCCCCCCCCCC')).toMatchObject({ status: 101 });
    expect(await (await fetch(`${relay.url}/metrics`)).text()).toMatch(/^relay_limit_hits_total\{kind="connections-per-client"\} 1$/m);
  });

  it('drops a member that stops reading (4008) without stalling the room or holding its backlog', async () => {
    const relay = await startRelay({ RELAY_MAX_ROOM_BYTES: String(64 << 20), RELAY_MESSAGES_PER_SECOND: '1000', RELAY_MESSAGE_BURST: '1000' });
    // A member that joins and then never reads again: a phone on a dying network, or a bad actor.
    const { port } = new URL(relay.url);
    const stalled = connect(Number(port), '127.0.0.1');
    cleanups.push(() => stalled.destroy());
    stalled.on('error', () => undefined);
    await new Promise<void>((ok) => {
      stalled.write(
        `GET /room/${ROOM} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      stalled.once('data', () => {
        stalled.pause(); // from here on nothing is read: the kernel buffers fill, then the relay's queue
        ok();
      });
    });
    const writer = provider(relay);
    const reader = provider(relay);
    await Promise.all([synced(writer.provider), synced(reader.provider)]);
    // 60 updates of 200 KB: 12 MB, more than the kernel's socket buffers and the 4 MiB backlog limit.
    const text = writer.doc.getText('t');
    for (let i = 0; i < 60; i++) {
      text.insert(text.length, String(i % 10).repeat(200_000));
      await new Promise((r) => setTimeout(r, 5));
    }
    await until(() => reader.doc.getText('t').length === 60 * 200_000, 20_000);
    // The relay dropped it (about two seconds after a close frame it could not deliver); the paused
    // socket itself would only notice on its next read, so the relay's own figures tell.
    const metrics = () => fetch(`${relay.url}/metrics`).then((r) => r.text());
    let last = '';
    await until(() => /^relay_connections 2$/m.test(last), 10_000, async () => (last = await metrics()));
    expect(last).toMatch(/^relay_limit_hits_total\{kind="slow"\} 1$/m);
  }, 30_000);

  it('closes the member past the limit with 4005 (room full)', async () => {
    const relay = await startRelay({ RELAY_MAX_MEMBERS: '2' });
    const a = provider(relay);
    const b = provider(relay);
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const third = raw(relay, `/room/${ROOM}`);
    expect(await third.closed).toBe(4005);
    a.doc.getMap('m').set('x', 1);
    await until(() => b.doc.getMap('m').get('x') === 1);
  });

  it('asks for a signed room token in Sec-WebSocket-Protocol when a secret is set', async () => {
    const secret = 'an operator secret for tests';
    const relay = await startRelay({ ROOM_TOKEN_SECRET: secret });
    const now = Math.floor(Date.now() / 1000);
    const good = await signRoomToken(secret, ROOM, now + 60);
    const expired = await signRoomToken(secret, ROOM, now - 1);
    const forged = await signRoomToken('another secret', ROOM, now + 60);
    const offer = (token?: string) => ({ 'Sec-WebSocket-Protocol': ['sacred-breathing', ...(token ? [`token.${token}`] : [])].join(', ') });
    expect(await upgradeStatus(relay, `/room/${ROOM}`, offer())).toMatchObject({ status: 401 });
    expect(await upgradeStatus(relay, `/room/${ROOM}`, offer(expired))).toMatchObject({ status: 401 });
    expect(await upgradeStatus(relay, `/room/${ROOM}`, offer(forged))).toMatchObject({ status: 401 });
    expect(await upgradeStatus(relay, `/room/${ROOM}`, offer(good))).toMatchObject({ status: 101 });
    const ok = raw(relay, `/room/${ROOM}`, ['sacred-breathing', `token.${good}`]);
    await ok.open;
    expect(ok.ws.protocol).toBe('sacred-breathing');
  });

  it('refuses an origin that is not allowed (403), and HTTP past the rate with 429 and Retry-After', async () => {
    const relay = await startRelay({ RELAY_HTTP_PER_MINUTE: '5' });
    expect(await upgradeStatus(relay, `/room/${ROOM}`, { Origin: 'https://elsewhere.example' })).toMatchObject({ status: 403 });
    expect(await upgradeStatus(relay, `/room/${ROOM}`, { Origin: relay.url })).toMatchObject({ status: 101 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 8; i++) statuses.push((last = await fetch(`${relay.url}/`)).status);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await last!.text()).toContain('Sacred pause required');
  });

  it('keeps a room through kill -9 once written, and SIGTERM flushes at once and closes with 1001', async () => {
    const first = await startRelay();
    const a = provider(first);
    await synced(a.provider);
    a.doc.getMap('m').set('breath', 'kept');
    await new Promise((r) => setTimeout(r, 1500)); // past the write debounce
    first.child.kill('SIGKILL');
    await exited(first.child);
    a.provider.destroy();

    const second = await startRelay({}, first.dataDir);
    const b = provider(second);
    await synced(b.provider);
    expect(b.doc.getMap('m').get('breath')).toBe('kept');

    const closed = new Promise<number>((ok) => b.provider.ws!.addEventListener('close', (e) => ok((e as CloseEvent).code)));
    b.doc.getMap('m').set('just', 'now'); // inside the debounce: only the shutdown flush can keep it
    await new Promise((r) => setTimeout(r, 100));
    second.child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    await exited(second.child);
    expect(second.child.exitCode).toBe(0);
    b.provider.destroy();

    const third = await startRelay({}, first.dataDir);
    const c = provider(third);
    await synced(c.provider);
    expect(c.doc.getMap('m').toJSON()).toEqual({ breath: 'kept', just: 'now' });
  });
});
