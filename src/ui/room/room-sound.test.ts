import { createRoot, createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planSession } from '../../core/pacer.ts';
import type { Pattern, PatternId } from '../../core/pattern.ts';
import type { RoomSession } from '../../core/room-session.ts';
import type { TonePlayer, ToneTimeline } from '../../practice/tones.ts';
import { followRoomSound } from './room-sound.ts';

const pattern: Pattern = {
  id: 'preset:box' as PatternId,
  name: 'Box',
  phases: [
    { kind: 'inhale', seconds: 4 },
    { kind: 'exhale', seconds: 4 },
  ],
  length: { unit: 'cycles', value: 3 },
};

const session = (over: Partial<RoomSession> = {}): RoomSession => ({
  id: 's1',
  pattern,
  startAt: 1_000_000,
  by: 'host',
  pausedAt: null,
  endedAt: null,
  ...over,
});

/** A player that records what it was asked. */
function recordingPlayer() {
  const calls: (['start', ToneTimeline] | ['stop'] | ['finish'] | ['unlock'])[] = [];
  const player: TonePlayer = {
    unlock: () => calls.push(['unlock']),
    start: (timeline) => calls.push(['start', timeline]),
    stop: () => calls.push(['stop']),
    finish: () => calls.push(['finish']),
  };
  return { player, calls, last: () => calls[calls.length - 1] };
}

// The room's unlock listens on window, which the node environment lacks.
beforeEach(() => {
  (globalThis as { window?: EventTarget }).window = new EventTarget();
});
afterEach(() => {
  delete (globalThis as { window?: EventTarget }).window;
});

function follow(initial: { session: RoomSession | null; offset: number | null; on: boolean; nowMs?: number }) {
  const rec = recordingPlayer();
  const [s, setSession] = createSignal(initial.session);
  const [offset, setOffset] = createSignal(initial.offset);
  const [on, setOn] = createSignal(initial.on);
  const [soundscape, setSoundscape] = createSignal<string | undefined>();
  const clock = { now: () => initial.nowMs ?? 0, dispose: () => undefined };
  const dispose = createRoot((dispose) => {
    followRoomSound({ session: s, offsetMs: offset, on, soundscape, player: rec.player, clock });
    return dispose;
  });
  return { ...rec, setSession, setOffset, setOn, setSoundscape, dispose };
}

describe('a room session heard', () => {
  it('plays the shared session on this device’s clock (the relay’s start less the offset)', () => {
    const room = follow({ session: session(), offset: 250, on: true });
    const [, timeline] = room.last() as ['start', ToneTimeline];
    expect(timeline.startMs).toBe(1_000_000 - 250);
    expect(timeline.endMs - timeline.startMs).toBe(planSession(pattern).durationMs);
    expect(timeline.pattern).toBe(pattern);
    room.dispose();
    expect(room.last()).toEqual(['stop']);
  });

  it('waits for the relay’s clock, and stays silent with sound off', () => {
    const room = follow({ session: session(), offset: null, on: true });
    expect(room.last()).toEqual(['stop']);
    room.setOffset(0);
    expect(room.last()?.[0]).toBe('start');
    room.setOn(false);
    expect(room.last()).toEqual(['stop']);
  });

  it('falls silent on pause, starts again on resume from the shifted start, and rings out on the end', () => {
    const room = follow({ session: session(), offset: 0, on: true });
    room.setSession(session({ pausedAt: 1_002_000 }));
    expect(room.last()).toEqual(['stop']);
    room.setSession(session({ startAt: 1_005_000 }));
    expect((room.last() as ['start', ToneTimeline])[1].startMs).toBe(1_005_000);
    room.setSession(session({ startAt: 1_005_000, endedAt: 1_009_000 }));
    expect(room.last()).toEqual(['finish']);
  });

  it('schedules again only when the clock estimate moves by more than a little', () => {
    const room = follow({ session: session(), offset: 100, on: true });
    const starts = () => room.calls.filter((c) => c[0] === 'start').length;
    expect(starts()).toBe(1);
    room.setOffset(102);
    expect(starts()).toBe(1);
    room.setOffset(103);
    expect(starts()).toBe(1);
    // Measured from the schedule made, not the last estimate: creeping moves add up and count.
    room.setOffset(104);
    expect(starts()).toBe(2);
    expect((room.last() as ['start', ToneTimeline])[1].startMs).toBe(1_000_000 - 104);
  });

  it('keeps the schedule through a document update that leaves the session as it was', () => {
    const room = follow({ session: session(), offset: 0, on: true });
    room.setSession(session());
    expect(room.calls.filter((c) => c[0] === 'start')).toHaveLength(1);
  });

  it('lets the end ring out when the session goes away or is over by itself (breathing alone ends so)', () => {
    const gone = follow({ session: session(), offset: 0, on: true });
    gone.setSession(null);
    expect(gone.last()).toEqual(['finish']);
    const over = follow({ session: session(), offset: 0, on: true, nowMs: 1_000_000 + planSession(pattern).durationMs + 1 });
    expect(over.last()).toEqual(['finish']);
  });

  it('plays the soundscape the room’s glyph names', () => {
    const room = follow({ session: session(), offset: 0, on: true });
    room.setSoundscape('ocean');
    expect((room.last() as ['start', ToneTimeline])[1].soundscape).toBe('ocean');
  });

  it('unlocks the sound on the first tap in the room, once', () => {
    const room = follow({ session: null, offset: 0, on: true });
    window.dispatchEvent(new Event('pointerdown'));
    window.dispatchEvent(new Event('pointerdown'));
    expect(room.calls.filter((c) => c[0] === 'unlock')).toHaveLength(1);
  });
});
