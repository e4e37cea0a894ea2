import { describe, expect, it } from 'vitest';
import type { Beat } from './beat.ts';
import { heartCoherence } from './coherence.ts';
import { heartReading } from './reading.ts';
import { beatsWith, sineRr, withEctopic } from './synthetic.ts';

describe('heartReading', () => {
  it('gives heart rate over the last 10 s, RMSSD over the last minute, and the coherence of the window', () => {
    const beats = beatsWith(sineRr(900, 60, 0.1), 0, 120_000);
    const at = beats[beats.length - 1]!.at;
    const r = heartReading(beats, at);
    const last10 = beats.filter((b) => b.at > at - 10_000);
    expect(r.bpm).toBeCloseTo(60_000 / (last10.reduce((s, b) => s + b.rrMs, 0) / last10.length), 9);
    const minute = beats.filter((b) => b.at > at - 60_000);
    const diffs = minute.slice(1).map((b, i) => b.rrMs - minute[i]!.rrMs);
    expect(r.rmssdMs).toBeCloseTo(Math.sqrt(diffs.reduce((s, d) => s + d * d, 0) / diffs.length), 9);
    expect(r.coherence).toEqual(heartCoherence(beats, at));
    expect(r.coherence!.score).toBeGreaterThanOrEqual(80);
  });

  it('leaves an ectopic beat out of the heart rate', () => {
    const steady = beatsWith(() => 1000, 0, 30_000);
    const r = heartReading(withEctopic(steady, 25), 30_000);
    expect(r.bpm).toBe(60);
    expect(r.rmssdMs).toBe(0);
  });

  it('has each figure null until there are beats enough for it', () => {
    expect(heartReading([], 5_000)).toEqual({ bpm: null, rmssdMs: null, coherence: null });
    const one: Beat[] = [{ at: 1_000, rrMs: 1_000 }];
    expect(heartReading(one, 1_000)).toEqual({ bpm: 60, rmssdMs: null, coherence: null });
    // Beats that stopped 15 s ago: no current heart rate, an RMSSD of the minute, no coherence yet.
    const early = beatsWith(() => 1000, 0, 20_000);
    const r = heartReading(early, 35_000);
    expect(r.bpm).toBeNull();
    expect(r.rmssdMs).toBe(0);
    expect(r.coherence).toBeNull();
  });
});
