import { describe, expect, it } from 'vitest';
import { PRESETS } from './presets.ts';
import { expansionAt, expansionLevels } from './guide.ts';
import { phaseAt } from './pacer.ts';
import { seeded } from './random.ts';

const preset = (id: string) => PRESETS.find((p) => p.id === `preset:${id}`)!;

describe('expansion of the guide', () => {
  it('fills on the inhale, stays on the hold, empties on the exhale (box)', () => {
    expect(expansionLevels(preset('box'))).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 1 },
      { from: 1, to: 0 },
      { from: 0, to: 0 },
    ]);
  });

  it('splits the double inhale of the sigh by time', () => {
    const [first, topUp, exhale] = expansionLevels(preset('sigh'));
    expect(first!.to).toBeCloseTo(2 / 3, 12);
    expect(topUp).toEqual({ from: first!.to, to: 1 });
    expect(exhale).toEqual({ from: 1, to: 0 });
  });

  it('moves continuously and stays within 0..1 for every preset', () => {
    const rand = seeded(1);
    for (const pattern of PRESETS) {
      const levels = expansionLevels(pattern);
      let prev = expansionAt(levels, phaseAt(pattern, 0, 0));
      for (let t = 0; t < 60_000; t += 5 + rand() * 10) {
        const e = expansionAt(levels, phaseAt(pattern, 0, t));
        expect(e).toBeGreaterThanOrEqual(0);
        expect(e).toBeLessThanOrEqual(1);
        expect(Math.abs(e - prev)).toBeLessThan(0.02);
        prev = e;
      }
    }
  });
});
