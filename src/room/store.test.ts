import { createRoot, createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { PRESETS } from '../core/presets.ts';
import { APP_PROTOCOL, CLOSE } from '../shared/room-protocol.ts';
import type { RoomId } from './link.ts';
import { roomDbName } from './local-store.ts';
import type { SessionSummary } from '../core/summary.ts';
import { FIELD_PRESENCE_INTERVAL_MS, type RoomField } from '../shared/room-field.ts';
import { ChangeTooLargeError, claimHost, writeName, writePacer } from './schema.ts';
import { NotHostError, RoomDeleteError } from './status.ts';
import { type HeartFeed, openRoom, type RoomDeps, type RoomStore } from './store.ts';
import type { HeartReading } from '../core/heart/beat.ts';
import { createFakeRelay, type FakeRelay } from './testing/fake-relay.ts';

let seq = 0;
// A fresh room per test: rooms of one name share a BroadcastChannel, as two tabs would.
const nextId = () => `StoreTestRoom${String(seq++).padStart(9, '0')}` as RoomId;

let relay: FakeRelay;
let dispose: () => void;

/** Opens a room on the fake relay, in a root the test's end disposes, once it has opened its socket (after its device copy loaded). */
async function open(
  me: { memberId?: string; name?: string; create?: boolean; ownerKey?: string; sharesHeart?: boolean } = {},
  serverAheadMs = 0,
  onSessionEnd?: (summary: SessionSummary) => void,
  id: RoomId = nextId(),
  more: Pick<RoomDeps, 'heart'> = {},
): Promise<RoomStore> {
  relay = createFakeRelay(serverAheadMs);
  const room = createRoot((d) => {
    dispose = d;
    return openRoom(
      id,
      { ...relay, ...(onSessionEnd ? { onSessionEnd } : {}), ...more },
      {
        memberId: me.memberId ?? 'ada',
        name: me.name ?? 'Ada',
        create: me.create ?? true,
        ownerKey: me.ownerKey ?? null,
        sharesHeart: me.sharesHeart ?? false,
      },
    );
  });
  await vi.waitFor(() => expect(relay.sockets.length).toBeGreaterThan(0));
  return room;
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
    const room = await open();
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

  it('takes a refused change (4013, room too large) as final, and names each kind that shares a code by its reason', async () => {
    const room = await open();
    relay.accept(relay.last());
    relay.close(relay.last(), CLOSE.roomTooLarge.code, CLOSE.roomTooLarge.reason);
    expect(room.status()).toMatchObject({ kind: 'refused', closed: { code: 4013, kind: 'roomTooLarge' } });
  });

  it('after a dropped connection, waits out a doubling backoff, counting down, then reconnects; a synced connection resets it', async () => {
    const room = await open();
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
    const room = await open();
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
    const room = await open({}, 7_000);
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(120);
      expect(room.offset()?.samples).toBeGreaterThanOrEqual(3);
    });
    expect(room.offset()!.offsetMs).toBe(7_000);
    expect(room.serverNow()).toBe(Date.now() + 7_000);
  });

  it('makes its creator the host, who starts the pacer in server time; a change too large to share is refused', async () => {
    const room = await open({ create: true }, 2_000);
    await vi.waitFor(() => expect(room.isHost()).toBe(true));
    await vi.waitFor(async () => {
      await vi.advanceTimersByTimeAsync(120);
      expect(room.offset()).not.toBeNull();
    });
    room.start(PRESETS[2]!, room.serverNow() + 5000);
    expect(room.session()).toMatchObject({ by: 'ada', startAt: Date.now() + 2_000 + 5000, pattern: { name: PRESETS[2]!.name } });
    expect(room.plannedPattern()?.name).toBe(PRESETS[2]!.name);
    // A long name is cut, never refused.
    room.setName(`  ${'N'.repeat(100)}`);
    expect(room.members()[0]!.name).toBe('N'.repeat(40));
    expect(() => room.start({ ...PRESETS[0]!, name: 'x'.repeat(70_000) }, 0)).toThrow(ChangeTooLargeError);
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
      const room = await open({ create: true });
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
    const room = await open({ create: false });
    await vi.advanceTimersByTimeAsync(0);
    expect(() => room.start(PRESETS[0]!, 0)).toThrow(NotHostError);
    expect(() => room.end()).toThrow(NotHostError);
    expect(room.isHost()).toBe(false);
    expect(room.session()).toBeNull();
  });

  it('shows who is present, and publishes its own presses no more often than the presence interval', async () => {
    const room = await open({ memberId: 'ada', name: 'Ada' });
    const socket = relay.last();
    relay.accept(socket);
    expect(room.members()).toMatchObject([{ memberId: 'ada', name: 'Ada', pressed: false, score: null, me: true, breathing: false }]);

    const bo = new Y.Doc();
    relay.presence(socket, bo, { memberId: 'bo', name: 'Bo', pressed: true, onsets: [], score: 40 });
    expect(room.members()).toMatchObject([
      { memberId: 'ada', name: 'Ada', pressed: false, score: null, me: true },
      { memberId: 'bo', name: 'Bo', pressed: true, score: 40, me: false, breathing: true },
    ]);
    relay.presence(socket, bo, { memberId: 'bo', name: '', pressed: false, onsets: [], score: null });
    expect(room.members()[1]).toMatchObject({ name: '', pressed: false });
    // Another member's presence is not sent back to the relay (it has it: a room of N would cost N^2).
    const before = relay.presenceSent(socket);
    relay.presence(socket, bo, { memberId: 'bo', name: 'Bo', pressed: true, onsets: [], score: null });
    expect(relay.presenceSent(socket)).toBe(before);

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
    const room = await open();
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

describe('heart coherence in a room', () => {
  /** A heart sensor as the app's heart store shows it, driven by the test. */
  function fakeHeart() {
    const [status, setStatus] = createSignal<ReturnType<HeartFeed['status']>>('idle');
    const [reading, setReading] = createSignal<HeartReading | null>(null);
    const score = (s: number | null) =>
      setReading({ bpm: 60, rmssdMs: 40, coherence: s === null ? null : { ratio: 1, score: s, peakHz: 0.1 } });
    return { feed: { status, reading } satisfies HeartFeed, setStatus, score };
  }
  const mine = (room: RoomStore) => room.members().find((m) => m.me)!;

  it('shares nothing unless the member turns it on, and only while the sensor runs: then its score, updated as it changes', async () => {
    const heart = fakeHeart();
    const room = await open({}, 0, undefined, nextId(), { heart: heart.feed });
    relay.accept(relay.last());
    expect([room.sharesHeart(), room.heartRunning()]).toEqual([false, false]);
    heart.setStatus('running');
    heart.score(58);
    await vi.advanceTimersByTimeAsync(1000);
    expect(room.heartRunning()).toBe(true);
    expect(mine(room).heart).toBeNull(); // not shared: off by default
    room.setSharesHeart(true);
    await vi.advanceTimersByTimeAsync(1000);
    expect(mine(room).heart).toBe(58);
    heart.score(71.4);
    await vi.advanceTimersByTimeAsync(1000);
    expect(mine(room).heart).toBe(71);
    // The sensor stops: nothing is shared, though the choice stays.
    heart.setStatus('idle');
    await vi.advanceTimersByTimeAsync(1000);
    expect([mine(room).heart, room.sharesHeart()]).toEqual([null, true]);
  });

  it('starts sharing at once when the member chose so before (kept on the device)', async () => {
    const heart = fakeHeart();
    heart.setStatus('running');
    heart.score(44);
    const room = await open({ sharesHeart: true }, 0, undefined, nextId(), { heart: heart.feed });
    relay.accept(relay.last());
    await vi.advanceTimersByTimeAsync(1000);
    expect(mine(room).heart).toBe(44);
  });

  it('shows the group figure from two sharers, computed from presence, ignoring a malformed score', async () => {
    const heart = fakeHeart();
    heart.setStatus('running');
    heart.score(60);
    const room = await open({ sharesHeart: true }, 0, undefined, nextId(), { heart: heart.feed });
    const socket = relay.last();
    relay.accept(socket);
    await vi.advanceTimersByTimeAsync(1000);
    expect(room.groupHeart()).toBeNull(); // one sharer is no group
    relay.presence(socket, new Y.Doc(), { memberId: 'bo', name: 'Bo', pressed: false, onsets: [], score: null, heart: 71 });
    relay.presence(socket, new Y.Doc(), { memberId: 'cy', name: 'Cy', pressed: false, onsets: [], score: null, heart: '99' });
    relay.presence(socket, new Y.Doc(), { memberId: 'di', name: 'Di', pressed: false, onsets: [], score: null, heart: 1e9 });
    expect(room.groupHeart()).toEqual({ mean: 66, sharing: 2 });
    expect(room.members().map((m) => m.heart)).toEqual([60, 71, null, null]);
  });

  it('takes the group figure from the field in a big room, and none from a field without it', async () => {
    const room = await open();
    const socket = relay.last();
    relay.accept(socket);
    const base = {
      v: 1 as const,
      at: Date.now(),
      here: 300,
      breathing: 0,
      pressing: 0,
      counted: 0,
      ppc: 0,
      hist: new Array(12).fill(0),
      faces: [],
    };
    relay.field(socket, { ...base, heart: { sharing: 7, sum: 448 } });
    await vi.advanceTimersByTimeAsync(1000);
    expect(room.groupHeart()).toEqual({ mean: 64, sharing: 7 });
    relay.field(socket, base);
    await vi.advanceTimersByTimeAsync(1000);
    expect(room.groupHeart()).toBeNull();
  });
});

describe('a room that is a field', () => {
  const field = (over: Partial<RoomField> = {}): RoomField => ({
    v: 1,
    at: Date.now(),
    here: 10_000,
    breathing: 6200,
    pressing: 3100,
    counted: 6000,
    ppc: 0.72,
    hist: [900, 800, 700, 600, 500, 400, 300, 300, 400, 500, 500, 100],
    faces: [],
    ...over,
  });

  it('takes its size, figure and faces from the field, not from the presence states held from before it', async () => {
    const room = await open({ memberId: 'ada', name: 'Ada', create: false });
    const socket = relay.last();
    const relayDoc = new Y.Doc();
    claimHost(relayDoc, 'zed', Date.now());
    writeName(relayDoc, 'dee', 'Dee as stored');
    relay.accept(socket, relayDoc);
    // Two members seen before the room became a field: their states stay until they time out.
    relay.presence(socket, new Y.Doc(), { memberId: 'bo', name: 'Bo', pressed: true, onsets: [Date.now()], score: 40 });
    relay.presence(socket, new Y.Doc(), { memberId: 'eve', name: 'Eve', pressed: false, onsets: [], score: null });
    expect(room.here()).toBe(3);
    expect(room.hostHere()).toBe(false);
    expect(room.field()).toBeNull();

    relay.field(
      socket,
      field({
        faces: [
          { id: 'dee', name: 'Dee sampled' },
          { id: 'bo', name: 'Bo' },
        ],
      }),
    );
    expect(room.field()).toMatchObject({ here: 10_000, counted: 6000 });
    expect(room.faces().map((f) => [f.memberId, f.name])).toEqual([
      ['dee', 'Dee as stored'],
      ['bo', 'Bo'],
    ]);
    expect(room.here()).toBe(10_000);
    expect(room.group()).toEqual({ kind: 'group', counted: 6000, value: 0.72 });
    // You and the faces sampled: Bo as a face (not as his old state, pressing), Eve not at all.
    expect(room.members().map((m) => [m.memberId, m.pressed])).toEqual([
      ['ada', false],
      ['dee', false],
      ['bo', false],
    ]);
    // Whoever leads is not listed in a field: taken to be here.
    expect(room.hostHere()).toBe(true);

    // The figures follow the field once a second, not at each of its frames.
    relay.field(socket, field({ here: 10_001, ppc: 0.5, faces: [{ id: 'fay', name: 'Fay' }] }));
    expect(room.field()!.here).toBe(10_001);
    expect(room.faces()).toHaveLength(3);
    expect(room.here()).toBe(10_000);
    // The counts in words read the same field as the count on the tab, second for second.
    expect(room.fieldEachSecond()!.here).toBe(10_000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(room.here()).toBe(10_001);
    expect(room.fieldEachSecond()!.here).toBe(10_001);
    expect(room.group().value).toBe(0.5);
    relay.field(socket, field({ counted: 2, ppc: 0.9 }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(room.group()).toEqual({ kind: 'pair', counted: 2, value: 0.9 });

    // The field ends: the list and the room's own figure again.
    relay.field(socket, null);
    expect(room.field()).toBeNull();
    expect(room.faces()).toEqual([]);
    expect(room.members().map((m) => m.memberId)).toEqual(['ada', 'bo', 'eve']);
    expect(room.here()).toBe(3);
    expect(room.hostHere()).toBe(false);
  });

  it('sends its own presence at most once a second in a field, and at the small room’s pace again after', async () => {
    const room = await open();
    const socket = relay.last();
    relay.accept(socket);
    relay.field(socket, field());
    await vi.advanceTimersByTimeAsync(FIELD_PRESENCE_INTERVAL_MS);
    const sent = relay.presenceSent(socket);
    room.press();
    expect(relay.presenceSent(socket)).toBe(sent + 1);
    room.release();
    room.press();
    // A room of two states would allow 250 ms; a field waits out its second.
    await vi.advanceTimersByTimeAsync(FIELD_PRESENCE_INTERVAL_MS - 1);
    expect(relay.presenceSent(socket)).toBe(sent + 1);
    await vi.advanceTimersByTimeAsync(1);
    expect(relay.presenceSent(socket)).toBe(sent + 2);

    relay.field(socket, null);
    await vi.advanceTimersByTimeAsync(FIELD_PRESENCE_INTERVAL_MS);
    room.release();
    room.press();
    expect(relay.presenceSent(socket)).toBe(sent + 3);
    await vi.advanceTimersByTimeAsync(250);
    expect(relay.presenceSent(socket)).toBe(sent + 4);
  });

  it('takes a malformed field entry for no field', async () => {
    const room = await open();
    const socket = relay.last();
    relay.accept(socket);
    relay.field(socket, { ...field(), hist: [1, 2, 3] });
    expect(room.field()).toBeNull();
    expect(room.here()).toBe(1);
  });
});

const box = PRESETS.find((p) => p.id === 'preset:box')!;

describe('leading a room', () => {
  it('the host starts, pauses, resumes and ends for everyone; every change is one shared record', async () => {
    const room = await open({ create: true });
    relay.accept(relay.last());
    await vi.waitFor(() => expect(room.isHost()).toBe(true));
    room.start(box, room.serverNow() + 3000);
    const first = room.session()!;
    expect(first).toMatchObject({ pausedAt: null, endedAt: null });
    await vi.advanceTimersByTimeAsync(5000);
    room.pause();
    expect(room.session()!.pausedAt).toBe(Date.now());
    await vi.advanceTimersByTimeAsync(10_000);
    room.resume();
    expect(room.session()).toMatchObject({ id: first.id, pausedAt: null, startAt: first.startAt + 10_000 });
    room.end();
    expect(room.session()!.endedAt).toBe(Date.now());
    // A new start is a new session.
    room.start(box, room.serverNow() + 3000);
    expect(room.session()!.id).not.toBe(first.id);
  });

  it('locks the pattern, hands the lead over, and lets a member lead a room whose host has left', async () => {
    const room = await open({ memberId: 'ada', create: true });
    const socket = relay.last();
    relay.accept(socket);
    await vi.waitFor(() => expect(room.isHost()).toBe(true));
    room.choosePattern(box);
    room.setLocked(true);
    room.choosePattern(PRESETS[0]!);
    expect(room.plannedPattern()?.id).toBe(box.id);
    expect(room.locked()).toBe(true);
    room.setGlyph('bafkreiexample');
    expect(room.glyph()).toBe('bafkreiexample');

    const bo = new Y.Doc();
    relay.presence(socket, bo, { memberId: 'bo', name: 'Bo', pressed: false, onsets: [], score: null });
    room.handOver('bo');
    expect(room.isHost()).toBe(false);
    expect(room.hostId()).toBe('bo');
    expect(room.hostHere()).toBe(true);
    expect(() => room.setLocked(false)).toThrow(NotHostError);
    // Bo is here: nobody takes the lead from Bo.
    room.takeLead();
    expect(room.hostId()).toBe('bo');
    relay.presence(socket, bo, { memberId: 'carol', name: 'Carol', pressed: false, onsets: [], score: null });
    expect(room.hostHere()).toBe(false);
    room.takeLead();
    expect(room.isHost()).toBe(true);
  });

  it('an empty room is led by the first to arrive once the relay has synced it', async () => {
    const room = await open({ memberId: 'bo', create: false });
    expect(room.isHost()).toBe(false);
    relay.accept(relay.last());
    await vi.waitFor(() => expect(room.isHost()).toBe(true));
  });

  it("keeps a member's part in a session when it ends: pattern, time breathed, own score and the group figure", async () => {
    const kept: SessionSummary[] = [];
    const room = await open({ create: true }, 0, (s) => kept.push(s));
    relay.accept(relay.last());
    await vi.waitFor(() => expect(room.isHost()).toBe(true));
    room.start(box, room.serverNow() + 2000);
    await vi.advanceTimersByTimeAsync(2000);
    // Press along with every inhale for three cycles, then the host ends it.
    for (let cycle = 0; cycle < 3; cycle++) {
      room.press();
      await vi.advanceTimersByTimeAsync(8000);
      room.release();
      await vi.advanceTimersByTimeAsync(8000);
    }
    room.end();
    await vi.advanceTimersByTimeAsync(1000);
    expect(kept).toHaveLength(1);
    const [summary] = kept;
    expect(summary).toMatchObject({ pattern: { id: box.id }, cycles: 3, completed: false, room: { people: 1, facilitated: true } });
    // Within the relay clock's measured offset of the 48 s breathed.
    expect(Math.abs(summary!.durationMs - 48_000)).toBeLessThan(100);
    expect(summary!.coherence?.score).toBeGreaterThan(90);
    expect(room.lastSession()).toBe(summary);
    // Nothing of who else was there.
    expect(JSON.stringify(summary)).not.toMatch(/ada|Ada/);
  });

  it('a latecomer keeps the part it breathed; less than a cycle is not kept', async () => {
    const kept: SessionSummary[] = [];
    const room = await open({ memberId: 'cy', create: false }, 0, (s) => kept.push(s));
    // The host started 40 s ago; this member arrives now.
    const host = new Y.Doc();
    claimHost(host, 'ada', Date.now() - 60_000);
    writePacer(host, { id: 'late', pattern: box, startAt: Date.now() - 40_000, by: 'ada', pausedAt: null, endedAt: null });
    relay.accept(relay.last(), host);
    await vi.advanceTimersByTimeAsync(1000);
    expect(room.session()?.id).toBe('late');
    await vi.advanceTimersByTimeAsync(32_000);
    // A restart by the host (here: the relay brings a new session) closes the part breathed so far.
    writePacer(host, { id: 'next', pattern: box, startAt: Date.now() + 3000, by: 'ada', pausedAt: null, endedAt: null });
    relay.accept(relay.last(), host);
    await vi.advanceTimersByTimeAsync(1000);
    expect(kept).toHaveLength(1);
    expect(kept[0]!.durationMs).toBeGreaterThanOrEqual(32_000);
    expect(kept[0]!.durationMs).toBeLessThan(35_000);
    expect(kept[0]!.cycles).toBe(2);
    // Leaving after a few seconds of the next session keeps nothing more.
    await vi.advanceTimersByTimeAsync(6000);
    dispose();
    dispose = () => undefined;
    expect(kept).toHaveLength(1);
  });
});

describe('deleting a room', () => {
  it('its owner deletes it on the relay with the owner key, and its copy here is removed', async () => {
    const room = await open({ create: true, ownerKey: 'k'.repeat(22) });
    relay.accept(relay.last());
    expect(room.canDelete).toBe(true);
    await room.deleteRoom();
    expect(relay.deletions).toEqual([{ url: `http://relay.test/room/${room.id}`, authorization: `Bearer ${'k'.repeat(22)}` }]);
    expect(room.status()).toEqual({ kind: 'deleted' });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(relay.sockets).toHaveLength(1);
  });

  it('says why when it cannot: not the owner, or refused by the relay', async () => {
    const guest = await open({ create: false });
    expect(guest.canDelete).toBe(false);
    await expect(guest.deleteRoom()).rejects.toMatchObject({ code: 'not-owner' });
    dispose();
    relay.dispose();
    const owner = await open({ create: true, ownerKey: 'k'.repeat(22) });
    relay.answerDeletions(403);
    const error = await owner.deleteRoom().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RoomDeleteError);
    expect(error).toMatchObject({ code: 'refused', status: 403 });
    expect(owner.status()).not.toEqual({ kind: 'deleted' });
  });

  it('a member hears the deletion (4410), removes its copy and stops for good, whatever the network does after', async () => {
    const id = nextId();
    const room = await open({ create: false }, 0, undefined, id);
    relay.accept(relay.last());
    await vi.waitFor(async () => expect((await indexedDB.databases()).map((d) => d.name)).toContain(roomDbName(id)));
    relay.close(relay.last(), CLOSE.roomDeleted.code, CLOSE.roomDeleted.reason);
    await vi.waitFor(() => expect(room.status()).toEqual({ kind: 'deleted' }));
    await vi.waitFor(async () => expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(roomDbName(id)));
    relay.setOnline(false);
    relay.setOnline(true);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(room.status()).toEqual({ kind: 'deleted' });
    expect(relay.sockets).toHaveLength(1);
  });

  it('a member that was offline when the room was deleted drops what the relay synced it before, instead of bringing it back', async () => {
    const room = await open({ memberId: 'bo', create: false });
    const before = new Y.Doc();
    claimHost(before, 'ada', Date.now() - 60_000);
    writePacer(before, { id: 'old', pattern: box, startAt: Date.now() - 30_000, by: 'ada', pausedAt: null, endedAt: null });
    relay.accept(relay.last(), before);
    await vi.waitFor(() => expect(room.hostId()).toBe('ada'));
    relay.close(relay.last(), 1006);
    await vi.advanceTimersByTimeAsync(500);
    relay.notice(relay.last(), Date.now() - 1000);
    await vi.waitFor(() => expect(room.status()).toEqual({ kind: 'deleted' }));
  });

  it('a copy from before the deletion is removed when the relay tells of it; an empty copy, or one from after, syncs', async () => {
    const id = nextId();
    const first = await open({ create: true }, 0, undefined, id);
    await vi.waitFor(() => expect(first.isHost()).toBe(true));
    const deletedAt = Date.now() + 1000;
    await vi.advanceTimersByTimeAsync(2000);
    dispose();
    relay.dispose();

    // Opened again on this device after the room was deleted: its old copy goes.
    const stale = await open({ create: false }, 0, undefined, id);
    relay.notice(relay.last(), deletedAt);
    await vi.waitFor(() => expect(stale.status()).toEqual({ kind: 'deleted' }));
    await vi.waitFor(async () => expect((await indexedDB.databases()).map((d) => d.name)).not.toContain(roomDbName(id)));
    dispose();
    relay.dispose();

    // Opened once more: nothing is left here, so the link opens the new, empty room, led by whoever comes first.
    const renewed = await open({ create: false }, 0, undefined, id);
    expect(renewed.isHost()).toBe(false);
    relay.notice(relay.last(), deletedAt);
    relay.accept(relay.last());
    await vi.waitFor(() => expect(renewed.status()).toEqual({ kind: 'online' }));
    await vi.waitFor(() => expect(renewed.isHost()).toBe(true));
    await vi.advanceTimersByTimeAsync(2000);
    dispose();
    relay.dispose();

    // Its copy, made after the deletion, is kept when the relay tells of the deletion again.
    const later = await open({ create: false }, 0, undefined, id);
    await vi.waitFor(() => expect(later.isHost()).toBe(true));
    relay.notice(relay.last(), deletedAt);
    relay.accept(relay.last());
    await vi.waitFor(() => expect(later.status()).toEqual({ kind: 'online' }));
  });
});
