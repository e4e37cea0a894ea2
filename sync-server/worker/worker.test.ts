/**
 * The Worker adapter: the shared relay suite (../relay-suite.ts) against the Worker and its Durable
 * Objects running locally in workerd (`wrangler dev`, no Cloudflare account), and what only this
 * adapter does. Each relay gets its own port and storage directory.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import catalog from '../../public/glyphs/catalog.json' with { type: 'json' };
import { rawCid } from '../../src/shared/glyphs/cid.ts';
import { DEFAULT_GLYPH_GATEWAYS } from '../../src/shared/glyphs/gateways.ts';
import { securityHeaders } from '../headers.ts';
import { provider, raw, relaySuite, ROOM, synced, until, upgradeStatus } from '../testing/relay-suite.ts';
import { presenceMessage } from '../testing/updates.ts';
import { startWorker, startWorkerd, stopAllWorkers } from './local.ts';
import { hostileSuite } from '../testing/relay-suite-hostile.ts';
import { fieldSuite } from '../testing/relay-suite-field.ts';
import { deleteSuite } from '../testing/relay-suite-delete.ts';

afterEach(stopAllWorkers);

/** workerd may be writing an object's database as we read it: SQLite waits this long for its lock instead of failing "database is locked". */
const BUSY_WAIT_MS = 5_000;

/**
 * The rows of every room object a local Worker has stored: state rows and logged updates. workerd
 * keeps each object's SQLite file in WAL mode, so a reader beside it sees what is committed.
 */
function storedRooms(dataDir: string): { states: number; updates: number } {
  const dir = join(dataDir, 'v3/do/sacred-breathing-RoomObject');
  const rows = { states: 0, updates: 0 };
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    if (!file.endsWith('.sqlite') || file === 'metadata.sqlite') continue;
    const db = new DatabaseSync(join(dir, file), { readOnly: true, timeout: BUSY_WAIT_MS });
    rows.states += (db.prepare('SELECT count(*) AS n FROM doc').get() as { n: number }).n;
    rows.updates += (db.prepare('SELECT count(*) AS n FROM updates').get() as { n: number }).n;
    db.close();
  }
  return rows;
}

/** Per room object: whether it holds a state or logged updates, and whether it keeps a tombstone. */
function storedObjects(dataDir: string): { rooms: number; tombstones: number } {
  const dir = join(dataDir, 'v3/do/sacred-breathing-RoomObject');
  const stored = { rooms: 0, tombstones: 0 };
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    if (!file.endsWith('.sqlite') || file === 'metadata.sqlite') continue;
    const db = new DatabaseSync(join(dir, file), { readOnly: true, timeout: BUSY_WAIT_MS });
    const tables = new Set(
      (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name),
    );
    const rows = (table: string) => (tables.has(table) ? (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n : 0);
    if (rows('doc') + rows('updates') > 0) stored.rooms++;
    stored.tombstones += rows('tombstone');
    db.close();
  }
  return stored;
}

relaySuite({ name: 'worker', start: startWorker });
hostileSuite({ name: 'worker', start: startWorker });
fieldSuite({ name: 'worker', start: startWorker });
deleteSuite({ name: 'worker', start: startWorker, stored: (relay) => storedObjects(relay.dataDir) });

describe('relay (worker only)', () => {
  it('folds the change log into the stored room when the last member leaves, and reads it back after a restart', async () => {
    const first = await startWorker();
    const a = provider(first);
    const watcher = provider(first);
    await Promise.all([synced(a.provider), synced(watcher.provider)]);
    for (let i = 0; i < 3; i++) a.doc.getMap('m').set(`k${i}`, i);
    // The object relays a change once it is in its log: the watcher seeing the last means all are logged.
    await until(() => watcher.doc.getMap('m').get('k2') === 2);
    expect(storedRooms(first.dataDir).updates).toBeGreaterThan(0);
    watcher.provider.destroy();
    a.provider.destroy(); // the last member leaves: the log is folded into the state row
    let stored = storedRooms(first.dataDir);
    await until(
      () => stored.updates === 0 && stored.states === 1,
      10_000,
      async () => (stored = storedRooms(first.dataDir)),
    );
    await first.kill('SIGTERM');

    const second = await startWorker({}, first.dataDir);
    // Two members join the fresh object at the same moment: both find the whole room.
    const [b, c] = [provider(second), provider(second)];
    await Promise.all([synced(b.provider), synced(c.provider)]);
    expect(b.doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 });
    expect(c.doc.getMap('m').toJSON()).toEqual({ k0: 0, k1: 1, k2: 2 });
  });

  it('resumes after workerd evicts the room object with members connected: same sockets, the document from storage, presence ids kept', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sb-worker-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    const relay = await startWorkerd({}, undefined, dist, { evictable: true });
    const [a, b] = [provider(relay), provider(relay)];
    await Promise.all([synced(a.provider), synced(b.provider)]);
    const dropped: string[] = [];
    for (const [name, m] of [
      ['a', a],
      ['b', b],
    ] as const)
      m.provider.on('status', ({ status }: { status: string }) => status !== 'connected' && dropped.push(`${name} ${status}`));
    const names = (m: typeof a) => [...m.provider.awareness.getStates().values()].map((s) => s.name as unknown);
    a.doc.getMap('m').set('before', 1);
    a.provider.awareness.setLocalStateField('name', 'A');
    await until(() => b.doc.getMap('m').get('before') === 1 && names(b).includes('A'));

    // The runtime's own eviction of an idle object (workerd:unsafe's evict): gone from memory, its
    // hibernatable sockets still open; nothing runs it again until a message comes.
    expect(await relay.evict(ROOM)).toBe(true);
    expect(await relay.evict(ROOM)).toBe(false);

    // A member speaks on its old socket: a new instance rebuilds the room from storage and takes
    // both sockets back, and the other member receives the update and the presence.
    b.doc.getMap('m').set('fromB', 2);
    b.provider.awareness.setLocalStateField('name', 'B');
    await until(() => a.doc.getMap('m').get('fromB') === 2 && names(a).includes('B'));
    // A's presence id came back with its socket (the attachment): a newcomer cannot take it over,
    // though A has said nothing since. The marker after the claim shows the claim was read.
    const spoof = raw(relay, `/room/${ROOM}`);
    await spoof.open;
    spoof.ws.send(presenceMessage(a.doc.clientID, { name: 'not really A' }, 99));
    spoof.ws.send(presenceMessage(424242, { name: 'spoof marker' }));
    await until(() => names(b).includes('spoof marker'));
    expect(names(b)).not.toContain('not really A');
    a.doc.getMap('m').set('after', 3);
    a.provider.awareness.setLocalStateField('name', 'A again');
    await until(() => b.doc.getMap('m').get('after') === 3 && names(b).includes('A again'));

    const c = provider(relay);
    await synced(c.provider);
    expect(c.doc.getMap('m').toJSON()).toEqual({ before: 1, fromB: 2, after: 3 });
    expect(dropped).toEqual([]); // neither member reconnected: the same sockets all along
  });

  it("sends the Node server's security headers and caching rules, and serves the glyph pack as a trustless gateway", async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sb-worker-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    cpSync(resolve(import.meta.dirname, '../../public/glyphs'), join(dist, 'glyphs'), { recursive: true });
    const worker = await startWorker({}, undefined, dist);
    for (const path of ['/', '/healthz', '/some/deep/link']) {
      const res = await fetch(`${worker.url}${path}`);
      expect(res.status, path).toBe(200);
      for (const [name, value] of Object.entries(securityHeaders(DEFAULT_GLYPH_GATEWAYS)))
        expect(res.headers.get(name), `${path} ${name}`).toBe(value);
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

  it('answers /healthz and /time to GET and HEAD only, keeps page loads and room upgrades on separate budgets with the build files free, and sends its headers on refusals', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'sb-worker-dist-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="app"></div>');
    writeFileSync(join(dist, 'sw.js'), '// sw');
    writeFileSync(join(dist, 'manifest.webmanifest'), '{}');
    const worker = await startWorker({ RELAY_HTTP_PER_MINUTE: '3', HSTS: '1' }, undefined, dist);
    for (const path of ['/healthz', '/time']) {
      const post = await fetch(`${worker.url}${path}`, { method: 'POST' });
      expect(post.status, path).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
      expect(post.headers.get('x-content-type-options')).toBe('nosniff');
      expect((await fetch(`${worker.url}${path}`, { method: 'HEAD' })).status, path).toBe(200);
    }
    const pages: number[] = [];
    for (let i = 0; i < 5; i++) pages.push((await fetch(`${worker.url}/`)).status);
    expect(pages).toEqual([200, 200, 200, 429, 429]);
    for (const path of ['/sw.js', '/manifest.webmanifest', '/time', '/healthz']) {
      for (let i = 0; i < 4; i++) expect((await fetch(`${worker.url}${path}`)).status, path).toBe(200);
    }
    expect((await fetch(`${worker.url}/room/${ROOM}`)).status).toBe(429);
    expect(await upgradeStatus(worker, `/room/${ROOM}`)).toMatchObject({ status: 101 });
    const refused = await upgradeStatus(worker, '/room/not-a-room-id');
    expect(refused.status).toBe(400);
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
    expect(refused.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(refused.headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await fetch(`${worker.url}/sw.js`)).headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
