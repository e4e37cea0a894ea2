import { afterEach, describe, expect, it, vi } from 'vitest';
import { BREATHING_WINDOW_MS } from '../core/breathing-along.ts';
import { FIELD_PRESENCE_INTERVAL_MS } from '../shared/room-field.ts';
import {
  createPresencePublisher,
  groupAt,
  groupHeart,
  memberColour,
  presenceCounts,
  presenceIntervalMs,
  readMembersAt,
} from './presence.ts';

describe('presence', () => {
  it('reads members from whatever states arrive, in their order: malformed ones skipped, the stored name first, one per id', () => {
    const states = [
      { memberId: 'zed', name: 'Zed', pressed: true, score: 71 },
      { memberId: 42, name: 'not a member' },
      null,
      { memberId: 'me', name: 'Me', pressed: 'yes', score: '9' },
      { memberId: 'ann', name: 'presence name' },
      { memberId: 'bo' },
      { memberId: 'zed', name: 'Zed', pressed: false, score: 70 },
    ];
    const stored = new Map([['ann', 'Ann']]);
    const read = readMembersAt(states, (id) => stored.get(id), 'me', 0);
    expect(read.map(({ memberId, name, pressed, score, me }) => ({ memberId, name, pressed, score, me }))).toEqual([
      { memberId: 'zed', name: 'Zed', pressed: false, score: 70, me: false },
      { memberId: 'me', name: 'Me', pressed: false, score: null, me: true },
      { memberId: 'ann', name: 'Ann', pressed: false, score: null, me: false },
      { memberId: 'bo', name: '', pressed: false, score: null, me: false },
    ]);
  });

  it('reads each member with a colour of their own and whether they pressed along in the last 20 s of server time', () => {
    const now = 1_000_000;
    const states = [
      { memberId: 'ann', name: 'Ann', pressed: false, onsets: [now - 30_000, now - 5_000], score: 71.6 },
      { memberId: 'bo', name: 'Bo', pressed: false, onsets: [now - BREATHING_WINDOW_MS - 1], score: null },
      { memberId: 'cy', name: 'Cy', pressed: true, onsets: [], score: null },
      { memberId: 'me', name: 'Me', pressed: false, onsets: [now - BREATHING_WINDOW_MS + 1], score: 40 },
    ];
    const members = readMembersAt(states, () => undefined, 'me', now);
    expect(members).toEqual([
      { memberId: 'ann', name: 'Ann', pressed: false, score: 72, heart: null, me: false, colour: memberColour('ann'), breathing: true },
      { memberId: 'bo', name: 'Bo', pressed: false, score: null, heart: null, me: false, colour: memberColour('bo'), breathing: false },
      // Pressing now is breathing along, whatever the onsets say.
      { memberId: 'cy', name: 'Cy', pressed: true, score: null, heart: null, me: false, colour: memberColour('cy'), breathing: true },
      { memberId: 'me', name: 'Me', pressed: false, score: 40, heart: null, me: true, colour: memberColour('me'), breathing: true },
    ]);
    expect(presenceCounts(members)).toEqual({ here: 4, breathing: 3, pressing: 1 });
    expect(presenceCounts([])).toEqual({ here: 0, breathing: 0, pressing: 0 });
  });

  it('reads a shared heart score 0-100 (whole) and ignores anything else: a string, 1e9, NaN, a negative', () => {
    const heartOf = (heart: unknown) => readMembersAt([{ memberId: 'a', heart }], () => undefined, 'me', 0)[0]!.heart;
    expect([heartOf(0), heartOf(64), heartOf(100), heartOf(70.5)]).toEqual([0, 64, 100, 71]);
    for (const bad of ['64', 1e9, Number.NaN, -3, 101, Number.POSITIVE_INFINITY, null, undefined, true, { score: 60 }])
      expect(heartOf(bad)).toBeNull();
  });

  it('gives the group heart figure from two sharers or more: the mean, rounded, one per member id, the same in any order', () => {
    const states = [
      { memberId: 'a', heart: 60 },
      { memberId: 'b', heart: 71 },
      { memberId: 'c' },
      { memberId: 'd', heart: 'lots' },
      { memberId: 'e', heart: 1e9 },
      { memberId: 'b', heart: 91 }, // b's second tab: the first score shared counts, as in the relay's field
    ];
    const members = readMembersAt(states, () => undefined, 'me', 0);
    expect(groupHeart(members)).toEqual({ mean: 66, sharing: 2 });
    // Reversed, b's first score is 91: the figure follows the order the relay and every device see.
    expect(groupHeart(readMembersAt([...states].reverse(), () => undefined, 'me', 0))).toEqual({ mean: 76, sharing: 2 });
    // The tab without a sensor (no heart) does not hide the one that shares, whichever came first.
    for (const order of [
      [{ memberId: 'b', heart: 70 }, { memberId: 'b' }],
      [{ memberId: 'b' }, { memberId: 'b', heart: 70 }],
    ])
      expect(readMembersAt(order, () => undefined, 'me', 0)[0]!.heart).toBe(70);
    // One sharer is no group.
    expect(groupHeart(readMembersAt(states.slice(0, 1), () => undefined, 'me', 0))).toBeNull();
    expect(groupHeart([])).toBeNull();
  });

  it('gives every member id the same hue on every call, spread round the whole wheel, neighbouring ids far apart', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `member-${i}`);
    const hues = ids.map(memberColour);
    expect(ids.map(memberColour)).toEqual(hues);
    for (const h of hues) expect(Number.isInteger(h) && h >= 0 && h < 360).toBe(true);
    // 200 ids over 12 slices of 30°: each slice holds some, none holds a third.
    const slices = new Array(12).fill(0);
    for (const h of hues) slices[Math.floor(h / 30)]++;
    expect(Math.min(...slices)).toBeGreaterThan(0);
    expect(Math.max(...slices)).toBeLessThan(200 / 3);
    // Ids one character apart: on average far apart on the wheel (a random pair averages 90°).
    const gap = (a: number, b: number) => Math.min(Math.abs(a - b), 360 - Math.abs(a - b));
    const gaps = hues.slice(1).map((h, i) => gap(h, hues[i]!));
    expect(gaps.reduce((s, g) => s + g, 0) / gaps.length).toBeGreaterThan(60);
    // A pinned value: the hue must not change between releases (it is someone's colour on every device).
    expect([memberColour('AAAAAAAAAAAAAAAAAAAAAA'), memberColour('Xk3_9aQpL0vZ-rT2mNbY7w'), memberColour('')]).toEqual([43, 162, 203]);
    expect(memberColour('x'.repeat(64))).toBe(memberColour(`${'x'.repeat(64)}and then a megabyte`));
  });

  it('reads 200 members, and members sending garbage, in bounded work each: only the newest onsets are looked at', () => {
    const now = 5_000_000;
    const honest = Array.from({ length: 200 }, (_, i) => ({
      memberId: `m${i}`,
      name: `Member ${i}`,
      pressed: i % 4 === 0,
      onsets: i % 2 ? [now - 40_000, now - 9_000] : [now - 60_000],
      score: i % 3 ? i % 101 : null,
    }));
    const members = readMembersAt(honest, () => undefined, 'm7', now);
    expect(members).toHaveLength(200);
    expect(members.filter((m) => m.me).map((m) => m.memberId)).toEqual(['m7']);
    // Odd ones pressed 9 s ago; every fourth presses now (all even).
    expect(presenceCounts(members)).toEqual({ here: 200, breathing: 150, pressing: 50 });

    // A million onsets, the recent one first: only the last few are read, so it does not count.
    const huge = [now - 1000, ...new Array<number>(1_000_000).fill(0)];
    const reads = { count: 0 };
    const spy = new Proxy(huge, {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads.count++;
        return Reflect.get(target, key, receiver);
      },
    });
    const garbage: unknown[] = [
      { memberId: 'huge', onsets: spy, pressed: false },
      { memberId: 'nan', onsets: [Number.NaN, Number.POSITIVE_INFINITY, now + 60_000], score: Number.NaN },
      { memberId: 'str', onsets: 'now', score: 1e308, name: { toString: 'no' }, pressed: 'yes' },
      { memberId: 'obj', onsets: { length: 1e9, 0: now }, score: -5, name: ` ${'N'.repeat(500)} ` },
      { memberId: 'holes', onsets: [now - 10, null, 'x'], score: Number.NEGATIVE_INFINITY },
      { memberId: '' },
      { memberId: ['m1'] },
      null,
      42,
      'state',
    ];
    const read = readMembersAt(garbage, () => undefined, 'me', now);
    expect(reads.count).toBeLessThanOrEqual(4);
    expect(read.map((m) => [m.memberId, m.name, m.pressed, m.breathing, m.score])).toEqual([
      ['huge', '', false, false, null],
      ['nan', '', false, false, null],
      ['str', '', false, false, 100],
      ['obj', 'N'.repeat(40), false, false, 0],
      ['holes', '', false, true, null],
    ]);
    // A stored name that is not a string is no name; the presence's own name is read then.
    expect(readMembersAt([{ memberId: 'a', name: 'Ann' }], () => 7 as unknown as string, 'me', now)[0]!.name).toBe('Ann');
  });

  it('counts one person in two tabs once, by the tab with the most onsets', () => {
    const inStep = [0, 4000, 8000];
    const at = 9000;
    expect(
      groupAt(
        [
          { memberId: 'a', onsets: inStep },
          { memberId: 'a', onsets: [8000] },
        ],
        at,
      ),
    ).toMatchObject({ kind: 'none', counted: 1 });
    expect(
      groupAt(
        [
          { memberId: 'a', onsets: inStep },
          { memberId: 'b', onsets: inStep },
          { memberId: 'c', onsets: 'x' },
        ],
        at,
      ),
    ).toEqual({
      kind: 'pair',
      counted: 2,
      value: 1,
    });
  });

  it('is sent at once, then at most once per interval, which grows with the room', () => {
    vi.useFakeTimers();
    expect(presenceIntervalMs(2)).toBe(250);
    expect(presenceIntervalMs(100)).toBe(1000);
    expect(presenceIntervalMs(10_000)).toBe(5000);
    const send = vi.fn();
    const publisher = createPresencePublisher({ now: () => Date.now(), dispose: () => undefined }, () => 100, send);
    publisher.publish();
    expect(send).toHaveBeenCalledTimes(1);
    publisher.publish();
    publisher.publish();
    vi.advanceTimersByTime(999);
    expect(send).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(send).toHaveBeenCalledTimes(2);
    publisher.publish();
    publisher.dispose();
    vi.advanceTimersByTime(10_000);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('in a field is sent at most once a second, whatever the room size this client sees', () => {
    vi.useFakeTimers();
    const send = vi.fn();
    let field = true;
    // A field shows this client two states (its own and the field's): 250 ms by size, a second in a field.
    const publisher = createPresencePublisher(
      { now: () => Date.now(), dispose: () => undefined },
      () => 2,
      send,
      () => field,
    );
    publisher.publish();
    publisher.publish();
    vi.advanceTimersByTime(FIELD_PRESENCE_INTERVAL_MS - 1);
    expect(send).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(send).toHaveBeenCalledTimes(2);
    // Back below the threshold: the room's own interval again.
    field = false;
    publisher.publish();
    vi.advanceTimersByTime(250);
    expect(send).toHaveBeenCalledTimes(3);
    publisher.dispose();
  });
});

afterEach(() => {
  vi.useRealTimers();
});
