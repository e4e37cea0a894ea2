/**
 * The Deno relay's new-rooms budget and disk quota against the real process (local.ts), with the
 * Node relay's answers (node/relay-hardening.test.ts): 429 past RELAY_NEW_ROOMS_PER_HOUR new rooms
 * from one address, 503 for a new room and 4507 for growth once the KV store holds
 * RELAY_DISK_QUOTA_MB, the same budgets for deleting an id nothing is stored for, and both read
 * from what is on disk after a restart.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { randomBytes, toBase64Url } from '../../src/shared/bytes.ts';
import { OWNER_KEY_BYTES, roomIdOfOwnerKey } from '../../src/shared/room-owner.ts';
import { ROOM_DELETE } from '../../src/shared/room-protocol.ts';
import { HTTP } from '../policy.ts';
import { provider, type RelayUnderTest, raw, ROOM, synced, until, upgradeStatus } from '../testing/relay-suite.ts';
import { changeOf, syncUpdate } from '../testing/updates.ts';
import { startDeno, stopAllDeno } from './local.ts';

// A Deno process starts in about a second; a busy machine (two cores, four engineers) makes it more.
vi.setConfig({ testTimeout: 90_000, hookTimeout: 30_000 });
afterEach(stopAllDeno);

const OTHER = 'BBBBBBBBBBBBBBBBBBBBBB';
const STORED = 'CCCCCCCCCCCCCCCCCCCCCC';

/** A room id nothing was stored for. */
const newId = () => toBase64Url(randomBytes(16));

/** `DELETE /room/<id>` with the owner key of an id nothing was ever stored for: its status. */
async function deleteUnknownRoom(relay: RelayUnderTest): Promise<Response> {
  const key = randomBytes(OWNER_KEY_BYTES);
  const res = await fetch(`${relay.url}${ROOM_DELETE.pathPrefix}${roomIdOfOwnerKey(key)}`, {
    method: ROOM_DELETE.method,
    headers: { [ROOM_DELETE.header]: `${ROOM_DELETE.scheme} ${toBase64Url(key)}` },
  });
  await res.arrayBuffer();
  return res;
}

/** A member sends a change that grows the room: the close code it gets. */
async function grow(relay: RelayUnderTest, id = ROOM): Promise<number> {
  const grower = raw(relay, `/room/${id}`);
  await grower.open;
  grower.ws.send(syncUpdate(changeOf(new Y.Doc(), (d) => d.getMap('m').set('more', 1))));
  return grower.closed;
}

describe('relay limits (deno)', () => {
  it('lets one address bring at most RELAY_NEW_ROOMS_PER_HOUR new rooms into being (429, deletions of unknown ids too); existing rooms stay open to it, also after a restart', async () => {
    const relay = await startDeno({ RELAY_NEW_ROOMS_PER_HOUR: '2' });
    const a = provider(relay, STORED);
    await synced(a.provider);
    a.doc.getMap('m').set('x', 1);
    expect(await upgradeStatus(relay, '/room/DDDDDDDDDDDDDDDDDDDDDD')).toMatchObject({ status: 101 });
    const refused = await upgradeStatus(relay, '/room/EEEEEEEEEEEEEEEEEEEEEE');
    expect(refused).toMatchObject({ status: 429, body: HTTP.tooManyNewRooms.body });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const deletion = await deleteUnknownRoom(relay);
    expect(deletion.status).toBe(429);
    expect(Number(deletion.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(await upgradeStatus(relay, `/room/${STORED}`)).toMatchObject({ status: 101 });
    await until(() => relay.output().includes('limit new-rooms'));

    // Stored before a graceful stop: after the restart the room exists on disk and joining it spends nothing.
    await until(() => a.provider.synced);
    a.provider.destroy();
    await relay.kill('SIGTERM');
    const again = await startDeno({ RELAY_NEW_ROOMS_PER_HOUR: '1' }, relay.dataDir);
    for (let i = 0; i < 3; i++) expect(await upgradeStatus(again, `/room/${STORED}`)).toMatchObject({ status: 101 });
    const back = provider(again, STORED);
    await synced(back.provider);
    expect(back.doc.getMap('m').get('x')).toBe(1);
    expect(await upgradeStatus(again, '/room/FFFFFFFFFFFFFFFFFFFFFF')).toMatchObject({ status: 101 });
    expect(await upgradeStatus(again, '/room/GGGGGGGGGGGGGGGGGGGGGG')).toMatchObject({ status: 429 });
  });

  it('holds the disk quota: new rooms get 503, growth 4507, deletions pass; after kill -9 the quota counts what is on disk', async () => {
    // Polling with upgrades spends the new-rooms budget until the quota is reached: a large one.
    const env = {
      RELAY_DISK_QUOTA_MB: '1',
      RELAY_MAX_ROOM_BYTES: String(4 << 20),
      RELAY_BYTES_BURST: String(64 << 20),
      RELAY_NEW_ROOMS_PER_HOUR: '100000',
      RELAY_UPGRADES_PER_MINUTE: '100000',
    };
    const relay = await startDeno(env);
    const member = provider(relay);
    await synced(member.provider);
    const text = member.doc.getText('t');
    for (let i = 0; i < 6; i++) text.insert(text.length, String(i).repeat(200_000));
    let full = { status: 0, body: '' };
    await until(
      () => full.status === 503,
      20_000,
      // A fresh id each time: an id once opened is held for a while, and no new room then.
      async () => (full = await upgradeStatus(relay, `/room/${newId()}`)),
    );
    expect(full.body).toBe(HTTP.storageFull.body);
    expect(await grow(relay)).toBe(4507);
    expect((await deleteUnknownRoom(relay)).status).toBe(503);
    await until(() => relay.output().includes('limit storage-full'));

    await relay.kill('SIGKILL');
    member.provider.destroy();
    // One new room an hour: the quota is checked first (Node's order), so its refusals spend none of it.
    const again = await startDeno({ ...env, RELAY_NEW_ROOMS_PER_HOUR: '1' }, relay.dataDir);
    expect(again.output()).toMatch(/stored: 1 rooms, 0 tombstones, \d+ bytes/);
    expect(await upgradeStatus(again, `/room/${OTHER}`)).toMatchObject({ status: 503, body: HTTP.storageFull.body });
    for (let i = 0; i < 2; i++) expect(await upgradeStatus(again, `/room/${newId()}`)).toMatchObject({ status: 503 });
    expect((await deleteUnknownRoom(again)).status).toBe(503);
    expect(await grow(again)).toBe(4507);
    // The room itself stays open, and deleting from it passes.
    const back = provider(again);
    await synced(back.provider);
    expect(back.doc.getText('t').length).toBe(6 * 200_000);
    back.doc.getText('t').delete(0, 200_000);
    const late = provider(again);
    await synced(late.provider);
    await until(() => late.doc.getText('t').length === 5 * 200_000);
  });
});
