/**
 * The Deno adapter: the shared relay suites (sync, limits and codes, hostile members, field mode,
 * deletion) against the Deno relay as a child process (local.ts), and what only this adapter
 * does: its rooms in a Deno KV file that outlives a kill -9, a document beyond one KV value, and a
 * damaged entry that costs its room alone.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { rawCid } from '../../src/shared/glyphs/cid.ts';
import { DEFAULT_GLYPH_GATEWAYS } from '../../src/shared/glyphs/gateways.ts';
import { securityHeaders } from '../headers.ts';
import { CLOSE } from '../policy.ts';
import { openBareSocket } from '../testing/bare-websocket.ts';
import { deleteSuite } from '../testing/relay-suite-delete.ts';
import { fieldSuite } from '../testing/relay-suite-field.ts';
import { hostileSuite } from '../testing/relay-suite-hostile.ts';
import { provider, ROOM, raw, relaySuite, synced, until } from '../testing/relay-suite.ts';
import { startDeno, stopAllDeno } from './local.ts';
import { storedRooms } from './testing/kv-file.ts';

// A Deno process starts in about a second; a busy machine (two cores, four engineers) makes it more.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 30_000 });
afterEach(stopAllDeno);

const ROOT = resolve(import.meta.dirname, '../..');
const DAMAGE = join(import.meta.dirname, 'testing/damage.ts');
/** A second room id (22 base64url characters). */
const DAMAGED = 'BBBBBBBBBBBBBBBBBBBBBB';

const start = (env?: Record<string, string>, dataDir?: string) => startDeno(env, dataDir);

relaySuite({ name: 'deno', start });
hostileSuite({ name: 'deno', start });
fieldSuite({ name: 'deno', start });
deleteSuite({ name: 'deno', start, stored: (relay) => storedRooms(relay.dataDir) });

/** Runs testing/damage.ts under Deno on a stopped relay's KV file: the parts of one room get flipped bytes. */
function damageRoom(dataDir: string, roomId: string): string {
  const kvFile = join(dataDir, 'rooms.kv');
  return execFileSync(
    join(ROOT, 'node_modules/.bin/deno'),
    ['run', '--unstable-kv', '--no-prompt', `--allow-read=${dataDir}`, `--allow-write=${dataDir}`, DAMAGE, kvFile, roomId],
    { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir(), DENO_NO_UPDATE_CHECK: '1' } },
  );
}

describe('relay (deno only)', () => {
  it('keeps a room through kill -9 with its log and after a fold, and starts again with the document intact', async () => {
    const first = await startDeno();
    const a = provider(first);
    const witness = provider(first);
    await Promise.all([synced(a.provider), synced(witness.provider)]);
    for (let i = 0; i < 50; i++) a.doc.getMap('m').set(`k${i}`, i);
    // Relayed once stored: the witness holding the last change means every change is in KV.
    await until(() => witness.doc.getMap('m').get('k49') === 49);
    await first.kill('SIGKILL');

    const second = await startDeno({}, first.dataDir);
    const b = provider(second);
    await synced(b.provider);
    expect(Object.keys(b.doc.getMap('m').toJSON())).toHaveLength(50);
    b.doc.getMap('m').set('after', 'restart');
    const c = provider(second);
    await until(() => c.doc.getMap('m').get('after') === 'restart');
    // Everyone leaves: the log is folded into the state; a graceful stop, then a start on the folded room.
    b.provider.destroy();
    c.provider.destroy();
    await second.kill('SIGTERM');
    const third = await startDeno({}, first.dataDir);
    const d = provider(third);
    await synced(d.provider);
    expect(d.doc.getMap('m').get('k0')).toBe(0);
    expect(d.doc.getMap('m').get('after')).toBe('restart');
  });

  it('keeps a 200 KB document (beyond one KV value) through kill -9 and through a fold', async () => {
    const first = await startDeno();
    const a = provider(first);
    const witness = provider(first);
    await Promise.all([synced(a.provider), synced(witness.provider)]);
    const big = Array.from({ length: 200 * 1024 }, (_, i) => String.fromCharCode(97 + ((i * 7919) % 26))).join('');
    a.doc.getText('t').insert(0, big);
    await until(() => witness.doc.getText('t').length === big.length, 15_000);
    await first.kill('SIGKILL');

    const second = await startDeno({}, first.dataDir);
    const b = provider(second);
    await synced(b.provider);
    expect(b.doc.getText('t').toString()).toBe(big);
    b.provider.destroy(); // the last member leaves: a 200 KB state is folded in chunks
    await second.kill('SIGTERM');
    const third = await startDeno({}, first.dataDir);
    const c = provider(third);
    await synced(c.provider);
    expect(c.doc.getText('t').toString()).toBe(big);
  });

  it('a damaged entry costs its room alone: that room is refused once (4500, after the upgrade, as on Node), then starts empty and takes changes; the others load whole', async () => {
    const first = await startDeno();
    const damaged = provider(first, DAMAGED);
    const kept = provider(first);
    await Promise.all([synced(damaged.provider), synced(kept.provider)]);
    damaged.doc.getMap('m').set('lost', 'yes');
    kept.doc.getMap('m').set('kept', 'yes');
    const w1 = provider(first, DAMAGED);
    const w2 = provider(first);
    await until(() => w1.doc.getMap('m').get('lost') === 'yes' && w2.doc.getMap('m').get('kept') === 'yes');
    await first.kill('SIGKILL');
    expect(damageRoom(first.dataDir, DAMAGED)).toMatch(/damaged [1-9]/);

    const second = await startDeno({}, first.dataDir);
    const refused = raw(second, `/room/${DAMAGED}`);
    await refused.open;
    expect(await refused.closed).toBe(CLOSE.roomUnavailable.code);
    const [again, other] = [provider(second, DAMAGED), provider(second)];
    await Promise.all([synced(again.provider), synced(other.provider)]);
    expect(again.doc.getMap('m').toJSON()).toEqual({});
    expect(other.doc.getMap('m').toJSON()).toEqual({ kept: 'yes' });
    expect(second.output()).toContain('room storage damaged');
    again.doc.getMap('m').set('fresh', 1);
    const late = provider(second, DAMAGED);
    await until(() => late.doc.getMap('m').get('fresh') === 1);
  });

  it('refuses a room that no longer loads (RELAY_MAX_ROOM_BYTES lowered) with 4500 after the upgrade, and keeps it whole for a raised limit', async () => {
    const first = await startDeno();
    const writer = provider(first);
    await synced(writer.provider);
    writer.doc.getMap('m').set('text', 'x'.repeat(20_000));
    const witness = provider(first);
    await until(() => witness.doc.getMap('m').get('text') !== undefined);
    await first.kill('SIGTERM');

    const lowered = await startDeno({ RELAY_MAX_ROOM_BYTES: '4096' }, first.dataDir);
    for (let i = 0; i < 2; i++) {
      const refused = raw(lowered, `/room/${ROOM}`);
      await refused.open;
      expect(await refused.closed).toBe(CLOSE.roomUnavailable.code);
    }
    await until(() => lowered.output().includes('room does not load'));
    await lowered.kill('SIGTERM');

    const raised = await startDeno({}, first.dataDir);
    const back = provider(raised);
    await synced(back.provider);
    expect(back.doc.getMap('m').get('text')).toBe('x'.repeat(20_000));
  });

  it('spends the page budget on /ipns/ and /routing/ as on Node; glyph blocks stay free', async () => {
    const relay = await startDeno({ RELAY_HTTP_PER_MINUTE: '2' });
    const name = 'k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8';
    expect((await fetch(`${relay.url}/ipns/${name}`)).status).not.toBe(429);
    expect((await fetch(`${relay.url}/routing/v1/ipns/${name}`)).status).not.toBe(429);
    expect((await fetch(`${relay.url}/ipns/${name}`)).status).toBe(429);
    expect((await fetch(`${relay.url}/routing/v1/ipns/${name}`)).status).toBe(429);
    expect((await fetch(`${relay.url}/ipfs/${catalog.glyphs[0]!.cid}?format=raw`)).status).not.toBe(429);
  });

  it('SIGTERM closes members with 1001 and exits 0 once its writes are done; the document is whole after', async () => {
    const first = await startDeno();
    const a = provider(first);
    const watcher = provider(first);
    await Promise.all([synced(a.provider), synced(watcher.provider)]);
    const closed = new Promise<number>((ok) => a.provider.ws!.addEventListener('close', (e) => ok((e as CloseEvent).code)));
    a.doc.getMap('m').set('just', 'now');
    await until(() => watcher.doc.getMap('m').get('just') === 'now');
    a.provider.shouldConnect = false; // no reconnect into the stopping relay
    await first.kill('SIGTERM');
    expect(await closed).toBe(1001);
    expect(first.child.exitCode).toBe(0);
    const second = await startDeno({}, first.dataDir);
    const b = provider(second);
    await synced(b.provider);
    expect(b.doc.getMap('m').get('just')).toBe('now');
  });

  it('a handshake that is no WebSocket upgrade gets 400 and holds no connection slot; the route error is not logged per request', async () => {
    const relay = await start({ RELAY_MAX_CONNECTIONS_PER_CLIENT: '2' });
    for (let i = 0; i < 5; i++) {
      // `Upgrade: websocket` without its key: past the relay's checks, refused by the handshake itself.
      const answer = await new Promise<{ status: number; body: string }>((ok, fail) => {
        const req = request(`${relay.url}/room/${ROOM}`, { headers: { Connection: 'Upgrade', Upgrade: 'websocket', Origin: relay.url } });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (d: Buffer) => (body += d.toString()));
          res.on('end', () => ok({ status: res.statusCode!, body }));
        });
        req.on('upgrade', () => fail(new Error('upgraded without a key')));
        req.on('error', fail);
        req.end();
      });
      expect(answer).toEqual({ status: 400, body: 'Not a WebSocket upgrade.' });
    }
    expect(relay.output()).not.toMatch(/route error/);
    // The slots were let go: a member still gets in, with another beside it.
    const [a, b] = [provider(relay), provider(relay)];
    await Promise.all([synced(a.provider), synced(b.provider)]);
  });

  it('drops a member that stops reading (4008, past HARD_BUFFER_BYTES) without stalling the room', async () => {
    const relay = await startDeno({
      RELAY_MAX_ROOM_BYTES: String(64 << 20),
      RELAY_MESSAGES_PER_SECOND: '1000',
      RELAY_MESSAGE_BURST: '1000',
      RELAY_BYTES_BURST: String(1 << 30),
    });
    // A member that joins and then never reads again: the kernel's buffers fill, then Deno's (bufferedAmount).
    const { socket: stalled } = await openBareSocket(`${relay.ws}/room/${ROOM}`);
    stalled.on('error', () => undefined);
    stalled.pause();
    const writer = provider(relay);
    const reader = provider(relay);
    await Promise.all([synced(writer.provider), synced(reader.provider)]);
    // 60 updates of 200 KB (12 MB), one at a time: more than the kernel's buffers and the 4 MiB limit.
    const text = writer.doc.getText('t');
    for (let i = 0; i < 60; i++) {
      text.insert(text.length, String(i % 10).repeat(200_000));
      await until(() => reader.doc.getText('t').length === (i + 1) * 200_000, 20_000);
    }
    // The paused socket would only notice on its next read: the relay's log line tells.
    await until(() => /^limit slow$/m.test(relay.output()), 10_000);
    stalled.destroy();
  });

  it("sends the Node server's headers and caching rules, index.html for deep links, and serves the glyph pack as a trustless gateway", async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sb-deno-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(join(dist, 'assets/index-AbCdEf12.js'), 'export {};');
    cpSync(resolve(ROOT, 'public/glyphs'), join(dist, 'glyphs'), { recursive: true });
    const relay = await startDeno({ RELAY_HTTP_PER_MINUTE: '4' }, undefined, dist);
    for (const path of ['/', '/healthz', '/some/deep/link']) {
      const res = await fetch(`${relay.url}${path}`);
      expect(res.status, path).toBe(200);
      for (const [name, value] of Object.entries(securityHeaders(DEFAULT_GLYPH_GATEWAYS)))
        expect(res.headers.get(name), `${path} ${name}`).toBe(value);
    }
    expect(await (await fetch(`${relay.url}/room/${ROOM}`)).text()).toContain('<div id="app">');
    expect((await fetch(`${relay.url}/assets/index-AbCdEf12.js`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await fetch(`${relay.url}/missing.js`)).status).toBe(404);
    // Three page loads and a miss spent the budget; the build's files and the pack's blocks stay free.
    expect((await fetch(`${relay.url}/`)).status).toBe(429);
    expect((await fetch(`${relay.url}/assets/index-AbCdEf12.js`)).status).toBe(200);

    const glyph = catalog.glyphs[0]!;
    const block = await fetch(`${relay.url}/ipfs/${glyph.cid}?format=raw`);
    expect(block.status).toBe(200);
    expect(block.headers.get('content-type')).toBe('application/vnd.ipld.raw');
    expect((await rawCid(new Uint8Array(await block.arrayBuffer()))).toString()).toBe(glyph.cid);
    expect((await fetch(`${relay.url}/ipfs/${glyph.cid}`)).status).toBe(406);
  });
});
