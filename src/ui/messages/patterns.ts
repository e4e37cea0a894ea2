/** Words for the pattern errors a person can meet; undefined for any other error. */
import { InvalidPatternError, type Phase, type PhaseKind, type PatternProblem } from '../../core/pattern.ts';
import { t } from '../../i18n/index.ts';
import { PresetPatternError } from '../../local/store.ts';
import { joinOr } from './words.ts';

/** Each preset's name and purpose in the showing language, by its stable id. */
const PRESET_WORDS: Readonly<Record<string, { readonly name: () => string; readonly purpose: () => string }>> = {
  'preset:coherent': { name: () => t('patterns.preset.coherent.name'), purpose: () => t('patterns.preset.coherent.purpose') },
  'preset:six': { name: () => t('patterns.preset.six.name'), purpose: () => t('patterns.preset.six.purpose') },
  'preset:box': { name: () => t('patterns.preset.box.name'), purpose: () => t('patterns.preset.box.purpose') },
  'preset:478': { name: () => t('patterns.preset.relaxing.name'), purpose: () => t('patterns.preset.relaxing.purpose') },
  'preset:sigh': { name: () => t('patterns.preset.sigh.name'), purpose: () => t('patterns.preset.sigh.purpose') },
  'preset:extended-exhale': { name: () => t('patterns.preset.longExhale.name'), purpose: () => t('patterns.preset.longExhale.purpose') },
  'preset:triangle': { name: () => t('patterns.preset.triangle.name'), purpose: () => t('patterns.preset.triangle.purpose') },
};

/** A pattern's name as shown: a preset's in the showing language (by its id), a person's own as they stored it. */
export const patternName = (pattern: { readonly id: string; readonly name: string }): string =>
  PRESET_WORDS[pattern.id]?.name() ?? pattern.name;

/** What a preset is for ("calm and balance"), or undefined for a person's own pattern. */
export const presetPurpose = (id: string): string | undefined => PRESET_WORDS[id]?.purpose();

/** The word for a kind of phase, as the guide shows and announces it ("Inhale", "Hold", "Exhale", "Rest"). */
export const phaseWord = (kind: PhaseKind): string => t(`patterns.phase.${kind}`);

/** Phase labels the presets carry (stored in English with the pattern, so copies carry them too), in the showing language. */
const PRESET_LABELS: Readonly<Record<string, () => string>> = {
  // i18n-exempt: the stored English label this entry recognises, not words shown
  'Top-up inhale': () => t('patterns.preset.sigh.topUp'),
};

/** The name shown and announced for a phase: its own label (a preset's translated), else its kind's word. */
export const phaseName = (phase: Phase): string => (phase.label ? (PRESET_LABELS[phase.label]?.() ?? phase.label) : phaseWord(phase.kind));

/** 600 s reads "10 minutes"; 90 s reads "90 seconds". */
const duration = (seconds: number) => (seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`);

/** The words for each problem code; a test holds every code to having some. */
const PROBLEM_WORDS: { readonly [C in PatternProblem['code']]: (problem: Extract<PatternProblem, { code: C }>) => string } = {
  'not-a-pattern': () => 'not a pattern',
  'name-missing': () => 'the pattern needs a name',
  'name-too-long': (p) => `the name is longer than ${p.max} characters`,
  'id-invalid': () => 'the pattern has no valid id',
  'no-phases': () => 'the pattern has no phases',
  'too-many-phases': (p) => `a pattern has at most ${p.max} phases`,
  'phase-not-a-phase': (p) => `phase ${p.phase} is not a phase`,
  'phase-kind-unknown': (p) => `phase ${p.phase} has an unknown kind (use ${joinOr(p.kinds)})`,
  'phase-seconds-not-finite': (p) => `phase ${p.phase} needs a finite number of seconds`,
  'phase-too-short': (p) => `phase ${p.phase} must last at least ${p.min} seconds`,
  'phase-too-long': (p) => `phase ${p.phase} is longer than ${duration(p.max)}`,
  'phase-label-invalid': (p) => `phase ${p.phase} has a label that is not text of at most ${p.max} characters`,
  'no-inhale': () => 'the pattern has no inhale',
  'no-exhale': () => 'the pattern has no exhale',
  'length-missing': () => 'the session length is missing',
  'length-not-finite': () => 'the session length needs a finite number',
  'minutes-out-of-range': (p) => `a session lasts more than 0 and at most ${p.max} minutes`,
  'cycles-out-of-range': (p) => `a session has a whole number of cycles from 1 to ${p.max}`,
  'length-unit-unknown': () => 'the session length unit must be minutes or cycles',
};

/** One problem of a pattern in words, as the editor lists them ("phase 2 must last at least 0.5 seconds"). */
export function problemWords(problem: PatternProblem): string {
  const words = PROBLEM_WORDS[problem.code] as (p: PatternProblem) => string;
  return words(problem);
}

/** A whole pattern error in one sentence. */
export function patternWords(error: unknown): string | undefined {
  if (error instanceof InvalidPatternError) return `This pattern can't be saved yet: ${error.problems.map(problemWords).join('; ')}.`;
  if (error instanceof PresetPatternError) return 'Presets cannot be changed here; copy one to make a pattern of your own.';
  return undefined;
}
