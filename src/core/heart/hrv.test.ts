import { describe, expect, it } from 'vitest';
import { seeded } from '../random.ts';
import type { Beat } from './beat.ts';
import { meanBpm, rmssd } from './hrv.ts';
import { beatsWith, sineRr, withEctopic } from './synthetic.ts';

/** Beats one after another with these RRs. */
function series(rrs: number[]): Beat[] {
  let at = 0;
  return rrs.map((rrMs) => {
    at += rrMs;
    return { at, rrMs };
  });
}

describe('rmssd', () => {
  it('is the root mean square of successive differences', () => {
    // Differences 10, −20, 10, 20: squares 100, 400, 100, 400, mean 250.
    expect(rmssd(series([800, 810, 790, 800, 820]))).toBeCloseTo(Math.sqrt(250), 9);
  });

  it('takes no difference across a rejected beat', () => {
    // 1300 is 62 % over its median: rejected. Left: 800→810 (10) and 820→830 (10); not 810→820 across it.
    const beats = series([800, 810, 1300, 820, 830]);
    expect(rmssd(beats)).toBeCloseTo(10, 9);
  });

  it('takes no difference across a gap in time', () => {
    const beats = series([800, 810, 820]);
    const later = beats.map((b, i) => (i === 2 ? { ...b, at: b.at + 10_000 } : b));
    expect(rmssd(later)).toBeCloseTo(10, 9);
  });

  it('ignores an ectopic beat: RMSSD with one is that of the rhythm around it', () => {
    const clean = beatsWith(sineRr(900, 60, 0.1), 0, 120_000);
    const ectopic = withEctopic(clean, 50);
    // The ectopic replaces two beats, so three differences go: the rest are unchanged.
    const expected = (() => {
      let sum = 0;
      let n = 0;
      for (let i = 1; i < clean.length; i++) {
        if (i >= 51 && i <= 53) continue;
        sum += (clean[i]!.rrMs - clean[i - 1]!.rrMs) ** 2;
        n++;
      }
      return Math.sqrt(sum / n);
    })();
    expect(rmssd(ectopic)).toBeCloseTo(expected, 9);
  });

  it('is null without two successive kept beats', () => {
    expect(rmssd([])).toBeNull();
    expect(rmssd(series([900]))).toBeNull();
    expect(rmssd(series([100, 900, 5000]))).toBeNull();
  });

  it('for any beats, is null or a finite non-negative number', () => {
    const random = seeded(3);
    for (let run = 0; run < 200; run++) {
      const rrs = Array.from({ length: Math.floor(random() * 30) }, () => random() * 3000);
      const r = rmssd(series(rrs));
      if (r !== null) {
        expect(Number.isFinite(r)).toBe(true);
        expect(r).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('meanBpm', () => {
  it('is 60 000 over the mean RR of the kept beats', () => {
    expect(meanBpm(series([1000, 1000, 1000]))).toBe(60);
    expect(meanBpm(series([800, 900, 1000]))).toBeCloseTo(60_000 / 900, 9);
    // The 3000 ms RR is out of range and does not count.
    expect(meanBpm(series([800, 900, 3000, 1000]))).toBeCloseTo(60_000 / 900, 9);
  });

  it('is null when nothing is kept', () => {
    expect(meanBpm([])).toBeNull();
    expect(meanBpm(series([100, 5000]))).toBeNull();
  });
});
