/** Every pattern problem has words, with its data in them; whole errors read as one sentence. */
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidPatternError, type PatternProblem, type PatternProblemCode, type PatternId } from '../../core/pattern.ts';
import { PRESETS } from '../../core/presets.ts';
import { dict as deDict } from '../../i18n/de/index.ts';
import { dict as enDict } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import { PresetPatternError } from '../../local/store.ts';
import { patternName, patternWords, phaseName, phaseWord, presetPurpose, problemWords } from './patterns.ts';

/** One problem of each code, with data that differs from the app's limits so the test sees it is used. */
const EVERY: { readonly [C in PatternProblemCode]: Extract<PatternProblem, { code: C }> } = {
  'not-a-pattern': { code: 'not-a-pattern' },
  'name-missing': { code: 'name-missing' },
  'name-too-long': { code: 'name-too-long', max: 61 },
  'id-invalid': { code: 'id-invalid' },
  'no-phases': { code: 'no-phases' },
  'too-many-phases': { code: 'too-many-phases', max: 13 },
  'phase-not-a-phase': { code: 'phase-not-a-phase', phase: 4 },
  'phase-kind-unknown': { code: 'phase-kind-unknown', phase: 5, kinds: ['inhale', 'exhale', 'rest'] },
  'phase-seconds-not-finite': { code: 'phase-seconds-not-finite', phase: 6 },
  'phase-too-short': { code: 'phase-too-short', phase: 2, min: 0.75 },
  'phase-too-long': { code: 'phase-too-long', phase: 3, max: 90 },
  'phase-label-invalid': { code: 'phase-label-invalid', phase: 7, max: 41 },
  'no-inhale': { code: 'no-inhale' },
  'no-exhale': { code: 'no-exhale' },
  'length-missing': { code: 'length-missing' },
  'length-not-finite': { code: 'length-not-finite' },
  'minutes-out-of-range': { code: 'minutes-out-of-range', max: 181 },
  'cycles-out-of-range': { code: 'cycles-out-of-range', max: 1001 },
  'length-unit-unknown': { code: 'length-unit-unknown' },
};

describe('pattern words', () => {
  it.each(Object.values(EVERY))('say $code in words, with its data', (problem) => {
    const words = problemWords(problem);
    expect(words).toMatch(/^[a-z].*[a-z0-9)]$/); // a clause the editor lists, not a code
    expect(words).not.toContain(problem.code);
    for (const [key, value] of Object.entries(problem)) {
      if (key !== 'code' && typeof value === 'number') expect(words).toContain(String(value));
    }
  });

  it('keep the sentences the editor has always shown', () => {
    expect(problemWords({ code: 'phase-too-short', phase: 2, min: 0.5 })).toBe('phase 2 must last at least 0.5 seconds');
    expect(problemWords({ code: 'phase-too-long', phase: 1, max: 600 })).toBe('phase 1 is longer than 10 minutes');
    expect(problemWords({ code: 'phase-too-long', phase: 1, max: 90 })).toBe('phase 1 is longer than 90 seconds');
    expect(problemWords({ code: 'phase-kind-unknown', phase: 1, kinds: ['inhale', 'hold', 'exhale', 'rest'] })).toBe(
      'phase 1 has an unknown kind (use inhale, hold, exhale or rest)',
    );
    expect(problemWords({ code: 'name-missing' })).toBe('the pattern needs a name');
  });

  it('turn a whole error into one sentence, and leave other errors to other domains', () => {
    const error = new InvalidPatternError([{ code: 'name-missing' }, { code: 'no-inhale' }]);
    expect(patternWords(error)).toBe("This pattern can't be saved yet: the pattern needs a name; the pattern has no inhale.");
    expect(patternWords(new PresetPatternError('preset:box' as PatternId))).toMatch(/^Presets cannot be changed/);
    expect(patternWords(new Error('x'))).toBeUndefined();
    expect(patternWords('x')).toBeUndefined();
  });
});

describe('pattern names and phase words', () => {
  afterEach(() => useDictionary('en', enDict));

  it("give every preset its stored English name and a purpose, and leave a person's own name as stored", () => {
    for (const preset of PRESETS) {
      expect(patternName(preset)).toBe(preset.name);
      expect(presetPurpose(preset.id)).toBeTruthy();
    }
    expect(patternName({ id: 'own:1', name: 'Evening' })).toBe('Evening');
    expect(presetPurpose('own:1')).toBeUndefined();
    expect(phaseWord('hold')).toBe('Hold');
    expect(phaseName({ kind: 'inhale', seconds: 1, label: 'Top-up inhale' })).toBe('Top-up inhale');
    expect(phaseName({ kind: 'exhale', seconds: 1, label: 'Sigh out' })).toBe('Sigh out');
  });

  it('change with the language: presets, phases and problems', () => {
    useDictionary('de', deDict);
    expect(patternName({ id: 'preset:478', name: 'Relaxing 4-7-8' })).toBe('Entspannung 4-7-8');
    expect(patternName({ id: 'own:1', name: 'Evening' })).toBe('Evening');
    expect(phaseWord('inhale')).toBe('Einatmen');
    expect(phaseName({ kind: 'inhale', seconds: 1, label: 'Top-up inhale' })).toBe('Nachatmen');
    expect(problemWords({ code: 'phase-too-short', phase: 2, min: 0.5 })).toBe('Phase 2 muss mindestens 0,5 Sekunden dauern');
    expect(problemWords({ code: 'phase-too-long', phase: 1, max: 600 })).toBe('Phase 1 ist länger als 10 Minuten');
    expect(patternWords(new PresetPatternError('preset:box' as PatternId))).toMatch(/^Vorlagen/);
  });
});
