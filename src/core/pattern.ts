/** Breathing patterns: the data model, its validation and the safety rule for hold-heavy patterns. */

export type PhaseKind = 'inhale' | 'hold' | 'exhale' | 'rest';

export const PHASE_KINDS: readonly PhaseKind[] = ['inhale', 'hold', 'exhale', 'rest'];

/** One step of a breathing cycle. `label` overrides the spoken/shown name (e.g. "Top-up inhale"). */
export interface Phase {
  readonly kind: PhaseKind;
  readonly seconds: number;
  readonly label?: string;
}

/** How long a session lasts. A session always ends on a full cycle, so minutes round up to cycles. */
export type SessionLength = { readonly unit: 'minutes'; readonly value: number } | { readonly unit: 'cycles'; readonly value: number };

export type PatternId = string & { readonly __brand: 'PatternId' };

export interface Pattern {
  readonly id: PatternId;
  readonly name: string;
  readonly phases: readonly Phase[];
  readonly length: SessionLength;
  /** Presets ship with the app and cannot be edited or deleted. */
  readonly preset?: boolean;
}

/** Limits a pattern must respect; they keep a pattern breathable and a session finite. */
export const LIMITS = {
  /** Shorter phases cannot be breathed, and would flood tones and figures with boundaries. */
  minPhaseSeconds: 0.5,
  maxPhaseSeconds: 600,
  maxPhases: 12,
  maxNameLength: 60,
  maxLabelLength: 40,
  maxMinutes: 180,
  maxCycles: 1000,
} as const;

/**
 * One reason a pattern cannot be used, as a code and the data its words need (the words are the
 * UI's: src/ui/messages/patterns.ts). `phase` counts from 1, as a person numbers phases.
 */
export type PatternProblem =
  | { readonly code: 'not-a-pattern' }
  | { readonly code: 'name-missing' }
  | { readonly code: 'name-too-long'; readonly max: number }
  | { readonly code: 'id-invalid' }
  | { readonly code: 'no-phases' }
  | { readonly code: 'too-many-phases'; readonly max: number }
  | { readonly code: 'phase-not-a-phase'; readonly phase: number }
  | { readonly code: 'phase-kind-unknown'; readonly phase: number; readonly kinds: readonly PhaseKind[] }
  | { readonly code: 'phase-seconds-not-finite'; readonly phase: number }
  | { readonly code: 'phase-too-short'; readonly phase: number; readonly min: number }
  | { readonly code: 'phase-too-long'; readonly phase: number; readonly max: number }
  | { readonly code: 'phase-label-invalid'; readonly phase: number; readonly max: number }
  | { readonly code: 'no-inhale' }
  | { readonly code: 'no-exhale' }
  | { readonly code: 'length-missing' }
  | { readonly code: 'length-not-finite' }
  | { readonly code: 'minutes-out-of-range'; readonly max: number }
  | { readonly code: 'cycles-out-of-range'; readonly max: number }
  | { readonly code: 'length-unit-unknown' };

/** Every problem code, for exhaustive checks (a test holds the words to this list). */
export type PatternProblemCode = PatternProblem['code'];

/** Thrown when a pattern cannot be used; `problems` lists every reason, each a code with its data. */
export class InvalidPatternError extends Error {
  override readonly name = 'InvalidPatternError';
  readonly problems: readonly PatternProblem[];
  constructor(problems: readonly PatternProblem[]) {
    // For logs only: a person reads the words the UI makes of `problems`.
    super(`Invalid pattern: ${problems.map((p) => p.code).join(', ')}`);
    this.problems = problems;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function phaseProblems(raw: unknown, i: number): PatternProblem[] {
  const phase = i + 1;
  if (!isRecord(raw)) return [{ code: 'phase-not-a-phase', phase }];
  const problems: PatternProblem[] = [];
  if (!PHASE_KINDS.includes(raw.kind as PhaseKind)) problems.push({ code: 'phase-kind-unknown', phase, kinds: PHASE_KINDS });
  const s = raw.seconds;
  if (typeof s !== 'number' || !Number.isFinite(s)) problems.push({ code: 'phase-seconds-not-finite', phase });
  else if (s < LIMITS.minPhaseSeconds) problems.push({ code: 'phase-too-short', phase, min: LIMITS.minPhaseSeconds });
  else if (s > LIMITS.maxPhaseSeconds) problems.push({ code: 'phase-too-long', phase, max: LIMITS.maxPhaseSeconds });
  if (raw.label !== undefined && (typeof raw.label !== 'string' || raw.label.length > LIMITS.maxLabelLength)) {
    problems.push({ code: 'phase-label-invalid', phase, max: LIMITS.maxLabelLength });
  }
  return problems;
}

function lengthProblems(raw: unknown): PatternProblem[] {
  if (!isRecord(raw)) return [{ code: 'length-missing' }];
  const v = raw.value;
  if (typeof v !== 'number' || !Number.isFinite(v)) return [{ code: 'length-not-finite' }];
  if (raw.unit === 'minutes') {
    return v > 0 && v <= LIMITS.maxMinutes ? [] : [{ code: 'minutes-out-of-range', max: LIMITS.maxMinutes }];
  }
  if (raw.unit === 'cycles') {
    return Number.isInteger(v) && v >= 1 && v <= LIMITS.maxCycles ? [] : [{ code: 'cycles-out-of-range', max: LIMITS.maxCycles }];
  }
  return [{ code: 'length-unit-unknown' }];
}

/** Checks untrusted input (a form, storage, a room) and returns it as a Pattern, or throws InvalidPatternError. */
export function validatePattern(raw: unknown): Pattern {
  if (!isRecord(raw)) throw new InvalidPatternError([{ code: 'not-a-pattern' }]);
  const problems: PatternProblem[] = [];
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (name.length === 0) problems.push({ code: 'name-missing' });
  if (name.length > LIMITS.maxNameLength) problems.push({ code: 'name-too-long', max: LIMITS.maxNameLength });
  if (typeof raw.id !== 'string' || raw.id.length === 0 || raw.id.length > 64) problems.push({ code: 'id-invalid' });

  const phases = raw.phases;
  if (!Array.isArray(phases) || phases.length === 0) {
    problems.push({ code: 'no-phases' });
  } else {
    if (phases.length > LIMITS.maxPhases) problems.push({ code: 'too-many-phases', max: LIMITS.maxPhases });
    for (const [i, p] of phases.entries()) problems.push(...phaseProblems(p, i));
    const kinds = phases.map((p: unknown) => (isRecord(p) ? p.kind : undefined));
    if (!kinds.includes('inhale')) problems.push({ code: 'no-inhale' });
    if (!kinds.includes('exhale')) problems.push({ code: 'no-exhale' });
  }
  problems.push(...lengthProblems(raw.length));
  if (problems.length > 0) throw new InvalidPatternError(problems);

  const valid = raw as unknown as Pattern;
  return {
    id: valid.id,
    name,
    phases: valid.phases.map(({ kind, seconds, label }) => (label ? { kind, seconds, label } : { kind, seconds })),
    length: { unit: valid.length.unit, value: valid.length.value },
    ...(raw.preset === true ? { preset: true } : {}),
  };
}

/** Length of one cycle in milliseconds. */
export const cycleMs = (pattern: Pattern): number => pattern.phases.reduce((sum, p) => sum + p.seconds * 1000, 0);

/** Breaths per minute of a pattern (one cycle is one breath). */
export const breathsPerMinute = (pattern: Pattern): number => 60_000 / cycleMs(pattern);

/**
 * Whether a pattern holds the breath enough to warrant the safety note: any single hold of 7 s or
 * more (4-7-8), or holds taking 40% of the cycle or more (box breathing).
 */
export function isHoldHeavy(pattern: Pattern): boolean {
  const holds = pattern.phases.filter((p) => p.kind === 'hold');
  const holdSeconds = holds.reduce((s, p) => s + p.seconds, 0);
  return holds.some((p) => p.seconds >= 7) || holdSeconds * 1000 >= 0.4 * cycleMs(pattern);
}
