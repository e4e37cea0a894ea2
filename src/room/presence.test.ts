import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPresencePublisher, groupAt, presenceIntervalMs, readMembers } from './presence.ts';

describe('presence', () => {
  it('reads members from whatever states arrive, in their order: malformed ones skipped, the stored name first', () => {
    const states = [
      { memberId: 'zed', name: 'Zed', pressed: true, score: 71 },
      { memberId: 42, name: 'not a member' },
      null,
      { memberId: 'me', name: 'Me', pressed: 'yes', score: '9' },
      { memberId: 'ann', name: 'presence name' },
      { memberId: 'bo' },
    ];
    const stored = new Map([['ann', 'Ann']]);
    expect(
      readMembers(
        states.filter((s) => s !== null),
        (id) => stored.get(id),
        'me',
      ),
    ).toEqual([
      { memberId: 'zed', name: 'Zed', pressed: true, score: 71, me: false },
      { memberId: 'me', name: 'Me', pressed: false, score: null, me: true },
      { memberId: 'ann', name: 'Ann', pressed: false, score: null, me: false },
      { memberId: 'bo', name: '', pressed: false, score: null, me: false },
    ]);
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
});

afterEach(() => {
  vi.useRealTimers();
});
