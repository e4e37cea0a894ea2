import { describe, expect, it } from 'vitest';
import { seeded } from '../random.ts';
import type { Beat, ResonanceStep } from './beat.ts';
import { hrOscillation, NoResonanceStepsError, pickResonance } from './resonance.ts';
import { beatsWith, fromBpm, withEctopic } from './synthetic.ts';

const TWO_MINUTES = 120_000;

/** Heart rate meanBpm + a sinusoid of ampBpm at `rate` breaths a minute, lagging by lagDeg behind a breath whose inhale starts at 0. */
function heartAt(rate: number, ampBpm: number, lagDeg = 0, meanBpm = 66): Beat[] {
  const w = (2 * Math.PI * rate) / 60_000;
  const lag = (lagDeg * Math.PI) / 180;
  // Lowest at the inhale onset, highest half a breath later, when the lag is 0.
  return beatsWith(
    fromBpm((t) => meanBpm - ampBpm * Math.cos(w * t - lag)),
    0,
    TWO_MINUTES,
  );
}

describe('hrOscillation', () => {
  it('measures the peak-to-trough swing per breath', () => {
    const o = hrOscillation(heartAt(6, 5), 6, 0, TWO_MINUTES)!;
    // A 10 bpm swing, sampled by beats about a second apart: within half a bpm.
    expect(o.amplitudeBpm).toBeGreaterThan(9.5);
    expect(o.amplitudeBpm).toBeLessThanOrEqual(10.01);
  });

  it('gives a phase near 0° when heart rate rises through the inhale, near 180° when it falls', () => {
    expect(hrOscillation(heartAt(6, 5, 0), 6, 0, TWO_MINUTES)!.phaseDeg!).toBeCloseTo(0, -1);
    expect(Math.abs(hrOscillation(heartAt(6, 5, 180), 6, 0, TWO_MINUTES)!.phaseDeg!)).toBeGreaterThan(170);
    expect(hrOscillation(heartAt(5.5, 5, 90), 5.5, 0, TWO_MINUTES)!.phaseDeg!).toBeCloseTo(90, -1);
    expect(hrOscillation(heartAt(5.5, 5, -45), 5.5, 0, TWO_MINUTES)!.phaseDeg!).toBeCloseTo(-45, -1);
  });

  it('measures against the step it is given: the same rhythm, a half breath later, is antiphase', () => {
    const beats = heartAt(6, 5);
    expect(Math.abs(hrOscillation(beats, 6, 5_000, 115_000)!.phaseDeg!)).toBeGreaterThan(170);
  });

  it('is unmoved by an ectopic beat', () => {
    const clean = hrOscillation(heartAt(6, 5), 6, 0, TWO_MINUTES)!;
    const ectopic = hrOscillation(withEctopic(heartAt(6, 5), 60), 6, 0, TWO_MINUTES)!;
    expect(ectopic.amplitudeBpm).toBeCloseTo(clean.amplitudeBpm, 0);
    expect(ectopic.phaseDeg!).toBeCloseTo(clean.phaseDeg!, -1);
  });

  it('has no phase for a flat heart rate, and nothing under one breath or without beats', () => {
    const flat = hrOscillation(
      beatsWith(() => 900, 0, TWO_MINUTES),
      6,
      0,
      TWO_MINUTES,
    )!;
    expect(flat.amplitudeBpm).toBeCloseTo(0, 9);
    expect(flat.phaseDeg).toBeNull();
    expect(hrOscillation(heartAt(6, 5), 6, 0, 9_000)).toBeNull();
    expect(hrOscillation([], 6, 0, TWO_MINUTES)).toBeNull();
    expect(hrOscillation(heartAt(6, 5), 0, 0, TWO_MINUTES)).toBeNull();
  });

  it('for any beats, is null or a finite swing ≥ 0 with a phase in (−180, 180] or null', () => {
    const random = seeded(31);
    for (let run = 0; run < 100; run++) {
      const beats: Beat[] = [];
      let at = 0;
      while (at < TWO_MINUTES) {
        const rrMs = random() < 0.1 ? random() * 4000 : 500 + random() * 700;
        at += rrMs;
        beats.push({ at, rrMs });
      }
      const o = hrOscillation(beats, 4 + random() * 3, random() * 5000, TWO_MINUTES);
      if (o === null) continue;
      expect(Number.isFinite(o.amplitudeBpm)).toBe(true);
      expect(o.amplitudeBpm).toBeGreaterThanOrEqual(0);
      if (o.phaseDeg !== null) {
        expect(o.phaseDeg).toBeGreaterThan(-180);
        expect(o.phaseDeg).toBeLessThanOrEqual(180);
      }
    }
  });
});

describe('pickResonance', () => {
  it('picks the rate where the measured swing is largest', () => {
    // A resonance curve peaking at 5.5 breaths a minute.
    const swing = (rate: number) => 3 + 8 * Math.exp(-((rate - 5.5) ** 2) / 0.5);
    const steps: ResonanceStep[] = [6.5, 6, 5.5, 5, 4.5].map((rate) => ({
      rate,
      amplitudeBpm: hrOscillation(heartAt(rate, swing(rate) / 2), rate, 0, TWO_MINUTES)!.amplitudeBpm,
      coherence: null,
    }));
    expect(pickResonance(steps)).toBe(5.5);
  });

  it('breaks a tie by coherence, then by the slower rate', () => {
    const step = (rate: number, amplitudeBpm: number, coherence: number | null): ResonanceStep => ({ rate, amplitudeBpm, coherence });
    expect(pickResonance([step(6, 10, 60), step(5, 10.05, 50)])).toBe(6);
    expect(pickResonance([step(6, 10, 60), step(5, 10.5, 50)])).toBe(5);
    expect(pickResonance([step(6, 10, 60), step(5, 10, 60), step(5.5, 10, 60)])).toBe(5);
    expect(pickResonance([step(6, 10, null), step(4.5, 10, null)])).toBe(4.5);
    expect(pickResonance([step(6, Number.NaN, 90), step(4.5, 3, null)])).toBe(4.5);
  });

  it('refuses an empty list', () => {
    expect(() => pickResonance([])).toThrow(NoResonanceStepsError);
  });
});
