import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { PRESETS } from '../core/presets.ts';
import { APP_PROTOCOL, CLOSE } from '../shared/room-protocol.ts';
import type { RoomId } from './link.ts';
import { ChangeTooLargeError } from './schema.ts';
import { openRoom, type RoomStore } from './store.ts';
import { createFakeRelay, type FakeRelay } from './testing/fake-relay.ts';

let seq = 0;
// A fresh room per test: rooms of one name share a BroadcastChannel, as two tabs would.
const nextId = () => `StoreTestRoom${String(seq++).padStart(9, '0')}` as RoomId;

let relay: FakeRelay;
let dispose: () => void;

/** Opens a room on the fake relay, in a root the test's end disposes. */
function open(me: { memberId?: string; name?: string; create?: boolean } = {}, serverAheadMs = 0): RoomStore {
  relay = createFakeRelay(serverAheadMs);
  return createRoot((d) => {
    dispose = d;
    return openRoom(nextId(), relay, { memberId: me.memberId ?? 'ada', name: me.name ?? 'Ada', create: me.create ?? true });
  });
}

beforeEach(() => {
  // Not setImmediate: fake-indexeddb schedules on it, and the room's local copy must still load.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  dispose();
  relay.dispose();
  vi.useRealTimers();
});

describe('a room connection', () => {
  it('connects with the app subprotocol, is online once synced, and stops for good in a full room (4005)', async () => {
    const room = open();
    expect(room.status()).toEqual({ kind: 'connecting' });
    const socket = relay.last();
    expect(socket.url).toMatch(/^ws:\/\/relay\.test\/room\/StoreTestRoom/);
    expect(socket.protocols[0]).toBe(APP_PROTOCOL);
    relay.accept(socket);
    expect(room.status()).toEqual({ kind: 'online' });

    relay.close(socket, CLOSE.roomFull.code, CLOSE.roomFull.reason);
    expect(room.status()).toMatchObject({ kind: 'refused', closed: { code: 4005, kind: 'roomFull', final: true } });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(relay.sockets).toHaveLength(1);
  });

  it('takes a refused change (4013, room too large) as final, and names each kind that shares a code by its reason', () => {
    const room = open();
    relay.accept(relay.last());
    relay.close(relay.last(), CLOSE.roomTooLarge.code, CLOSE.roomTooLarge.reason);
    expect(room.status()).toMatchObject({ kind: 'refused', closed: { code: 4013, kind: 'roomTooLarge' } });
  });

  it('after a dropped connection, waits out a doubling backoff, counting down, then reconnects; a synced connection resets it', async () => {
    const room = open();
    relay.close(relay.last(), 1006);
    expect(room.status()).toMatchObject({ kind: 'offline', closed: { code: 1006, kind: null, final: false }, retryAt: Date.now() + 500 });
    await vi.advanceTimersByTimeAsync(499);
    expect(relay.sockets).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(relay.sockets).toHaveLength(2);
    expect(room.status()).toEqual({ kind: 'connecting' });

    // Refused again and again: 1 s, 2 s, 4 s.
    relay.close(relay.last(), CLOSE.rateLimited.code, CLOSE.rateLimited.reason);
    await vi.advanceTimersByTimeAsync(1000);
    relay.close(relay.last(), CLOSE.rateLimited.code, CLOSE.rateLimited.reason);
    await vi.advanceTimersByTimeAsync(2000);
    relay.close(relay.last(), CLOSE.slow.code, CLOSE.slow.reason);
    expect(room.status()).toMatchObject({ kind: 'offline', closed: { code: 4008, kind: 'slow' } });
    expect(room.retryInS()).toBe(4);
    await vi.advanceTimersByTimeAsync(1);
    expect(room.retryInS()).toBe(4);
    await vi.advanceTimersByTimeAsync(999);
    expect(room.retryInS()).toBe(3);
    await vi.advanceTimersByTimeAsync(2000);
    expect(room.retryInS()).toBe(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(relay.sockets).toHaveLength(5);
    expect(room.retryInS()).toBeNull();

    relay.accept(relay.last());
    relay.close(relay.last(), CLOSE.goingAway.code, CLOSE.goingAway.reason);
    expect(room.status()).toMatchObject({ kind: 'offline', closed: { kind: 'goingAway' }, retryAt: Date.now() + 500 });
  });

  it('goes offline with the network and retries nothing until it returns', async () => {
    const room = open();
    relay.accept(relay.last());
    relay.setOnline(false);
    expect(room.status()).toEqual({ kind: 'offline', closed: null, retryAt: null });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(relay.sockets).toHaveLength(1);
    relay.setOnline(true);
    expect(room.status()).toEqual({ kind: 'connecting' });
    expect(relay.sockets).toHaveLength(2);
    relay.accept(relay.last());
    expect(room.status()).toEqual({ kind: 'online' });
  });
});

describe('a room', () => {
  it('follows the relay clock: server time is the local time plus the measured offset', async () => {
    const room = open({}, 7_000);
    expect(room.offset()).toBeNull();
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(120);
      expect(room.offset()?.samples).toBeGreaterThanOrEqual(3);
    });
    expect(room.offset()!.offsetMs).toBe(7_000);
    expect(room.serverNow()).toBe(Date.now() + 7_000);
  });

  it('makes its creator the host, who starts the pacer in server time; a change too large to share is refused', async () => {
    const room = open({ create: true }, 2_000);
    await vi.waitFor(() => expect(room.isHost()).toBe(true));
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(120);
      expect(room.offset()).not.toBeNull();
    });
    room.startPacer(PRESETS[2]!, 5000);
    expect(room.pacer()).toMatchObject({ by: 'ada', startAt: Date.now() + 2_000 + 5000, pattern: { name: PRESETS[2]!.name } });
    // A long name is cut, never refused.
    room.setName(`  ${'N'.repeat(100)}`);
    expect(room.members()[0]!.name).toBe('N'.repeat(40));
    expect(() => room.startPacer({ ...PRESETS[0]!, name: 'x'.repeat(70_000) }, 0)).toThrow(ChangeTooLargeError);
  });

  it('still opens from the relay, its creator the host, when the device refuses to store the room', async () => {
    const refusing = {
      open: () => {
        throw new DOMException('storage refused by the test', 'UnknownError');
      },
      databases: async () => [],
    };
    vi.stubGlobal('indexedDB', refusing);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const room = open({ create: true });
      relay.accept(relay.last());
      await vi.waitFor(() => expect(room.isHost()).toBe(true));
      expect(room.status()).toEqual({ kind: 'online' });
      expect(quiet).toHaveBeenCalledWith('room: the copy on this device did not load', expect.anything());
    } finally {
      vi.unstubAllGlobals();
      quiet.mockRestore();
    }
  });

  it('a joiner is not the host and cannot start the pacer', async () => {
    const room = open({ create: false });
    await vi.advanceTimersByTimeAsync(0);
    room.startPacer(PRESETS[0]!, 0);
    expect(room.isHost()).toBe(false);
    expect(room.pacer()).toBeNull();
  });

  it('shows who is present, and publishes its own presses no more often than the presence interval', async () => {
    const room = open({ memberId: 'ada', name: 'Ada' });
    const socket = relay.last();
    relay.accept(socket);
    expect(room.members()).toEqual([{ memberId: 'ada', name: 'Ada', pressed: false, score: null, me: true }]);

    const bo = new Y.Doc();
    relay.presence(socket, bo, { memberId: 'bo', name: 'Bo', pressed: true, onsets: [], score: 40 });
    expect(room.members()).toEqual([
      { memberId: 'ada', name: 'Ada', pressed: false, score: null, me: true },
      { memberId: 'bo', name: 'Bo', pressed: true, score: 40, me: false },
    ]);
    relay.presence(socket, bo, { memberId: 'bo', name: '', pressed: false, onsets: [], score: null });
    expect(room.members()[1]).toMatchObject({ name: '', pressed: false });

    // Two members: presence at most every 250 ms (presenceIntervalMs).
    const sent = relay.presenceSent(socket);
    room.press();
    room.release();
    room.press();
    expect(room.pressed()).toBe(true);
    expect(relay.presenceSent(socket)).toBe(sent);
    await vi.advanceTimersByTimeAsync(250);
    expect(relay.presenceSent(socket)).toBe(sent + 1);
    expect(room.members()[0]).toMatchObject({ me: true, pressed: true });
  });

  it('gives the pair figure when two members press in step, from both members’ onsets', async () => {
    const room = open();
    const socket = relay.last();
    relay.accept(socket);
    const bo = new Y.Doc();
    const onsets: number[] = [];
    for (let breath = 0; breath < 4; breath++) {
      room.press();
      onsets.push(Date.now());
      relay.presence(socket, bo, { memberId: 'bo', name: 'Bo', pressed: true, onsets: [...onsets], score: null });
      await vi.advanceTimersByTimeAsync(1500);
      room.release();
      await vi.advanceTimersByTimeAsync(2500);
    }
    await vi.advanceTimersByTimeAsync(1000);
    expect(room.group()).toMatchObject({ kind: 'pair', counted: 2 });
    expect(room.group().value).toBeGreaterThan(0.99);
  });
});
