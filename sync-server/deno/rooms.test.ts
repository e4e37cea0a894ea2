/**
 * The Deno relay's rooms (rooms.ts) over the KV store on the in-memory KV double: which copy a
 * member holds, joins during a deletion, rooms that do not load, the memory budget, and a store
 * that hangs or lags.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { CLOSE, DEFAULT_LIMITS, type RelayLimits } from '../policy.ts';
import { newCounters, type Peer } from '../room.ts';
import { changeOf, syncUpdate } from '../testing/updates.ts';
import { randomBytes, toBase64Url } from '../../src/shared/bytes.ts';
import { OWNER_KEY_BYTES, roomIdOfOwnerKey } from '../../src/shared/room-owner.ts';
import { ROOM_DELETE } from '../../src/shared/room-protocol.ts';
import { type KvRoomStore, openKvRoomStore } from './kv-store.ts';
import { estimateHeap } from '../room.ts';
import { createRoomRegistry, type OpenedRoom, RoomUnavailableError } from './rooms.ts';
import { createMemoryKv, type MemoryKv } from './testing/memory-kv.ts';

afterEach(() => vi.useRealTimers());

const ROOM = 'AAAAAAAAAAAAAAAAAAAAAA';
const OTHER = 'BBBBBBBBBBBBBBBBBBBBBB';
const THIRD = 'CCCCCCCCCCCCCCCCCCCCCC';
const DAY = 24 * 60 * 60 * 1000;

const ASYNC = ['load', 'append', 'fold', 'touch', 'deleteRoom', 'deletedAt'] as const;
type AsyncCall = (typeof ASYNC)[number];

/** A KV store whose calls can be held back, made to fail, or hang, and are counted. */
function controlled(kv: MemoryKv = createMemoryKv()) {
  const inner = openKvRoomStore(kv, { retentionMs: 30 * DAY });
  const held = new Map<AsyncCall, Promise<void>>();
  const failing = new Set<AsyncCall>();
  const calls = Object.fromEntries(ASYNC.map((name) => [name, 0])) as Record<AsyncCall, number>;
  const store: KvRoomStore = { ...inner };
  for (const name of ASYNC) {
    const call = inner[name] as (...args: unknown[]) => Promise<unknown>;
    (store as unknown as Record<AsyncCall, (...args: unknown[]) => Promise<unknown>>)[name] = async (...args) => {
      calls[name]++;
      if (failing.has(name)) throw new Error('KV unavailable');
      await held.get(name);
      return call(...args);
    };
  }
  return {
    kv,
    store,
    calls,
    /** Holds this call back until the returned function is called. */
    hold(name: AsyncCall): () => void {
      let go = () => {};
      held.set(name, new Promise<void>((ok) => (go = ok)));
      return () => {
        held.delete(name);
        go();
      };
    },
    fail: (name: AsyncCall) => failing.add(name),
    heal: (name: AsyncCall) => failing.delete(name),
  };
}

function registry(store: KvRoomStore, limits: Partial<RelayLimits> = {}, storeTimeoutMs?: number) {
  const hits: string[] = [];
  const lines: string[] = [];
  const rooms = createRoomRegistry({
    limits: { ...DEFAULT_LIMITS, ...limits },
    store,
    counters: newCounters(),
    hit: (kind) => void hits.push(kind),
    log: (line) => void lines.push(line),
    ...(storeTimeoutMs === undefined ? {} : { storeTimeoutMs }),
  });
  return { rooms, hits, lines };
}

/** A member joined to an opened room: what it got, how it was closed, and how it edits. */
function member(opened: OpenedRoom) {
  const got: Uint8Array[] = [];
  const closed: number[] = [];
  // Frames go through the room's gate, as member-socket.ts sends them.
  const socket = { send: (d: Uint8Array) => void got.push(d) };
  const peer: Peer = { send: (d) => opened.gate.send(socket, d), close: (code) => void closed.push(code), bufferedAmount: 0 };
  const joined = opened.room.join(peer, Date.now());
  const doc = new Y.Doc();
  const edit = (key: string, value: unknown) => joined.receive(syncUpdate(changeOf(doc, (d) => d.getMap('m').set(key, value))), Date.now());
  return { got, closed, edit, leave: () => joined.leave() };
}

/** A client's sync step 1 for an empty document: the relay answers with everything it holds. */
function syncStep1(): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  syncProtocol.writeSyncStep1(e, new Y.Doc());
  return encoding.toUint8Array(e);
}

/** What the store holds for a room, as a document's map. */
async function storedMap(store: KvRoomStore, id: string): Promise<unknown> {
  const found = await store.load(id);
  const doc = new Y.Doc();
  for (const part of found ? [...(found.state ? [found.state] : []), ...found.updates] : []) Y.applyUpdate(doc, part);
  return doc.getMap('m').toJSON();
}

describe('deno rooms', () => {
  it('a member of a copy that failed never counts down the copy loaded after it (which stays loaded while held)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const ctl = controlled();
    const { rooms } = registry(ctl.store, { unloadIdleRoomAfterMs: 1000 });
    const first = await rooms.open(ROOM);
    const old = member(first);
    ctl.fail('append');
    old.edit('a', 1);
    await vi.waitFor(() => expect(old.closed).toEqual([CLOSE.storageFailed.code]));
    expect(rooms.size()).toBe(0);
    ctl.heal('append');

    const second = await rooms.open(ROOM);
    expect(second.room).not.toBe(first.room);
    const now = member(second);
    // The old member's socket closes only now (Deno's close event comes 50 ms or more later).
    old.leave();
    first.release();
    first.release();
    await vi.advanceTimersByTimeAsync(5000);
    expect(rooms.size()).toBe(1);
    now.edit('b', 2);
    await vi.waitFor(async () => expect(await storedMap(ctl.store, ROOM)).toEqual({ b: 2 }));
    // Its own release does unload it after the idle time.
    now.leave();
    second.release();
    await vi.advanceTimersByTimeAsync(1000);
    await vi.waitFor(() => expect(rooms.size()).toBe(0));
  });

  it('a join during a deletion waits for it and gets the emptied room with its notice, never the deleted copy', async () => {
    const ctl = controlled();
    const { rooms } = registry(ctl.store);
    const host = await rooms.open(ROOM);
    const hostMember = member(host);
    hostMember.edit('secret', 1);
    const go = ctl.hold('deleteRoom');
    const at = Date.now();
    const deleted = rooms.delete(ROOM, at);
    let joined: OpenedRoom | null = null;
    const joining = rooms.open(ROOM).then((opened) => (joined = opened));
    await vi.waitFor(() => expect(ctl.calls.deleteRoom).toBe(1));
    // Whatever the store is doing, the deleted copy is handed to nobody.
    await new Promise((ok) => setImmediate(ok));
    expect(joined).toBeNull();
    go();
    expect(await deleted).toBe(1);
    expect(hostMember.closed).toEqual([CLOSE.roomDeleted.code]);
    const opened = await joining;
    expect(opened.room).not.toBe(host.room);
    expect(opened.deletedAt).toBe(at);
    expect(opened.room.doc.getMap('m').toJSON()).toEqual({});
  });

  it('refuses a room that no longer loads (RELAY_MAX_ROOM_BYTES lowered) and leaves its entries as they were', async () => {
    const ctl = controlled();
    const before = registry(ctl.store);
    const opened = await before.rooms.open(ROOM);
    const writer = member(opened);
    writer.edit('text', 'x'.repeat(2000));
    writer.leave();
    opened.release(); // folded
    await vi.waitFor(async () => expect(await storedMap(ctl.store, ROOM)).toEqual({ text: 'x'.repeat(2000) }));
    await before.rooms.shutdown();

    const lowered = registry(ctl.store, { maxRoomBytes: 500 });
    const keys = ctl.kv.allKeys();
    await expect(lowered.rooms.open(ROOM)).rejects.toBeInstanceOf(RoomUnavailableError);
    await expect(lowered.rooms.open(ROOM)).rejects.toBeInstanceOf(RoomUnavailableError);
    expect(lowered.lines.some((line) => line.startsWith('room does not load'))).toBe(true);
    expect(lowered.rooms.size()).toBe(0);
    expect(ctl.kv.allKeys()).toEqual(keys);
    expect(ctl.calls.fold).toBe(1);

    // The limit raised again: the room is whole.
    const raised = registry(ctl.store);
    const again = await raised.rooms.open(ROOM);
    expect(again.room.doc.getMap('m').get('text')).toBe('x'.repeat(2000));
  });

  it('refuses a room whose entries are damaged, once; the id then starts empty and the other rooms load whole', async () => {
    const ctl = controlled();
    const first = registry(ctl.store);
    const [a, b] = [await first.rooms.open(ROOM), await first.rooms.open(OTHER)];
    member(a).edit('lost', 1);
    member(b).edit('kept', 1);
    await vi.waitFor(async () => expect(await storedMap(ctl.store, OTHER)).toEqual({ kept: 1 }));
    await vi.waitFor(async () => expect(await storedMap(ctl.store, ROOM)).toEqual({ lost: 1 }));
    // A torn write: one of the room's chunks no longer matches its checksum.
    const chunk = ctl.kv.allKeys().find((key) => key[1] === ROOM && key[2] === 'log' && key[5] !== 'h');
    const entry = await ctl.kv.get(chunk!);
    const bytes = (entry.value as Uint8Array).slice();
    bytes[0] = bytes[0]! ^ 0xff;
    await ctl.kv.atomic().set(chunk!, bytes).commit();

    const second = registry(ctl.store);
    await expect(second.rooms.open(ROOM)).rejects.toBeInstanceOf(RoomUnavailableError);
    expect(second.lines).toContain('room storage damaged: refused; it starts empty next time');
    expect((await second.rooms.open(OTHER)).room.doc.getMap('m').toJSON()).toEqual({ kept: 1 });
    const fresh = await second.rooms.open(ROOM);
    expect(fresh.room.doc.getMap('m').toJSON()).toEqual({});
  });

  it('counts rooms still loading against RELAY_MAX_ROOMS_LOADED', async () => {
    const ctl = controlled();
    const { rooms } = registry(ctl.store, { maxRoomsLoaded: 2 });
    await rooms.open(ROOM);
    const go = ctl.hold('load');
    const loading = rooms.open(OTHER);
    await vi.waitFor(() => expect(ctl.calls.load).toBe(2));
    expect(rooms.roomForAnother(OTHER)).toBe(true); // itself
    expect(rooms.roomForAnother(THIRD)).toBe(false);
    go();
    await loading;
    expect(rooms.roomForAnother(THIRD)).toBe(false);
  });

  it('keeps the estimated heap of the rooms held and loading within RELAY_MEMORY_BUDGET_MB, unloading idle rooms to make way', async () => {
    const ctl = controlled();
    const room = estimateHeap({ bytes: 0, structs: 0, types: 0 });
    const { rooms } = registry(ctl.store, { maxRoomsLoaded: 100, memoryBudgetBytes: 2.5 * room });
    const a = await rooms.open(ROOM);
    expect(rooms.roomForAnother(OTHER)).toBe(true);
    const go = ctl.hold('load');
    const loading = rooms.open(OTHER);
    await vi.waitFor(() => expect(ctl.calls.load).toBe(2));
    expect(rooms.estimatedHeap()).toBeGreaterThanOrEqual(2 * room);
    expect(rooms.roomForAnother(THIRD)).toBe(false);
    go();
    await loading;
    expect(rooms.roomForAnother(THIRD)).toBe(false);
    // An idle room makes way.
    a.release();
    expect(rooms.roomForAnother(THIRD)).toBe(true);
    await vi.waitFor(() => expect(rooms.size()).toBe(1));
  });

  it('closes the members with the storage failure when a KV call hangs past the timeout', async () => {
    const ctl = controlled();
    const { rooms, hits, lines } = registry(ctl.store, {}, 50);
    const opened = await rooms.open(ROOM);
    const writer = member(opened);
    const reader = member(opened);
    reader.got.length = 0;
    ctl.hold('append'); // never let go: a hung KV
    writer.edit('a', 1);
    await vi.waitFor(() => expect(writer.closed).toEqual([CLOSE.storageFailed.code]));
    expect(reader.closed).toEqual([CLOSE.storageFailed.code]);
    // No document frame went out unstored (presence may).
    expect(reader.got.filter((frame) => frame[0] === 0)).toEqual([]);
    expect(hits).toContain('storage-failed');
    expect(lines).toContain('room storage failed: StoreTimeoutError');
    // Opening times out likewise instead of waiting for ever.
    ctl.hold('load');
    await expect(rooms.open(OTHER)).rejects.toMatchObject({ name: 'StoreTimeoutError' });
  });

  it('merges the changes made while an append is in flight into one append, relayed once stored', async () => {
    const ctl = controlled();
    const { rooms } = registry(ctl.store);
    const opened = await rooms.open(ROOM);
    const writer = member(opened);
    const reader = member(opened);
    reader.got.length = 0;
    const go = ctl.hold('append');
    writer.edit('k0', 0);
    await vi.waitFor(() => expect(ctl.calls.append).toBe(1));
    // The first append is in flight: these wait for it, as one.
    for (let i = 1; i < 50; i++) writer.edit(`k${i}`, i);
    await new Promise((ok) => setImmediate(ok));
    expect(ctl.calls.append).toBe(1);
    expect(reader.got).toEqual([]);
    go();
    await vi.waitFor(() => expect(reader.got.length).toBe(50));
    expect(ctl.calls.append).toBe(2);
    const expected = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, i]));
    expect(await storedMap(ctl.store, ROOM)).toEqual(expected);
  });
});

/** A WebSocket as `Deno.upgradeWebSocket` hands it to the relay, driven by the test. */
class FakeSocket extends EventTarget {
  readyState: number = WebSocket.CONNECTING;
  binaryType = 'blob';
  bufferedAmount = 0;
  closedWith: number | null = null;
  readonly sent: unknown[] = [];
  send(data: unknown): void {
    if (this.readyState === WebSocket.OPEN) this.sent.push(data);
  }
  close(code: number): void {
    if (this.readyState !== WebSocket.OPEN) return;
    this.closedWith = code;
    this.readyState = WebSocket.CLOSING;
    // As Deno: the close event comes later, and sending once closing goes nowhere.
    setTimeout(() => {
      this.readyState = WebSocket.CLOSED;
      this.dispatchEvent(new Event('close'));
    }, 0);
  }
  open(): void {
    this.readyState = WebSocket.OPEN;
    this.dispatchEvent(new Event('open'));
  }
  /** A frame from the client: dispatched only while open, as a WebSocket does. */
  receive(data: Uint8Array): void {
    if (this.readyState === WebSocket.OPEN) this.dispatchEvent(new MessageEvent('message', { data: data.slice().buffer }));
  }
}

describe('deno relay handler', () => {
  const sockets: FakeSocket[] = [];
  afterEach(() => vi.unstubAllGlobals());

  /** The relay's handler over `store`, with a stand-in Deno.upgradeWebSocket whose sockets the test drives. */
  async function relayOver(store: KvRoomStore) {
    // One list for every test: runtime.ts keeps the Deno it found when first loaded.
    sockets.length = 0;
    vi.stubGlobal('Deno', {
      args: [], // read by a dependency's colour check when it loads
      upgradeWebSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        // Node's Response cannot carry 101: what the handler returns is the upgrade's own answer either way.
        return { socket, response: new Response(null, { status: 200, headers: { 'X-Upgraded': '1' } }) };
      },
    });
    // After the stub: runtime.ts reads Deno when it loads.
    const { createDenoRelay } = await import('./handler.ts');
    const { readConfig } = await import('./config.ts');
    const lines: string[] = [];
    const relay = createDenoRelay({ config: readConfig({}), store, pack: null, log: (line) => void lines.push(line) });
    const info = { remoteAddr: { hostname: '127.0.0.1', port: 40000 } };
    const join = (id: string) => relay.handle(new Request(`http://127.0.0.1:8080/room/${id}`, { headers: { Upgrade: 'websocket' } }), info);
    return { relay, sockets, lines, join, info };
  }

  it('upgrades, then closes with the storage failure code when the room cannot be read (as on Node, not a 503 before the upgrade)', async () => {
    const ctl = controlled();
    ctl.fail('load');
    const { relay, sockets, lines, join } = await relayOver(ctl.store);
    const response = await join(ROOM);
    expect(response.headers.get('X-Upgraded')).toBe('1');
    expect(sockets.length).toBe(1);
    sockets[0]!.open();
    await vi.waitFor(() => expect(sockets[0]!.closedWith).toBe(CLOSE.storageFailed.code));
    expect(lines).toContain('room storage failed: Error');
    // The connection slot and the room went back: the next join, with the store healed, is a member.
    ctl.heal('load');
    await join(ROOM);
    sockets[1]!.open();
    await vi.waitFor(() => expect(sockets[1]!.sent.length).toBeGreaterThan(0)); // sync step 1: it joined
    expect(sockets[1]!.closedWith).toBeNull();
    await relay.shutdown();
  });

  it('a socket that opens after its room was deleted (between the load and the open) joins nothing and gets none of its content', async () => {
    const ctl = controlled();
    const { relay, sockets, join, info } = await relayOver(ctl.store);
    const key = randomBytes(OWNER_KEY_BYTES);
    const id = roomIdOfOwnerKey(key);
    await join(id);
    const writer = sockets[0]!;
    writer.open();
    writer.receive(syncUpdate(changeOf(new Y.Doc(), (d) => d.getMap('m').set('secret', 'only-in-the-deleted-room'))));
    await vi.waitFor(async () => expect(await storedMap(ctl.store, id)).toEqual({ secret: 'only-in-the-deleted-room' }));

    await join(id); // loaded: the copy is handed out, its socket not yet open
    const late = sockets[1]!;
    const deletion = new Request(`http://127.0.0.1:8080${ROOM_DELETE.pathPrefix}${id}`, {
      method: ROOM_DELETE.method,
      headers: { [ROOM_DELETE.header]: `${ROOM_DELETE.scheme} ${toBase64Url(key)}` },
    });
    expect((await relay.handle(deletion, info)).status).toBe(204);
    late.open();
    late.receive(syncStep1());
    expect(late.closedWith).toBe(CLOSE.roomDeleted.code);
    const leaked = late.sent.some((frame) => new TextDecoder().decode(frame as Uint8Array).includes('only-in-the-deleted-room'));
    expect(leaked).toBe(false);
    await relay.shutdown();
  });
});
