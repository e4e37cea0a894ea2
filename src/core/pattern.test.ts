import { describe, expect, it } from 'vitest';
import { InvalidPatternError, isHoldHeavy, validatePattern, cycleMs, breathsPerMinute } from './pattern.ts';
import { PRESETS } from './presets.ts';

const base = {
  id: 'p1',
  name: 'Mine',
  phases: [
    { kind: 'inhale', seconds: 4 },
    { kind: 'exhale', seconds: 6 },
  ],
  length: { unit: 'minutes', value: 5 },
};

const problemsOf = (raw: unknown): readonly string[] => {
  try {
    validatePattern(raw);
  } catch (e) {
    if (e instanceof InvalidPatternError) return e.problems;
    throw e;
  }
  return [];
};

describe('validatePattern', () => {
  it('accepts a valid pattern and trims its name', () => {
    expect(validatePattern({ ...base, name: '  Mine ' }).name).toBe('Mine');
  });

  it.each([
    ['no phases', { ...base, phases: [] }, 'no phases'],
    ['a zero phase', { ...base, phases: [{ kind: 'inhale', seconds: 0 }, { kind: 'exhale', seconds: 4 }] }, 'at least 0.5 seconds'],
    ['a negative phase', { ...base, phases: [{ kind: 'inhale', seconds: -1 }, { kind: 'exhale', seconds: 4 }] }, 'at least 0.5 seconds'],
    ['a phase too short to breathe', { ...base, phases: [{ kind: 'inhale', seconds: 0.001 }, { kind: 'exhale', seconds: 4 }] }, 'at least 0.5 seconds'],
    ['a phase over 10 minutes', { ...base, phases: [{ kind: 'inhale', seconds: 601 }, { kind: 'exhale', seconds: 4 }] }, 'longer than 10 minutes'],
    ['no inhale', { ...base, phases: [{ kind: 'hold', seconds: 4 }, { kind: 'exhale', seconds: 4 }] }, 'no inhale'],
    ['no exhale', { ...base, phases: [{ kind: 'inhale', seconds: 4 }, { kind: 'hold', seconds: 4 }] }, 'no exhale'],
    ['NaN seconds', { ...base, phases: [{ kind: 'inhale', seconds: NaN }, { kind: 'exhale', seconds: 4 }] }, 'finite'],
    ['infinite seconds', { ...base, phases: [{ kind: 'inhale', seconds: Infinity }, { kind: 'exhale', seconds: 4 }] }, 'finite'],
    ['seconds as text', { ...base, phases: [{ kind: 'inhale', seconds: '4' }, { kind: 'exhale', seconds: 4 }] }, 'finite'],
    ['an unknown kind', { ...base, phases: [{ kind: 'sniff', seconds: 4 }, { kind: 'inhale', seconds: 4 }, { kind: 'exhale', seconds: 4 }] }, 'unknown kind'],
    ['no name', { ...base, name: '   ' }, 'needs a name'],
    ['fractional cycles', { ...base, length: { unit: 'cycles', value: 2.5 } }, 'whole number of cycles'],
    ['infinite minutes', { ...base, length: { unit: 'minutes', value: Infinity } }, 'finite number'],
    ['an unknown length unit', { ...base, length: { unit: 'hours', value: 1 } }, 'minutes or cycles'],
  ])('refuses %s with a clear reason', (_label, raw, reason) => {
    const problems = problemsOf(raw);
    expect(problems.some((p) => p.includes(reason)), problems.join(' | ')).toBe(true);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ ...base, name: '', phases: [{ kind: 'hold', seconds: 0 }] });
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses things that are not patterns', () => {
    expect(() => validatePattern(null)).toThrow(InvalidPatternError);
    expect(() => validatePattern('box')).toThrow(InvalidPatternError);
  });
});

describe('presets', () => {
  it('are valid, unique and at least six', () => {
    expect(PRESETS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    for (const p of PRESETS) expect(validatePattern(p)).toEqual(p);
  });

  it('include the rates they promise', () => {
    const byId = (id: string) => PRESETS.find((p) => p.id === `preset:${id}`)!;
    expect(breathsPerMinute(byId('coherent'))).toBeCloseTo(5.5, 9);
    expect(breathsPerMinute(byId('six'))).toBeCloseTo(6, 9);
    expect(cycleMs(byId('box'))).toBe(16_000);
    expect(byId('478').phases.map((p) => p.seconds)).toEqual([4, 7, 8]);
    expect(byId('sigh').phases.map((p) => p.kind)).toEqual(['inhale', 'inhale', 'exhale']);
  });

  it('flag the hold-heavy ones for the safety note', () => {
    const heavy = PRESETS.filter(isHoldHeavy).map((p) => p.id);
    expect(heavy).toContain('preset:box');
    expect(heavy).toContain('preset:478');
    expect(heavy).not.toContain('preset:coherent');
    expect(heavy).not.toContain('preset:sigh');
  });
});
