import { describe, expect, it } from 'vitest';
import { addSample, estimateOffset, sampleOffset, sampleRtt, type ClockSample } from './clock-offset.ts';
import { seeded } from './random.ts';

/** One exchange with a client clock `skew` ms behind the server, and the two one-way delays. */
function exchange(at: number, skew: number, up: number, down: number, serverWork = 0.2): ClockSample {
  const t0 = at - skew;
  const t1 = at + up;
  const t2 = t1 + serverWork;
  const t3 = t2 + down - skew;
  return { t0, t1, t2, t3 };
}

describe('clock offset', () => {
  it('recovers the skew exactly on a symmetric path', () => {
    const s = exchange(1_000_000, 4_321, 20, 20);
    expect(sampleOffset(s)).toBeCloseTo(4_321, 9);
    expect(sampleRtt(s)).toBeCloseTo(40, 9);
  });

  it('errs by half the asymmetry, and picks the low-round-trip samples under jittery, asymmetric delays', () => {
    const rand = seeded(12);
    for (let trial = 0; trial < 200; trial++) {
      const skew = (rand() - 0.5) * 20_000; // clocks off by up to ±10 s
      let window: ClockSample[] = [];
      for (let k = 0; k < 8; k++) {
        // Mostly quick (5-15 ms each way), sometimes a 300 ms spike on one leg only.
        const up = 5 + rand() * 10 + (rand() < 0.3 ? 300 * rand() : 0);
        const down = 5 + rand() * 10 + (rand() < 0.3 ? 300 * rand() : 0);
        window = addSample(window, exchange(1e12 + k * 1000, skew, up, down));
      }
      const est = estimateOffset(window)!;
      expect(Math.abs(est.offsetMs - skew)).toBeLessThanOrEqual(est.rttMs / 2 + 1e-6);
      expect(Math.abs(est.offsetMs - skew)).toBeLessThan(25); // well inside the 50 ms budget
    }
  });

  it('ignores impossible samples and keeps a bounded window', () => {
    expect(estimateOffset([])).toBeNull();
    expect(estimateOffset([{ t0: 10, t1: 5, t2: 6, t3: 9 }])).toBeNull(); // negative round trip
    let w: ClockSample[] = [];
    for (let i = 0; i < 40; i++) w = addSample(w, exchange(i * 1000, 0, 10, 10));
    expect(w).toHaveLength(16);
  });
});
