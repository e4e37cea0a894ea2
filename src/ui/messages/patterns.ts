/** Words for the pattern errors a person can meet; undefined for any other error. */
import {
  breathsPerMinute,
  InvalidPatternError,
  type Pattern,
  type Phase,
  type PhaseKind,
  type PatternProblem,
} from '../../core/pattern.ts';
import { formatNumber } from '../../i18n/format.ts';
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

/** A number as the showing language writes it, without grouping (limits are small: "1000", "0,5" in German). */
const num = (n: number): string => formatNumber(n, { useGrouping: false, maximumFractionDigits: 3 });

/** 600 s reads "10 minutes"; 90 s reads "90 seconds". */
const duration = (seconds: number) =>
  seconds % 60 === 0 ? t('patterns.problem.minutes', seconds / 60) : t('patterns.problem.seconds', seconds);

/** The words for each problem code; a test holds every code to having some. */
const PROBLEM_WORDS: { readonly [C in PatternProblem['code']]: (problem: Extract<PatternProblem, { code: C }>) => string } = {
  'not-a-pattern': () => t('patterns.problem.notAPattern'),
  'name-missing': () => t('patterns.problem.nameMissing'),
  'name-too-long': (p) => t('patterns.problem.nameTooLong', num(p.max)),
  'id-invalid': () => t('patterns.problem.idInvalid'),
  'no-phases': () => t('patterns.problem.noPhases'),
  'too-many-phases': (p) => t('patterns.problem.tooManyPhases', num(p.max)),
  'phase-not-a-phase': (p) => t('patterns.problem.phaseNotAPhase', num(p.phase)),
  'phase-kind-unknown': (p) =>
    t('patterns.problem.phaseKindUnknown', num(p.phase), joinOr(p.kinds.map((kind) => t(`patterns.problem.kind.${kind}`)))),
  'phase-seconds-not-finite': (p) => t('patterns.problem.phaseSecondsNotFinite', num(p.phase)),
  'phase-too-short': (p) => t('patterns.problem.phaseTooShort', num(p.phase), num(p.min)),
  'phase-too-long': (p) => t('patterns.problem.phaseTooLong', num(p.phase), duration(p.max)),
  'phase-label-invalid': (p) => t('patterns.problem.phaseLabelInvalid', num(p.phase), num(p.max)),
  'no-inhale': () => t('patterns.problem.noInhale'),
  'no-exhale': () => t('patterns.problem.noExhale'),
  'length-missing': () => t('patterns.problem.lengthMissing'),
  'length-not-finite': () => t('patterns.problem.lengthNotFinite'),
  'minutes-out-of-range': (p) => t('patterns.problem.minutesOutOfRange', num(p.max)),
  'cycles-out-of-range': (p) => t('patterns.problem.cyclesOutOfRange', num(p.max)),
  'length-unit-unknown': () => t('patterns.problem.lengthUnitUnknown'),
};

/** One problem of a pattern in words, as the editor lists them ("phase 2 must last at least 0.5 seconds"). */
export function problemWords(problem: PatternProblem): string {
  const words = PROBLEM_WORDS[problem.code] as (p: PatternProblem) => string;
  return words(problem);
}

/** A whole pattern error in one sentence. */
export function patternWords(error: unknown): string | undefined {
  if (error instanceof InvalidPatternError)
    return t('patterns.problem.invalid', error.problems.map(problemWords).join(t('patterns.problem.separator')));
  if (error instanceof PresetPatternError) return t('patterns.problem.preset');
  return undefined;
}

/** A pattern's phases in seconds, as the showing language writes numbers ("4-7-8", "5,5-5,5" in German). */
export const phaseNumbers = (pattern: Pattern): string => pattern.phases.map((p) => num(Math.round(p.seconds * 10) / 10)).join('-');

/** A pattern's breaths a minute, to one decimal ("5.5", "5,5" in German). */
export const breathsWords = (pattern: Pattern): string =>
  formatNumber(breathsPerMinute(pattern), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
