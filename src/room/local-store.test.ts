import { openDB } from 'idb';
import { describe, expect, it, vi } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import type { RoomId } from './link.ts';
import { adoptLegacyRoomDb, legacyRoomDbName, roomDbName } from './local-store.ts';

const roomId = (s: string) => s as RoomId;
const listed = async () => (await indexedDB.databases()).map((d) => d.name);

describe('room database name', () => {
  it('carries a SHA-256 of the room id, never the id (the link secret)', () => {
    const id = roomId('q3Zs1n0uVbJ7yQfT2k9wXg');
    const name = roomDbName(id);
    expect(name).toMatch(/^sacred-breathing-room-[0-9a-f]{64}$/);
    expect(name).not.toContain(id);
    expect(roomDbName(roomId('abc'))).toBe('sacred-breathing-room-ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(roomDbName(roomId('q3Zs1n0uVbJ7yQfT2k9wXh'))).not.toBe(name);
  });

  it('folds a room kept under its id by an earlier version into the new database and deletes the old one', async () => {
    const id = roomId('Legacy0RoomId0Here00Aa');
    const before = new Y.Doc();
    const legacy = new IndexeddbPersistence(legacyRoomDbName(id), before);
    await legacy.whenSynced;
    before.getMap('pacer').set('pattern', 'box');
    await legacy.destroy();

    const doc = new Y.Doc();
    const local = new IndexeddbPersistence(roomDbName(id), doc);
    await Promise.all([local.whenSynced, adoptLegacyRoomDb(id, doc)]);
    expect(doc.getMap('pacer').get('pattern')).toBe('box');
    expect(await listed()).not.toContain(legacyRoomDbName(id));
    await local.destroy();

    // The merged state was persisted under the new name.
    const again = new Y.Doc();
    const reopened = new IndexeddbPersistence(roomDbName(id), again);
    await reopened.whenSynced;
    expect(again.getMap('pacer').get('pattern')).toBe('box');
    await reopened.destroy();
  });

  it('opens nothing where no legacy database exists', async () => {
    const id = roomId('NoLegacy0RoomId0Here0A');
    await adoptLegacyRoomDb(id, new Y.Doc());
    expect(await listed()).not.toContain(legacyRoomDbName(id));
  });
});

describe('a legacy room database held open by another tab', () => {
  it('does not hold the room up: the merge is done, and the deletion completes once that tab lets go', async () => {
    const id = roomId('HeldOpen0RoomId0Here0A');
    const before = new Y.Doc();
    const legacy = new IndexeddbPersistence(legacyRoomDbName(id), before);
    await legacy.whenSynced;
    before.getMap('pacer').set('pattern', 'triangle');
    await legacy.destroy();
    // An earlier version's tab: it keeps its connection and ignores requests to close it.
    const otherTab = await openDB(legacyRoomDbName(id));

    const doc = new Y.Doc();
    await adoptLegacyRoomDb(id, doc);
    expect(doc.getMap('pacer').get('pattern')).toBe('triangle');
    expect(await listed()).toContain(legacyRoomDbName(id));

    otherTab.close();
    await vi.waitFor(async () => expect(await listed()).not.toContain(legacyRoomDbName(id)));
  });
});
