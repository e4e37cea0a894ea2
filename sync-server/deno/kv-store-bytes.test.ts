/**
 * The KV store's byte accounting for the disk quota: a room's state plus its log, kept in memory as
 * it writes, read back at start from the index (`scan`), and dropped when a room is deleted or expires.
 */
import { describe, expect, it } from 'vitest';
import { type KvKey, type KvLike, openKvRoomStore, TOMBSTONE_BYTES } from './kv-store.ts';
import { createMemoryKv } from './testing/memory-kv.ts';

const ROOM = 'roomAAAAAAAAAAAAAAAAAA';
const OTHER = 'roomBBBBBBBBBBBBBBBBBB';
const DAY = 86_400_000;
const RETENTION = 30 * DAY;

function setup() {
  const clock = { t: 1_000_000 };
  const now = () => clock.t;
  const kv = createMemoryKv({ now });
  const open = () => openKvRoomStore(kv, { retentionMs: RETENTION, now });
  return { clock, kv, store: open(), open };
}

describe('KvRoomStore bytes', () => {
  it('counts a room’s state and log as it writes them, and a fold replaces them', async () => {
    const { store } = setup();
    expect(store.roomBytes(ROOM)).toBe(0);
    await store.append(ROOM, new Uint8Array(100));
    await store.append(ROOM, new Uint8Array(250_000));
    expect(store.roomBytes(ROOM)).toBe(250_100);
    await store.fold(OTHER, new Uint8Array(3000));
    await store.append(OTHER, new Uint8Array(7));
    expect(store.totalBytes()).toBe(250_100 + 3007);
    await store.fold(ROOM, new Uint8Array(40));
    expect(store.roomBytes(ROOM)).toBe(40);
    expect(store.totalBytes()).toBe(40 + 3007);
  });

  it('reads the same figures back at start from the index, without the rooms’ chunks', async () => {
    const { store, kv } = setup();
    await store.fold(ROOM, new Uint8Array(200_000));
    await store.append(ROOM, new Uint8Array(10));
    await store.append(OTHER, new Uint8Array(500));
    await store.deleteRoom(OTHER, 1_000_000);
    const before = store.totalBytes();
    expect(before).toBe(200_010 + TOMBSTONE_BYTES);

    // The scan reads two lists of small values (the index, the tombstones), never a room's chunks.
    const read: KvKey[] = [];
    const watched: KvLike = {
      get: (key) => kv.get(key),
      atomic: () => kv.atomic(),
      close: () => kv.close(),
      async *list(selector, options) {
        for await (const entry of kv.list(selector, options)) {
          read.push(entry.key);
          yield entry;
        }
      },
    };
    const again = openKvRoomStore(watched, { retentionMs: RETENTION, now: () => 1_000_000 });
    expect(again.totalBytes()).toBe(0);
    expect(await again.scan()).toEqual({ rooms: 1, tombstones: 1, complete: true });
    expect(read.map((key) => key[0])).toEqual(['rooms', 'tomb']);
    expect(again.totalBytes()).toBe(before);
    expect(again.roomBytes(ROOM)).toBe(200_010);
    expect(again.tombstoned(OTHER)).toBe(true);
    expect(again.tombstoned(ROOM)).toBe(false);
  });

  it('drops a deleted room’s bytes for its tombstone’s, and forgets what expires', async () => {
    const { store, clock, open } = setup();
    await store.append(ROOM, new Uint8Array(1000));
    await store.deleteRoom(ROOM, clock.t);
    expect(store.roomBytes(ROOM)).toBe(0);
    expect(store.totalBytes()).toBe(TOMBSTONE_BYTES);
    await store.append(OTHER, new Uint8Array(1000));
    clock.t += 2 * RETENTION;
    expect(store.totalBytes()).toBe(0);
    expect(store.tombstoned(ROOM)).toBe(false);
    await open()
      .scan()
      .then((found) => expect(found).toMatchObject({ rooms: 0, tombstones: 0 }));
  });

  it('counts itself full when more is stored than the scan reads', async () => {
    const { store, open } = setup();
    for (const id of [ROOM, OTHER, 'roomCCCCCCCCCCCCCCCCCC']) await store.append(id, new Uint8Array(10));
    const again = open();
    expect(await again.scan(2)).toEqual({ rooms: 2, tombstones: 0, complete: false });
    expect(again.totalBytes()).toBe(Number.POSITIVE_INFINITY);
    const whole = open();
    expect(await whole.scan(3)).toMatchObject({ rooms: 3, complete: true });
    expect(whole.totalBytes()).toBe(30);
  });
});
