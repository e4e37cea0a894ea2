import { describe, expect, it } from 'vitest';
import { groupCoherence, memberPhase, type MemberOnsets } from './group-coherence.ts';
import { seeded } from './random.ts';

const T = 1_800_000_000_000;
/** Presses every `period` ms ending `lag` ms before T (a member breathing at their own pace). */
const breather = (id: string, period: number, lag: number, count = 6): MemberOnsets => ({
  id,
  inhaleOnsets: Array.from({ length: count }, (_, k) => T - lag - k * period),
});

describe('member phase', () => {
  it('runs from 0 at the last press over one of their breaths', () => {
    expect(memberPhase(breather('a', 10_000, 0).inhaleOnsets, T)).toBeCloseTo(0, 12);
    expect(memberPhase(breather('a', 10_000, 2_500).inhaleOnsets, T)).toBeCloseTo(Math.PI / 2, 12);
  });
  it('is unknown without two recent presses, or after a long silence', () => {
    expect(memberPhase([T - 1000], T)).toBeNull();
    expect(memberPhase(breather('a', 10_000, 25_000).inhaleOnsets, T)).toBeNull();
  });
});

describe('group coherence', () => {
  it('is 1 when everyone breathes together, and close to 0 when phases spread evenly', () => {
    const together = ['a', 'b', 'c', 'd'].map((id) => breather(id, 10_000, 1_000));
    expect(groupCoherence(together, T)).toEqual({ counted: 4, kind: 'group', value: 1 });
    const spread = ['a', 'b', 'c', 'd'].map((id, i) => breather(id, 10_000, i * 2_500));
    expect(groupCoherence(spread, T).value).toBeCloseTo(0, 9);
  });

  it('is not biased upwards for small groups of random breathers (PPC, not R)', () => {
    const rand = seeded(3);
    let sum = 0;
    const trials = 400;
    for (let t = 0; t < trials; t++) {
      const members = ['a', 'b', 'c'].map((id) => breather(id, 8_000 + rand() * 4_000, rand() * 8_000));
      sum += groupCoherence(members, T).value;
    }
    // R of three random phases averages about 0.5; PPC (clamped at 0) stays far lower.
    expect(sum / trials).toBeLessThan(0.25);
  });

  it('gives pair sync for two: cos of the phase difference, clamped at 0', () => {
    const g = groupCoherence([breather('a', 10_000, 0), breather('b', 10_000, 1_250)], T);
    expect(g.kind).toBe('pair');
    expect(g.value).toBeCloseTo(Math.cos(Math.PI / 4), 9);
    expect(groupCoherence([breather('a', 10_000, 0), breather('b', 10_000, 5_000)], T).value).toBe(0);
  });

  it('does not count members without a phase, and says so', () => {
    const g = groupCoherence([breather('a', 10_000, 0), breather('b', 10_000, 0), { id: 'c', inhaleOnsets: [] }], T);
    expect(g).toMatchObject({ counted: 2, kind: 'pair' });
  });

  it('gives exactly the same figure whatever order the members arrive in', () => {
    const rand = seeded(21);
    const members = Array.from({ length: 9 }, (_, i) => breather(`m${i}`, 7_000 + rand() * 5_000, rand() * 6_000));
    const base = groupCoherence(members, T);
    for (let k = 0; k < 20; k++) {
      const shuffled = [...members].sort(() => rand() - 0.5);
      expect(groupCoherence(shuffled, T)).toEqual(base); // bit for bit, not just close
    }
  });
});
