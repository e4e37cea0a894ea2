import { describe, expect, it } from 'vitest';
import type { ResonanceStep } from './beat.ts';
import { MAX_RR_KEPT } from './beat.ts';
import { COHERENCE_STEP_MS, COHERENCE_WINDOW_MS, heartCoherence } from './coherence.ts';
import { summarizeHeart } from './summarize.ts';
import { beatsWith, sineRr, withEctopic } from './synthetic.ts';

const FROM = 1_000_000;
const TO = FROM + 180_000;
const session = withEctopic(beatsWith(sineRr(900, 60, 0.1), FROM - 30_000, TO + 30_000), 120);

describe('summarizeHeart', () => {
  it('summarises the beats in range: rate, RMSSD, coherence mean and peak, kept and rejected, raw RR', () => {
    const s = summarizeHeart('strap', session, FROM, TO)!;
    const inRange = session.filter((b) => b.at > FROM && b.at <= TO);
    expect(s.source).toBe('strap');
    expect(s.rejected).toBe(2);
    expect(s.beats).toBe(inRange.length - 2);
    expect(s.rr).toEqual(inRange.map((b) => b.rrMs));
    expect(s.meanBpm).toBeGreaterThan(60_000 / 920);
    expect(s.meanBpm).toBeLessThan(60_000 / 880);
    expect(s.rmssdMs).toBeGreaterThan(0);
    const scores: number[] = [];
    for (let at = FROM + COHERENCE_WINDOW_MS; at <= TO; at += COHERENCE_STEP_MS) scores.push(heartCoherence(session, at)!.score);
    expect(scores).toHaveLength(24);
    expect(s.coherence).toBeCloseTo(scores.reduce((a, b) => a + b) / scores.length, 9);
    expect(s.peakCoherence).toBe(Math.max(...scores));
    expect(s.coherence!).toBeGreaterThanOrEqual(80);
    expect(s.resonance).toBeUndefined();
  });

  it('carries the resonance finder: its steps and the chosen rate', () => {
    const steps: ResonanceStep[] = [
      { rate: 6, amplitudeBpm: 8, coherence: 60 },
      { rate: 5.5, amplitudeBpm: 12, coherence: 80 },
      { rate: 5, amplitudeBpm: 9, coherence: 70 },
    ];
    expect(summarizeHeart('camera', session, FROM, TO, steps)!.resonance).toEqual({ steps, chosenRate: 5.5 });
    expect(summarizeHeart('camera', session, FROM, TO, [])!.resonance).toBeUndefined();
  });

  it('has no coherence for a session shorter than one window', () => {
    const s = summarizeHeart('strap', session, FROM, FROM + 50_000)!;
    expect(s.coherence).toBeNull();
    expect(s.peakCoherence).toBeNull();
  });

  it('keeps at most MAX_RR_KEPT raw intervals, the latest', () => {
    const long = beatsWith(() => 300, 0, (MAX_RR_KEPT + 100) * 300 + 1);
    const s = summarizeHeart('strap', long, 0, long[long.length - 1]!.at)!;
    expect(s.rr).toHaveLength(MAX_RR_KEPT);
    expect(s.beats).toBe(MAX_RR_KEPT + 100);
  });

  it('is null without a clean beat in range', () => {
    expect(summarizeHeart('strap', session, TO + 60_000, TO + 120_000)).toBeNull();
    expect(summarizeHeart('strap', [], FROM, TO)).toBeNull();
    expect(summarizeHeart('strap', [{ at: FROM + 1, rrMs: 5000 }], FROM, TO)).toBeNull();
  });
});
