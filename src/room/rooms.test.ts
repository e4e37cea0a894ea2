import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyValueStorage } from './identity.ts';
import { BadRoomLinkError, isRoomId } from './link.ts';
import { ownerKeyOpens } from '../shared/room-owner.ts';
import { createRoomsStore, type RoomOpening, type RoomsDeps } from './rooms.ts';
import { RoomOpenError } from './status.ts';
import * as store from './store.ts';
import { createFakeRelay, type FakeRelay } from './testing/fake-relay.ts';

const memoryStorage = (): KeyValueStorage & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v), removeItem: (k) => void map.delete(k) };
};

/** The room an opening opened (failing the test if it did not). */
const opened = (opening: () => RoomOpening) => {
  const now = opening();
  if (!now || !('room' in now)) throw new Error(`not opened: ${JSON.stringify(now)}`);
  return now.room;
};

let relay: FakeRelay;
const deps = (storage: KeyValueStorage | (() => KeyValueStorage | null), load?: RoomsDeps['load']): RoomsDeps => ({
  clock: relay.clock,
  storage: typeof storage === 'function' ? storage : () => storage,
  origin: 'https://breathe.example',
  env: relay.env,
  load: load ?? (async () => store),
});

beforeEach(() => {
  relay = createFakeRelay();
});
afterEach(() => {
  relay.dispose();
  vi.useRealTimers();
});

describe('the rooms store', () => {
  it('keeps one member id per device, and a display name that is saved and read afresh', () => {
    const storage = memoryStorage();
    let asked = 0;
    const rooms = createRoomsStore(
      deps(() => {
        asked += 1;
        return storage;
      }),
    );
    // Storage is not touched until a room needs it, and a device that never joins a room keeps no id.
    expect(asked).toBe(0);
    expect(rooms.memberId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(storage.map.size).toBe(1);
    expect(createRoomsStore(deps(storage)).memberId).toBe(rooms.memberId);
    expect(createRoomsStore(deps(memoryStorage())).memberId).not.toBe(rooms.memberId);

    expect(rooms.displayName()).toBe('');
    rooms.saveDisplayName('Ada');
    expect(rooms.displayName()).toBe('Ada');
    expect(createRoomsStore(deps(storage)).displayName()).toBe('Ada');
    // Saved in another tab: seen on the next read.
    storage.map.set('sacred-breathing.display-name', 'Cy');
    expect(rooms.displayName()).toBe('Cy');
  });

  it.each([
    [
      'storage that throws when asked for',
      () => {
        throw new DOMException('denied', 'SecurityError');
      },
    ],
    ['no storage', () => null],
    [
      'storage whose reads and writes throw',
      () => ({
        getItem: () => {
          throw new DOMException('denied', 'SecurityError');
        },
        setItem: () => {
          throw new DOMException('full', 'QuotaExceededError');
        },
        removeItem: () => {
          throw new DOMException('denied', 'SecurityError');
        },
      }),
    ],
  ])('works for this page only with %s: one member id, the name in memory', async (_, storage: () => KeyValueStorage | null) => {
    const rooms = createRoomsStore(deps(storage));
    const id = rooms.memberId;
    expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(rooms.memberId).toBe(id);
    expect(rooms.displayName()).toBe('');
    rooms.saveDisplayName('Ada');
    expect(rooms.displayName()).toBe('Ada');
    // A room opens under that id and name.
    const { room, dispose } = createRoot((dispose) => ({ room: rooms.open(rooms.createRoom(), { create: true }), dispose }));
    await vi.waitFor(() => expect(room()).toMatchObject({ room: {} }));
    expect(opened(room).members()).toMatchObject([{ memberId: id, name: 'Ada', me: true }]);
    dispose();
  });

  it('makes new room ids, links to them on its origin, and reads a link back, naming a cut-short one', () => {
    const rooms = createRoomsStore(deps(memoryStorage()));
    const id = rooms.createRoom();
    expect(isRoomId(id)).toBe(true);
    expect(rooms.linkTo(id)).toBe(`https://breathe.example/room/${id}`);
    expect(rooms.parseRoomId(id)).toBe(id);
    const bad = rooms.parseRoomId(id.slice(0, 10));
    expect(bad).toBeInstanceOf(BadRoomLinkError);
    expect(bad).toMatchObject({ length: 10 });
    expect((bad as Error).message).not.toContain(id.slice(0, 10));
  });

  it('keeps the owner key of each room it makes, under a hash of the id, so only this device can delete it', async () => {
    const storage = memoryStorage();
    const rooms = createRoomsStore(deps(storage));
    const id = rooms.createRoom();
    const other = rooms.createRoom();
    expect(other).not.toBe(id);
    const keys = [...storage.map].filter(([k]) => k.includes('room-owner'));
    expect(keys).toHaveLength(2);
    for (const [name, key] of keys) {
      expect(name).not.toContain(id);
      expect(ownerKeyOpens(id, key) || ownerKeyOpens(other, key)).toBe(true);
    }
    // Opened again on this device, the room knows it may be deleted from here; elsewhere it may not.
    const mine = createRoot((dispose) => ({ opening: createRoomsStore(deps(storage)).open(id, { create: false }), dispose }));
    const theirs = createRoot((dispose) => ({ opening: createRoomsStore(deps(memoryStorage())).open(id, { create: false }), dispose }));
    await vi.waitFor(() => expect(mine.opening()).toBeDefined());
    await vi.waitFor(() => expect(theirs.opening()).toBeDefined());
    expect(opened(mine.opening).canDelete).toBe(true);
    expect(opened(theirs.opening).canDelete).toBe(false);
    mine.dispose();
    theirs.dispose();
  });

  it('opens a room for its owner once the room module loads, under the saved name, and closes it with the owner', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const storage = memoryStorage();
    const rooms = createRoomsStore(deps(storage));
    rooms.saveDisplayName('Bo');
    const id = rooms.createRoom();
    const { opening, dispose } = createRoot((dispose) => ({ opening: rooms.open(id, { create: true }), dispose }));
    expect(opening()).toBeUndefined();
    await vi.waitFor(() => expect(opening()).toBeDefined());
    const room = opened(opening);
    expect(room.id).toBe(id);
    expect(relay.last().url).toBe(`ws://relay.test/room/${id}`);
    relay.accept(relay.last());
    expect(room.status()).toEqual({ kind: 'online' });
    await vi.waitFor(() => expect(room.isHost()).toBe(true));
    expect(room.members()).toMatchObject([{ memberId: rooms.memberId, name: 'Bo', me: true }]);

    dispose();
    // Closed: the connection is gone, and nothing reconnects.
    relay.close(relay.last(), 1006);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(relay.sockets).toHaveLength(1);
  });

  it('opens nothing when its owner is gone before the room module has loaded', async () => {
    let release!: () => void;
    const loading = new Promise<void>((resolve) => (release = resolve)).then(() => store);
    const rooms = createRoomsStore(deps(memoryStorage(), () => loading));
    const gone = createRoot((dispose) => {
      const room = rooms.open(rooms.createRoom(), { create: false });
      dispose();
      return room;
    });
    // A second opener on the same load: once it has its room, the first has heard the load too.
    const { later, dispose } = createRoot((dispose) => ({ later: rooms.open(rooms.createRoom(), { create: false }), dispose }));
    release();
    await vi.waitFor(() => expect(later()).toBeDefined());
    expect(gone()).toBeUndefined();
    expect(relay.sockets).toHaveLength(1);
    dispose();
  });

  it.each([
    ['its code does not load', async () => Promise.reject(new TypeError('Failed to fetch dynamically imported module'))],
    [
      'the room refuses to open',
      async () => ({
        ...store,
        openRoom: () => {
          throw new DOMException('refused', 'InvalidStateError');
        },
      }),
    ],
  ])('says why a room could not be opened when %s, and opening again tries afresh', async (_, failing: RoomsDeps['load'] & {}) => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    let load = failing;
    const rooms = createRoomsStore(deps(memoryStorage(), () => load()));
    const id = rooms.createRoom();
    const first = createRoot((dispose) => ({ opening: rooms.open(id, { create: false }), dispose }));
    await vi.waitFor(() => expect(first.opening()).toBeDefined());
    const { error } = first.opening() as { error: RoomOpenError };
    expect(error).toBeInstanceOf(RoomOpenError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(logged).toHaveBeenCalled();
    first.dispose();

    load = async () => store;
    const again = createRoot((dispose) => ({ opening: rooms.open(id, { create: false }), dispose }));
    await vi.waitFor(() => expect(again.opening()).toMatchObject({ room: { id } }));
    again.dispose();
  });
});
