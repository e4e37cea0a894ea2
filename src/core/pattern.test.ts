import { describe, expect, it } from 'vitest';
import { InvalidPatternError, isHoldHeavy, validatePattern, cycleMs, breathsPerMinute, LIMITS, type PatternProblem } from './pattern.ts';
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

const problemsOf = (raw: unknown): readonly PatternProblem[] => {
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

  it.each<[string, unknown, PatternProblem]>([
    ['no phases', { ...base, phases: [] }, { code: 'no-phases' }],
    [
      'a zero phase',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: 0 },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'phase-too-short', phase: 1, min: 0.5 },
    ],
    [
      'a negative phase',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: 4 },
          { kind: 'exhale', seconds: -1 },
        ],
      },
      { code: 'phase-too-short', phase: 2, min: 0.5 },
    ],
    [
      'a phase too short to breathe',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: 0.001 },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'phase-too-short', phase: 1, min: 0.5 },
    ],
    [
      'a phase over 10 minutes',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: 601 },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'phase-too-long', phase: 1, max: 600 },
    ],
    [
      'no inhale',
      {
        ...base,
        phases: [
          { kind: 'hold', seconds: 4 },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'no-inhale' },
    ],
    [
      'no exhale',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: 4 },
          { kind: 'hold', seconds: 4 },
        ],
      },
      { code: 'no-exhale' },
    ],
    [
      'NaN seconds',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: NaN },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'phase-seconds-not-finite', phase: 1 },
    ],
    [
      'infinite seconds',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: Infinity },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'phase-seconds-not-finite', phase: 1 },
    ],
    [
      'seconds as text',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: '4' },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'phase-seconds-not-finite', phase: 1 },
    ],
    [
      'an unknown kind',
      {
        ...base,
        phases: [
          { kind: 'sniff', seconds: 4 },
          { kind: 'inhale', seconds: 4 },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'phase-kind-unknown', phase: 1, kinds: ['inhale', 'hold', 'exhale', 'rest'] },
    ],
    [
      'a long label',
      {
        ...base,
        phases: [
          { kind: 'inhale', seconds: 4, label: 'x'.repeat(41) },
          { kind: 'exhale', seconds: 4 },
        ],
      },
      { code: 'phase-label-invalid', phase: 1, max: LIMITS.maxLabelLength },
    ],
    [
      'too many phases',
      { ...base, phases: Array.from({ length: 13 }, (_, i) => ({ kind: i % 2 ? 'exhale' : 'inhale', seconds: 1 })) },
      { code: 'too-many-phases', max: 12 },
    ],
    ['no name', { ...base, name: '   ' }, { code: 'name-missing' }],
    ['a long name', { ...base, name: 'x'.repeat(61) }, { code: 'name-too-long', max: 60 }],
    ['no id', { ...base, id: '' }, { code: 'id-invalid' }],
    ['fractional cycles', { ...base, length: { unit: 'cycles', value: 2.5 } }, { code: 'cycles-out-of-range', max: 1000 }],
    ['too many minutes', { ...base, length: { unit: 'minutes', value: 181 } }, { code: 'minutes-out-of-range', max: 180 }],
    ['infinite minutes', { ...base, length: { unit: 'minutes', value: Infinity } }, { code: 'length-not-finite' }],
    ['no length', { ...base, length: undefined }, { code: 'length-missing' }],
    ['an unknown length unit', { ...base, length: { unit: 'hours', value: 1 } }, { code: 'length-unit-unknown' }],
  ])('refuses %s with a coded reason and its data', (_label, raw, problem) => {
    expect(problemsOf(raw)).toContainEqual(problem);
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({ ...base, name: '', phases: [{ kind: 'hold', seconds: 0 }] });
    expect(problems.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses things that are not patterns', () => {
    expect(problemsOf(null)).toEqual([{ code: 'not-a-pattern' }]);
    expect(() => validatePattern('box')).toThrow(InvalidPatternError);
    expect(problemsOf({ ...base, phases: [null, { kind: 'inhale', seconds: 4 }, { kind: 'exhale', seconds: 4 }] })).toEqual([
      { code: 'phase-not-a-phase', phase: 1 },
    ]);
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

describe('the shortest phase', () => {
  const withFirst = (seconds: number) => ({
    id: 'p',
    name: 'Short',
    phases: [
      { kind: 'inhale', seconds },
      { kind: 'exhale', seconds: 4 },
    ],
    length: { unit: 'minutes', value: 5 },
  });
  it('accepts a phase of exactly the minimum, and every step of it above', () => {
    for (let k = 1; k <= 20; k++) expect(() => validatePattern(withFirst(k * LIMITS.minPhaseSeconds))).not.toThrow();
  });
  it('refuses anything under the minimum, naming it', () => {
    for (const seconds of [0, 0.1, LIMITS.minPhaseSeconds - 0.01]) {
      expect(() => validatePattern(withFirst(seconds))).toThrow(
        expect.objectContaining({ problems: [{ code: 'phase-too-short', phase: 1, min: LIMITS.minPhaseSeconds }] }),
      );
    }
  });
});
