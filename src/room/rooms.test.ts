import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KeyValueStorage } from './identity.ts';
import { BadRoomLinkError, isRoomId } from './link.ts';
import { createRoomsStore, type RoomsDeps } from './rooms.ts';
import * as store from './store.ts';
import { createFakeRelay, type FakeRelay } from './testing/fake-relay.ts';

const memoryStorage = (): KeyValueStorage & { map: Map<string, string> } => {
  const map = new Map<string, string>();
  return { map, getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
};

let relay: FakeRelay;
const deps = (storage: KeyValueStorage, load?: RoomsDeps['load']): RoomsDeps => ({
  clock: relay.clock,
  storage,
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
  it('keeps one member id per device, and a display name that is saved and read reactively', () => {
    const storage = memoryStorage();
    const rooms = createRoomsStore(deps(storage));
    // A device that never joins a room keeps no id.
    expect(storage.map.size).toBe(0);
    expect(rooms.memberId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(createRoomsStore(deps(storage)).memberId).toBe(rooms.memberId);
    expect(createRoomsStore(deps(memoryStorage())).memberId).not.toBe(rooms.memberId);

    expect(rooms.displayName()).toBe('');
    createRoot((dispose) => {
      const seen: string[] = [];
      const read = () => seen.push(rooms.displayName());
      read();
      rooms.saveDisplayName('Ada');
      read();
      expect(seen).toEqual(['', 'Ada']);
      dispose();
    });
    expect(createRoomsStore(deps(storage)).displayName()).toBe('Ada');
  });

  it('makes new room ids, links to them on its origin, and reads a link back, naming a cut-short one', () => {
    const rooms = createRoomsStore(deps(memoryStorage()));
    const id = rooms.newRoomId();
    expect(isRoomId(id)).toBe(true);
    expect(rooms.linkTo(id)).toBe(`https://breathe.example/room/${id}`);
    expect(rooms.parseRoomId(id)).toBe(id);
    const bad = rooms.parseRoomId(id.slice(0, 10));
    expect(bad).toBeInstanceOf(BadRoomLinkError);
    expect(bad).toMatchObject({ length: 10 });
    expect((bad as Error).message).not.toContain(id.slice(0, 10));
  });

  it('opens a room for its owner once the room module loads, under the saved name, and closes it with the owner', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const storage = memoryStorage();
    const rooms = createRoomsStore(deps(storage));
    rooms.saveDisplayName('Bo');
    const id = rooms.newRoomId();
    const { room, dispose } = createRoot((dispose) => ({ room: rooms.open(id, { create: true }), dispose }));
    expect(room()).toBeUndefined();
    await vi.waitFor(() => expect(room()).toBeDefined());
    expect(room()!.id).toBe(id);
    expect(relay.last().url).toBe(`ws://relay.test/room/${id}`);
    relay.accept(relay.last());
    expect(room()!.status()).toEqual({ kind: 'online' });
    await vi.waitFor(() => expect(room()!.isHost()).toBe(true));
    expect(room()!.members()).toMatchObject([{ memberId: rooms.memberId, name: 'Bo', me: true }]);

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
      const room = rooms.open(rooms.newRoomId(), { create: false });
      dispose();
      return room;
    });
    // A second opener on the same load: once it has its room, the first has heard the load too.
    const { later, dispose } = createRoot((dispose) => ({ later: rooms.open(rooms.newRoomId(), { create: false }), dispose }));
    release();
    await vi.waitFor(() => expect(later()).toBeDefined());
    expect(gone()).toBeUndefined();
    expect(relay.sockets).toHaveLength(1);
    dispose();
  });
});
