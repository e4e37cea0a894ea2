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
export type SessionLength =
  | { readonly unit: 'minutes'; readonly value: number }
  | { readonly unit: 'cycles'; readonly value: number };

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

/** Thrown when a pattern cannot be used; `problems` lists every reason, each readable by a person. */
export class InvalidPatternError extends Error {
  override readonly name = 'InvalidPatternError';
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid pattern: ${problems.join('; ')}`);
    this.problems = problems;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

function phaseProblems(raw: unknown, i: number): string[] {
  const at = `phase ${i + 1}`;
  if (!isRecord(raw)) return [`${at} is not a phase`];
  const problems: string[] = [];
  if (!PHASE_KINDS.includes(raw.kind as PhaseKind)) {
    problems.push(`${at} has an unknown kind (use inhale, hold, exhale or rest)`);
  }
  const s = raw.seconds;
  if (typeof s !== 'number' || !Number.isFinite(s)) problems.push(`${at} needs a finite number of seconds`);
  else if (s < LIMITS.minPhaseSeconds) problems.push(`${at} must last at least ${LIMITS.minPhaseSeconds} seconds`);
  else if (s > LIMITS.maxPhaseSeconds) problems.push(`${at} is longer than 10 minutes`);
  if (raw.label !== undefined && (typeof raw.label !== 'string' || raw.label.length > LIMITS.maxLabelLength)) {
    problems.push(`${at} has a label that is not text of at most ${LIMITS.maxLabelLength} characters`);
  }
  return problems;
}

function lengthProblems(raw: unknown): string[] {
  if (!isRecord(raw)) return ['the session length is missing'];
  const v = raw.value;
  if (typeof v !== 'number' || !Number.isFinite(v)) return ['the session length needs a finite number'];
  if (raw.unit === 'minutes') {
    return v > 0 && v <= LIMITS.maxMinutes ? [] : [`a session lasts more than 0 and at most ${LIMITS.maxMinutes} minutes`];
  }
  if (raw.unit === 'cycles') {
    return Number.isInteger(v) && v >= 1 && v <= LIMITS.maxCycles
      ? []
      : [`a session has a whole number of cycles from 1 to ${LIMITS.maxCycles}`];
  }
  return ['the session length unit must be minutes or cycles'];
}

/** Checks untrusted input (a form, storage, a room) and returns it as a Pattern, or throws InvalidPatternError. */
export function validatePattern(raw: unknown): Pattern {
  if (!isRecord(raw)) throw new InvalidPatternError(['not a pattern']);
  const problems: string[] = [];
  const name = typeof raw.name === 'string' ? raw.name.trim() : '';
  if (name.length === 0) problems.push('the pattern needs a name');
  if (name.length > LIMITS.maxNameLength) problems.push(`the name is longer than ${LIMITS.maxNameLength} characters`);
  if (typeof raw.id !== 'string' || raw.id.length === 0 || raw.id.length > 64) problems.push('the pattern has no valid id');

  const phases = raw.phases;
  if (!Array.isArray(phases) || phases.length === 0) {
    problems.push('the pattern has no phases');
  } else {
    if (phases.length > LIMITS.maxPhases) problems.push(`a pattern has at most ${LIMITS.maxPhases} phases`);
    phases.forEach((p, i) => problems.push(...phaseProblems(p, i)));
    const kinds = phases.map((p: unknown) => (isRecord(p) ? p.kind : undefined));
    if (!kinds.includes('inhale')) problems.push('the pattern has no inhale');
    if (!kinds.includes('exhale')) problems.push('the pattern has no exhale');
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

/** The name shown and announced for a phase. */
export function phaseLabel(phase: Phase): string {
  if (phase.label) return phase.label;
  return { inhale: 'Inhale', hold: 'Hold', exhale: 'Exhale', rest: 'Rest' }[phase.kind];
}

/** Short notation such as "4-7-8" for a pattern's phases. */
export const phaseSummary = (pattern: Pattern): string =>
  pattern.phases.map((p) => String(Math.round(p.seconds * 10) / 10)).join('-');
