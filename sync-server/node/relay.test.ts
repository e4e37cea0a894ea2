/**
 * The Node adapter: the shared relay suite (../relay-suite.ts) against the real process
 * (sync-server/node/main.ts) on 127.0.0.1, and what only the Node adapter does: signals, /metrics,
 * the rooms-in-memory cap, connections per client, and backpressure on slow sockets.
 */
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { randomBytes, toBase64Url } from '../../src/shared/bytes.ts';
import { OWNER_KEY_BYTES, roomIdOfOwnerKey } from '../../src/shared/room-owner.ts';
import { openBareSocket } from '../testing/bare-websocket.ts';
import { deleteSuite } from '../testing/relay-suite-delete.ts';
import { provider, raw, relaySuite, ROOM, synced, until, upgradeStatus } from '../testing/relay-suite.ts';
import { fieldSuite } from '../testing/relay-suite-field.ts';
import { hostileSuite } from '../testing/relay-suite-hostile.ts';
import { exited, startRelay, stopAllRelays } from './testing/relay-process.ts';

const cleanups: (() => void)[] = [];

/** The relay's /metrics text. */
const metricsOf = (relay: { readonly url: string }) => fetch(`${relay.url}/metrics`).then((r) => r.text());

afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  stopAllRelays();
});

hostileSuite({ name: 'node', start: startRelay });

fieldSuite({ name: 'node', start: startRelay });

deleteSuite({
  name: 'node',
  start: startRelay,
  // Read beside the running relay (WAL: a second connection sees what is committed).
  stored(relay) {
    const db = new DatabaseSync(join(relay.dataDir, 'rooms.sqlite'));
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const stored = {
      rooms: count('SELECT count(*) AS n FROM rooms WHERE length(state) > 0 OR EXISTS (SELECT 1 FROM updates WHERE room_id = rooms.id)'),
      tombstones: count('SELECT count(*) AS n FROM tombstones'),
    };
    db.close();
    return stored;
  },
});

relaySuite({
  name: 'node',
  start: startRelay,
  // Node exports its counters in /metrics (Prometheus text); the Worker has none.
  async afterLimits(relay, hits) {
    const metrics = await (await fetch(`${relay.url}/metrics`)).text();
    expect(metrics).toMatch(/^relay_rooms_loaded 1$/m);
    expect(metrics).toMatch(/^relay_messages_in_total [1-9]\d*$/m);
    for (const [kind, n] of Object.entries(hits))
      expect(metrics).toMatch(new RegExp(`^relay_limit_hits_total\\{kind="${kind}"\\} ${n}$`, 'm'));
  },
});

describe('relay (node only)', () => {
  it('counts deletions and tombstones in /metrics, and logs a deletion without the room id, the key or an address', async () => {
    const relay = await startRelay();
    const key = randomBytes(OWNER_KEY_BYTES);
    const id = roomIdOfOwnerKey(key);
    const a = provider(relay, id);
    await synced(a.provider);
    const del = (auth: string) =>
      fetch(`${relay.url}/room/${id}`, { method: 'DELETE', headers: { Authorization: `Bearer ${auth}` } }).then((r) => r.status);
    expect(await del(toBase64Url(randomBytes(OWNER_KEY_BYTES)))).toBe(403);
    expect(await del(toBase64Url(key))).toBe(204);
    const metrics = await metricsOf(relay);
    expect(metrics).toMatch(/^relay_rooms_deleted_total 1$/m);
    expect(metrics).toMatch(/^relay_tombstones 1$/m);
    expect(metrics).toMatch(/^relay_limit_hits_total\{kind="owner-key-wrong"\} 1$/m);
    expect(relay.output()).toMatch(/room deleted by its host \(1 members closed\)/);
    const logged = relay
      .output()
      .split('\n')
      .filter((line) => !line.startsWith('Sacred Breathing listening on'))
      .join('\n');
    for (const secret of [id, id.slice(0, 8), toBase64Url(key), '127.0.0.1']) expect(logged).not.toContain(secret);
  });

  it('flushes and unloads a room once its last member has gone, and stops cleanly on SIGINT', async () => {
    const relay = await startRelay({ RELAY_UNLOAD_AFTER_MS: '100' });
    const a = provider(relay);
    await synced(a.provider);
    a.doc.getMap('m').set('left', 'behind');
    let metrics = await metricsOf(relay);
    expect(metrics).toMatch(/^relay_rooms_loaded 1$/m);
    a.provider.destroy();
    await until(
      () => /^relay_rooms_loaded 0$/m.test(metrics),
      5000,
      async () => (metrics = await metricsOf(relay)),
    );
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
    // Its room is idle once the relay has seen the member go.
    let metrics = '';
    await until(
      () => /^relay_connections 0$/m.test(metrics),
      5000,
      async () => (metrics = await metricsOf(relay)),
    );
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
    // The slot comes back when the relay's socket closes, just before the connection stops counting (b's stays).
    let metrics = '';
    await until(
      () => /^relay_connections 1$/m.test(metrics),
      5000,
      async () => (metrics = await metricsOf(relay)),
    );
    expect(await upgradeStatus(relay, '/room/CCCCCCCCCCCCCCCCCCCCCC')).toMatchObject({ status: 101 });
    expect(await (await fetch(`${relay.url}/metrics`)).text()).toMatch(/^relay_limit_hits_total\{kind="connections-per-client"\} 1$/m);
  });

  it('drops a member that stops reading (4008) without stalling the room or holding its backlog', async () => {
    const relay = await startRelay({
      RELAY_MAX_ROOM_BYTES: String(64 << 20),
      RELAY_MESSAGES_PER_SECOND: '1000',
      RELAY_MESSAGE_BURST: '1000',
      RELAY_BYTES_BURST: String(1 << 30),
    });
    // A member that joins and then never reads again: a phone on a dying network, or a bad actor.
    const { socket: stalled } = await openBareSocket(`${relay.ws}/room/${ROOM}`);
    cleanups.push(() => stalled.destroy());
    stalled.on('error', () => undefined);
    stalled.pause(); // from here on nothing is read: the kernel buffers fill, then the relay's queue
    const writer = provider(relay);
    const reader = provider(relay);
    await Promise.all([synced(writer.provider), synced(reader.provider)]);
    // 60 updates of 200 KB: 12 MB, more than the kernel's socket buffers and the 4 MiB backlog limit.
    const text = writer.doc.getText('t');
    // One at a time: each update has reached the reader before the next is sent, so the stalled member's backlog grows steadily.
    for (let i = 0; i < 60; i++) {
      text.insert(text.length, String(i % 10).repeat(200_000));
      await until(() => reader.doc.getText('t').length === (i + 1) * 200_000, 20_000);
    }
    // The relay dropped it (about two seconds after a close frame it could not deliver); the paused
    // socket itself would only notice on its next read, so the relay's own figures tell.
    const metrics = () => fetch(`${relay.url}/metrics`).then((r) => r.text());
    let last = '';
    await until(
      () => /^relay_connections 2$/m.test(last),
      10_000,
      async () => (last = await metrics()),
    );
    expect(last).toMatch(/^relay_limit_hits_total\{kind="slow"\} 1$/m);
  }, 30_000);

  it('SIGTERM flushes a change made inside the write debounce and closes members with 1001', async () => {
    const first = await startRelay();
    const b = provider(first);
    const watcher = provider(first);
    await Promise.all([synced(b.provider), synced(watcher.provider)]);
    const closed = new Promise<number>((ok) => b.provider.ws!.addEventListener('close', (e) => ok((e as CloseEvent).code)));
    b.doc.getMap('m').set('just', 'now'); // inside the debounce: only the shutdown flush can keep it
    // The relay relays a change only once its store has it: the watcher seeing it means the relay took it.
    await until(() => watcher.doc.getMap('m').get('just') === 'now');
    first.child.kill('SIGTERM');
    expect(await closed).toBe(1001);
    await exited(first.child);
    expect(first.child.exitCode).toBe(0);
    b.provider.destroy();
    watcher.provider.destroy();

    const second = await startRelay({}, first.dataDir);
    const c = provider(second);
    await synced(c.provider);
    expect(c.doc.getMap('m').toJSON()).toEqual({ just: 'now' });
  });
});
