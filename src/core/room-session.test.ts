import { describe, expect, it } from 'vitest';
import { phaseAt, planSession } from './pacer.ts';
import { PRESETS } from './presets.ts';
import { seeded } from './random.ts';
import { elapsedAt, endSession, isLive, pauseSession, resumeSession, type RoomSession, roomSessionAt } from './room-session.ts';

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
    expect(isLive(s, 10_000 + plan.durationMs)).toBe(false);
  });

  it('whoever looks, whenever they arrive, sees the phase of the shared timeline (phaseAt from the start)', () => {
    const s = session();
    for (const now of [10_001, 23_456, 61_000, 99_999, 250_000]) {
      const v = roomSessionAt(s, now);
      if (v.stage !== 'breathing') throw new Error(`not breathing at ${now}`);
      const solo = phaseAt(box, s.startAt, now);
      expect(v.state.step).toBe(solo.step);
      expect(s.startAt + v.state.endMs).toBeCloseTo(solo.endMs, 6);
    }
  });

  it('under any run of pauses, resumes and an end, session time never goes back, stands still while paused, and an ended session stays done', () => {
    const random = seeded(7);
    for (let run = 0; run < 200; run++) {
      let s = session({ startAt: 1_000 + Math.floor(random() * 5_000) });
      let now = 0;
      let last = Number.NEGATIVE_INFINITY;
      for (let step = 0; step < 30; step++) {
        now += Math.floor(random() * 20_000);
        const action = random();
        if (action < 0.3) s = pauseSession(s, now);
        else if (action < 0.6) s = resumeSession(s, now);
        else if (action < 0.65) s = endSession(s, now);
        const elapsed = elapsedAt(s, now);
        expect(elapsed).toBeGreaterThanOrEqual(Math.min(last, planSession(box).durationMs));
        if (s.pausedAt !== null && s.endedAt === null) expect(elapsedAt(s, now + 60_000)).toBe(elapsed);
        if (s.endedAt !== null) {
          expect(roomSessionAt(s, now).stage).toBe('done');
          expect(isLive(s, now + 1)).toBe(false);
        }
        last = elapsed;
      }
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
