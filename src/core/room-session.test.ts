import { describe, expect, it } from 'vitest';
import { planSession } from './pacer.ts';
import { PRESETS } from './presets.ts';
import { elapsedAt, endSession, isLive, isUnderWay, pauseSession, resumeSession, type RoomSession, roomSessionAt } from './room-session.ts';

const box = PRESETS.find((p) => p.id === 'preset:box')!;
const session = (over: Partial<RoomSession> = {}): RoomSession => ({
  id: 's1',
  pattern: box,
  startAt: 10_000,
  by: 'host',
  pausedAt: null,
  endedAt: null,
  ...over,
});

describe('room sessions', () => {
  it('counts down, breathes and ends on its own after its last cycle', () => {
    const s = session();
    const plan = planSession(box);
    expect(roomSessionAt(s, 5_000)).toEqual({ stage: 'prep', remainingMs: 5_000 });
    expect(roomSessionAt(s, 10_000).stage).toBe('breathing');
    expect(roomSessionAt(s, 10_000 + plan.durationMs).stage).toBe('done');
    expect(isLive(s, 5_000)).toBe(true);
    expect(isUnderWay(s, 5_000)).toBe(false);
    expect(isUnderWay(s, 12_000)).toBe(true);
    expect(isLive(s, 10_000 + plan.durationMs)).toBe(false);
  });

  it('a latecomer computes the same phase as everyone from the record alone', () => {
    const s = session();
    for (const now of [10_001, 23_456, 61_000, 99_999]) {
      const a = roomSessionAt(s, now);
      const late = roomSessionAt(structuredClone(s), now);
      expect(late).toEqual(a);
    }
  });

  it('pausing holds the phase, resuming carries on from it', () => {
    const s = session();
    const paused = pauseSession(s, 13_000);
    const held = roomSessionAt(paused, 13_000);
    expect(roomSessionAt(paused, 40_000)).toEqual(held);
    expect(elapsedAt(paused, 40_000)).toBe(3_000);
    const resumed = resumeSession(paused, 40_000);
    expect(resumed.startAt).toBe(37_000);
    expect(elapsedAt(resumed, 41_000)).toBe(4_000);
    expect(pauseSession(paused, 50_000)).toBe(paused);
    expect(resumeSession(s, 50_000)).toBe(s);
  });

  it('ending stops it for everyone at that instant, paused or not', () => {
    const ended = endSession(session(), 20_000);
    expect(roomSessionAt(ended, 30_000)).toEqual({ stage: 'done', elapsedMs: 10_000 });
    expect(roomSessionAt(ended, 19_000).stage).toBe('breathing');
    expect(isLive(ended, 20_000)).toBe(false);
    expect(elapsedAt(ended, 90_000)).toBe(10_000);
    const pausedThenEnded = endSession(pauseSession(session(), 14_000), 60_000);
    expect(pausedThenEnded.endedAt).toBe(14_000);
    expect(elapsedAt(pausedThenEnded, 99_000)).toBe(4_000);
    expect(resumeSession(pausedThenEnded, 70_000)).toBe(pausedThenEnded);
    expect(endSession(ended, 99_000)).toBe(ended);
  });

  it('ended during its countdown it never breathes', () => {
    const ended = endSession(session(), 8_000);
    expect(roomSessionAt(ended, 20_000).stage).toBe('done');
    expect(elapsedAt(ended, 20_000)).toBe(-2_000);
  });
});
