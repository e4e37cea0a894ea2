import { describe, expect, it } from 'vitest';
import { PRESETS } from '../core/presets.ts';
import { endSession, pauseSession, type RoomSession, resumeSession } from '../core/room-session.ts';
import type { SessionSummary } from '../core/summary.ts';
import { createSessionTaking } from './taking.ts';

const six = PRESETS.find((p) => p.id === 'preset:six')!; // 4 s in, 6 s out: a 10 s cycle
const session = (over: Partial<RoomSession> = {}): RoomSession => ({
  id: 's1',
  pattern: six,
  startAt: 10_000,
  by: 'host',
  pausedAt: null,
  endedAt: null,
  ...over,
});

/** A taking whose clock is known unless `known` says otherwise; ended parts are collected. */
function taking(known = () => true) {
  const ended: SessionSummary[] = [];
  const t = createSessionTaking({
    localNow: () => 1_700_000_000_000,
    clockKnown: known,
    figures: () => ({ group: { kind: 'pair', value: 0.8, counted: 2 }, people: 3, facilitated: true }),
    onEnd: (s) => ended.push(s),
  });
  return { t, ended };
}

/** Presses on every inhale and lets go on every exhale from session time `from` to `to` (server time = start + session time). */
function breathe(t: ReturnType<typeof taking>['t'], s: RoomSession, from: number, to: number) {
  for (let at = from; at < to; at += 10_000) {
    t.record('inhale', s.startAt + at + 200);
    t.record('exhale', s.startAt + at + 4_200);
  }
}

describe("a member's part in a room's sessions", () => {
  it('a whole session from the start: every cycle, completed, with the room’s figures and a score', () => {
    const { t, ended } = taking();
    const s = session();
    t.follow(s, 7_000);
    breathe(t, s, 0, 600_000);
    t.follow(s, 10_000 + 600_000);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ durationMs: 600_000, cycles: 60, completed: true, room: { people: 3 } });
    expect(ended[0]!.coherence!.score).toBeGreaterThan(90);
    // Its start: the first cycle, 3 s after it was first seen.
    expect(ended[0]!.startedAt).toBe(1_700_000_003_000);
  });

  it('a latecomer keeps what it breathed, its score measured from the cycle it joined in', () => {
    const { t, ended } = taking();
    const s = session();
    t.follow(s, 10_000 + 95_000);
    breathe(t, s, 100_000, 200_000);
    t.follow(endSession(s, 10_000 + 200_000), 10_000 + 200_000);
    expect(ended[0]).toMatchObject({ durationMs: 105_000, cycles: 10, completed: false });
    expect(ended[0]!.coherence!.score).toBeGreaterThan(90);
  });

  it('pauses are not counted, and presses while paused are not either', () => {
    const { t, ended } = taking();
    let s = session();
    t.follow(s, 10_000);
    breathe(t, s, 0, 30_000);
    s = pauseSession(s, 40_000);
    t.follow(s, 40_000);
    t.record('inhale', 50_000);
    s = resumeSession(s, 100_000);
    t.follow(s, 100_000);
    t.follow(endSession(s, 120_000), 120_000);
    expect(ended[0]!.durationMs).toBe(50_000);
    expect(ended[0]!.onsets).toHaveLength(6);
  });

  it('nothing is kept of a session cancelled or ended before it began breathing', () => {
    const { t, ended } = taking();
    const s = session();
    t.follow(s, 5_000);
    t.follow(endSession(s, 8_000), 8_000);
    t.follow(session({ id: 's2', startAt: 20_000 }), 12_000);
    t.follow(null, 15_000);
    expect(ended).toEqual([]);
  });

  it('a restart closes the part breathed so far, and the new session is a new part', () => {
    const { t, ended } = taking();
    const s = session();
    t.follow(s, 10_000);
    t.follow(session({ id: 's2', startAt: 50_000 }), 45_000);
    expect(ended.map((e) => e.durationMs)).toEqual([35_000]);
    t.follow(session({ id: 's2', startAt: 50_000 }), 80_000);
    t.close(80_000);
    expect(ended.map((e) => e.durationMs)).toEqual([35_000, 30_000]);
  });

  it('closing (leaving, or the room deleted) keeps what was breathed and follows nothing after', () => {
    const { t, ended } = taking();
    t.follow(session(), 10_000);
    t.close(30_000);
    t.follow(session({ id: 's3', startAt: 40_000 }), 45_000);
    t.close(90_000);
    expect(ended.map((e) => e.durationMs)).toEqual([20_000]);
    expect(t.score(90_000)).toBeNull();
  });

  it('does not begin a part before the relay’s clock is known', () => {
    let known = false;
    const { t, ended } = taking(() => known);
    t.follow(session(), 30_000);
    t.close(60_000);
    expect(ended).toEqual([]);
    const again = taking(() => known);
    again.t.follow(session(), 30_000);
    known = true;
    again.t.follow(session(), 31_000);
    again.t.close(61_000);
    expect(again.ended[0]).toMatchObject({ durationMs: 30_000, cycles: 3 });
  });
});
