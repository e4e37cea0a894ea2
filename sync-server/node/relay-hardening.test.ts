/**
 * What only the Node adapter bounds, against the real process: a room whose stored data does not
 * load, the disk quota, new rooms per address, the memory budget, presence ids kept for their
 * client, DNS rebinding, the upgrade budget, and log lines per connection.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { maskedFrame, openBareSocket } from '../testing/bare-websocket.ts';
import { changeOf, presenceMessage, syncUpdate } from '../testing/updates.ts';
import { provider, raw, ROOM, synced, until, upgradeStatus } from '../testing/relay-suite.ts';
import { startRelay, stopAllRelays, type Relay } from './testing/relay-process.ts';

const OTHER = 'BBBBBBBBBBBBBBBBBBBBBB';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
  stopAllRelays();
});

const metrics = (relay: Relay) => fetch(`${relay.url}/metrics`).then((r) => r.text());
const presenceFrame = (clientId: number, name: string, clock = 1) => maskedFrame(presenceMessage(clientId, { name }, clock));
const names = (p: ReturnType<typeof provider>) => [...p.provider.awareness.getStates().values()].map((s) => s.name as string);

describe('relay hardening (node)', () => {
  it('sets aside a room whose stored data does not load, refuses only that room (4500), and starts it afresh', async () => {
    const first = await startRelay();
    const ok = provider(first, OTHER);
    await synced(ok.provider);
    ok.doc.getMap('m').set('fine', true);
    await until(() => ok.provider.synced);
    await first.kill('SIGTERM');
    ok.provider.destroy();
    // A damaged row: bytes that are no Yjs update, as a truncated write or a bad disk would leave.
    const db = new DatabaseSync(join(first.dataDir, 'rooms.sqlite'));
    db.prepare('INSERT INTO rooms (id, state, used_at) VALUES (?, ?, ?)').run(
      ROOM,
      new Uint8Array([0x01, 0xff, 0xff, 0xff, 0x07]),
      Date.now(),
    );
    db.close();

    const relay = await startRelay({}, first.dataDir);
    const refused = raw(relay, `/room/${ROOM}`);
    expect(await refused.closed).toBe(4500);
    expect(relay.output()).toMatch(/room set aside/);
    expect(relay.output()).not.toContain(ROOM);
    const other = provider(relay, OTHER);
    await synced(other.provider);
    expect(other.doc.getMap('m').get('fine')).toBe(true);
    // The id starts empty, and members' copies fill it again.
    const again = provider(relay);
    await synced(again.provider);
    again.doc.getMap('m').set('new', 1);
    expect((await fetch(`${relay.url}/healthz`)).status).toBe(200);
    const kept = new DatabaseSync(join(first.dataDir, 'rooms.sqlite'));
    expect((kept.prepare('SELECT count(*) AS n FROM set_aside').get() as { n: number }).n).toBeGreaterThan(0);
    kept.close();
  });

  it('starts and serves with a damaged rooms.sqlite: the file is moved aside and a fresh one started', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sb-relay-data-'));
    writeFileSync(join(dataDir, 'rooms.sqlite'), Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(3000, 0xa5)]));
    const relay = await startRelay({}, dataDir);
    expect((await fetch(`${relay.url}/`)).status).toBe(200);
    const member = provider(relay);
    await synced(member.provider);
    expect(readdirSync(dataDir).some((f) => f.startsWith('rooms.sqlite.damaged-'))).toBe(true);
  });

  it('holds the disk quota: new rooms get 503, growth 4507, deletions pass', async () => {
    const relay = await startRelay({
      RELAY_DISK_QUOTA_MB: '1',
      RELAY_MAX_ROOM_BYTES: String(4 << 20),
      RELAY_BYTES_BURST: String(64 << 20),
    });
    const member = provider(relay);
    await synced(member.provider);
    const text = member.doc.getText('t');
    for (let i = 0; i < 6; i++) text.insert(text.length, String(i).repeat(200_000));
    let m = '';
    await until(
      () => Number(/^relay_stored_bytes (\d+)$/m.exec(m)?.[1] ?? 0) >= 1 << 20,
      10_000,
      async () => (m = await metrics(relay)),
    );
    expect(await upgradeStatus(relay, `/room/${OTHER}`)).toMatchObject({ status: 503 });
    const grower = raw(relay, `/room/${ROOM}`);
    await grower.open;
    grower.ws.send(syncUpdate(changeOf(new Y.Doc(), (d) => d.getMap('m').set('more', 1))));
    expect(await grower.closed).toBe(4507);
    text.delete(0, 200_000);
    const late = provider(relay);
    await synced(late.provider);
    await until(() => late.doc.getText('t').length === 5 * 200_000);
  });

  it('lets one address bring at most RELAY_NEW_ROOMS_PER_HOUR new rooms into being (429); existing rooms stay open to it', async () => {
    const relay = await startRelay({ RELAY_NEW_ROOMS_PER_HOUR: '2' });
    const a = provider(relay, 'CCCCCCCCCCCCCCCCCCCCCC');
    await synced(a.provider);
    a.doc.getMap('m').set('x', 1);
    expect(await upgradeStatus(relay, '/room/DDDDDDDDDDDDDDDDDDDDDD')).toMatchObject({ status: 101 });
    const refused = await upgradeStatus(relay, '/room/EEEEEEEEEEEEEEEEEEEEEE');
    expect(refused.status).toBe(429);
    expect(refused.body).toMatch(/new rooms/);
    expect(await upgradeStatus(relay, '/room/CCCCCCCCCCCCCCCCCCCCCC')).toMatchObject({ status: 101 });
  });

  it('keeps rooms within the memory budget: idle rooms unload, then new rooms get 503', async () => {
    const relay = await startRelay({
      RELAY_MEMORY_BUDGET_MB: '16',
      RELAY_MESSAGES_PER_SECOND: '1000',
      RELAY_MESSAGE_BURST: '1000',
      RELAY_BYTES_BURST: String(64 << 20),
    });
    const big = provider(relay);
    await synced(big.provider);
    for (let round = 0; round < 5; round++) {
      big.doc.transact(() => {
        for (let i = 0; i < 9000; i++) big.doc.getMap('m').set(`${round}-${i}`, i);
      });
    }
    let m = '';
    await until(
      () => Number(/^relay_rooms_heap_bytes (\d+)$/m.exec(m)?.[1] ?? 0) > 16 << 20,
      20_000,
      async () => (m = await metrics(relay)),
    );
    expect(await upgradeStatus(relay, `/room/${OTHER}`)).toMatchObject({ status: 503 });
    big.provider.destroy();
    await until(
      () => /^relay_connections 0$/m.test(m),
      5000,
      async () => (m = await metrics(relay)),
    );
    expect(await upgradeStatus(relay, `/room/${OTHER}`)).toMatchObject({ status: 101 });
  }, 30_000);

  it('keeps a departed member presence id for its own client: another address cannot take it over', async () => {
    const relay = await startRelay({ TRUST_PROXY: '1' });
    const watcher = provider(relay);
    await synced(watcher.provider);
    const join = async (address: string) => {
      const { socket } = await openBareSocket(`${relay.ws}/room/${ROOM}`, { 'X-Forwarded-For': address });
      socket.on('error', () => undefined);
      socket.on('data', () => undefined);
      cleanups.push(() => socket.destroy());
      return socket;
    };
    const ana = await join('198.51.100.7');
    ana.write(presenceFrame(4242, 'Ana'));
    await until(() => names(watcher).includes('Ana'));
    ana.destroy();
    await until(() => !names(watcher).includes('Ana'));
    const thief = await join('203.0.113.9');
    // Clock 5: past the removal everyone saw (clock 2), as a real client's next update would be.
    thief.write(Buffer.concat([presenceFrame(4242, 'not Ana', 5), presenceFrame(4343, 'thief marker')]));
    await until(() => names(watcher).includes('thief marker'));
    expect(names(watcher)).not.toContain('not Ana');
    const back = await join('198.51.100.7');
    back.write(presenceFrame(4242, 'Ana again', 5));
    await until(() => names(watcher).includes('Ana again'));
  });

  it('never takes a named Host as proof of the origin (DNS rebinding); PUBLIC_ORIGIN decides when set', async () => {
    const open = await startRelay();
    const port = new URL(open.url).port;
    const rebound = { Host: `rebind.example:${port}`, Origin: `http://rebind.example:${port}` };
    expect(await upgradeStatus(open, `/room/${ROOM}`, rebound)).toMatchObject({ status: 403 });
    expect(await upgradeStatus(open, `/room/${ROOM}`, { Origin: open.url })).toMatchObject({ status: 101 });
    const fixed = await startRelay({ PUBLIC_ORIGIN: 'https://breathe.example' });
    expect(await upgradeStatus(fixed, `/room/${ROOM}`, { Origin: 'https://breathe.example' })).toMatchObject({ status: 101 });
    const refusal = await upgradeStatus(fixed, `/room/${ROOM}`, { Origin: fixed.url });
    expect(refusal.status).toBe(403);
    // A refusal still carries the security headers.
    expect(refusal.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives room upgrades their own budget per address (429), apart from page loads', async () => {
    const relay = await startRelay({ RELAY_UPGRADES_PER_MINUTE: '3', RELAY_HTTP_PER_MINUTE: '1000' });
    for (let i = 0; i < 3; i++) expect(await upgradeStatus(relay, `/room/${ROOM}`)).toMatchObject({ status: 101 });
    expect(await upgradeStatus(relay, `/room/${ROOM}`)).toMatchObject({ status: 429 });
    expect((await fetch(`${relay.url}/`)).status).toBe(200);
  });

  it('drops a socket it closed within about a second when the client never answers the close', async () => {
    const relay = await startRelay();
    const { socket } = await openBareSocket(`${relay.ws}/room/${ROOM}`);
    cleanups.push(() => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('data', () => undefined); // reads, but never sends the closing handshake back
    const gone = new Promise<number>((ok) => socket.once('close', () => ok(performance.now())));
    const sent = performance.now();
    socket.write(maskedFrame(new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])));
    // ws itself would wait 30 s for the handshake; the relay lets go after its one-second grace.
    expect((await gone) - sent).toBeLessThan(10_000);
  });

  it('logs one line per limit kind and connection however much a client floods, and counts every hit', async () => {
    const relay = await startRelay({ RELAY_PRESENCE_PER_SECOND: '1' });
    const { socket } = await openBareSocket(`${relay.ws}/room/${ROOM}`);
    socket.on('error', () => undefined);
    cleanups.push(() => socket.destroy());
    socket.write(Buffer.concat(Array.from({ length: 50 }, (_, i) => presenceFrame(777, `flood ${i}`))));
    let m = '';
    await until(
      () => Number(/relay_limit_hits_total\{kind="presence-rate"\} (\d+)/.exec(m)?.[1] ?? 0) >= 40,
      5000,
      async () => (m = await metrics(relay)),
    );
    expect(relay.output().match(/limit presence-rate/g)?.length).toBe(1);
  });
});
