/**
 * The pacer timeline. Every phase is a pure function of the clock: nothing here counts ticks, so a
 * late or dropped frame can never push the pacer off the clock.
 */
import { cycleMs, type Pattern, type Phase } from './pattern.ts';

/** Where the pacer stands at one instant. */
export interface PhaseState {
  /** Phase number counted from the session start across cycles; only ever moves forward in time. */
  readonly step: number;
  /** Cycle number (0 for the first cycle; negative before the start). */
  readonly cycle: number;
  /** Index of the phase within the pattern. */
  readonly index: number;
  readonly phase: Phase;
  readonly startMs: number;
  readonly endMs: number;
  /** 0 at the phase start, approaching 1 at its end. */
  readonly progress: number;
}

/** Offsets of each phase start within a cycle, in ms; the last entry is the cycle length. */
export function phaseOffsets(pattern: Pattern): number[] {
  const offsets = [0];
  for (const p of pattern.phases) offsets.push(offsets[offsets.length - 1]! + p.seconds * 1000);
  return offsets;
}

/**
 * Start time of phase number `step` of a session that began at `startMs`. This is the one place a
 * boundary is computed, so consecutive phases share their boundary exactly (no gap, no overlap).
 */
export function boundaryMs(pattern: Pattern, startMs: number, step: number, offsets = phaseOffsets(pattern)): number {
  const n = pattern.phases.length;
  const cycle = Math.floor(step / n);
  return startMs + cycle * offsets[n]! + offsets[step - cycle * n]!;
}

/** The phase in force at `nowMs` for a session whose first cycle starts at `startMs`. */
export function phaseAt(pattern: Pattern, startMs: number, nowMs: number): PhaseState {
  const offsets = phaseOffsets(pattern);
  const n = pattern.phases.length;
  const cycleLength = offsets[n]!;
  const cycle = Math.floor((nowMs - startMs) / cycleLength);
  const within = nowMs - startMs - cycle * cycleLength;
  let index = 0;
  while (index < n - 1 && within >= offsets[index + 1]!) index++;
  let step = cycle * n + index;
  // Floating-point rounding can put `now` a hair outside the interval found above; the boundaries
  // from boundaryMs are the truth, so settle against them.
  while (nowMs < boundaryMs(pattern, startMs, step, offsets)) step--;
  while (nowMs >= boundaryMs(pattern, startMs, step + 1, offsets)) step++;
  const phaseStart = boundaryMs(pattern, startMs, step, offsets);
  const phaseEnd = boundaryMs(pattern, startMs, step + 1, offsets);
  const c = Math.floor(step / n);
  const i = step - c * n;
  return {
    step,
    cycle: c,
    index: i,
    phase: pattern.phases[i]!,
    startMs: phaseStart,
    endMs: phaseEnd,
    progress: (nowMs - phaseStart) / (phaseEnd - phaseStart),
  };
}

/** A session's fixed shape: how many full cycles and how long. */
export interface SessionPlan {
  readonly pattern: Pattern;
  readonly cycles: number;
  readonly durationMs: number;
}

/**
 * Plans a session. A length in minutes rounds up to whole cycles, so a session always ends on a
 * full cycle and never ends early.
 */
export function planSession(pattern: Pattern): SessionPlan {
  const cycle = cycleMs(pattern);
  const { unit, value } = pattern.length;
  // The 1e-9 keeps 5.0000000001 cycles (float noise from 60/5.5) from becoming 6.
  const cycles = unit === 'cycles' ? value : Math.max(1, Math.ceil((value * 60_000) / cycle - 1e-9));
  return { pattern, cycles, durationMs: boundaryMs(pattern, 0, cycles * pattern.phases.length) };
}

/**
 * The session clock: when the first cycle starts, and when it was paused. Pausing and resuming
 * shift the start by the paused time, so the timeline stays a function of the clock.
 */
export interface SessionClock {
  readonly startMs: number;
  readonly pausedAtMs: number | null;
}

/** Starts a clock whose first cycle begins after a preparation delay. */
export const startClock = (nowMs: number, prepMs: number): SessionClock => ({ startMs: nowMs + prepMs, pausedAtMs: null });

export const pauseClock = (clock: SessionClock, nowMs: number): SessionClock =>
  clock.pausedAtMs === null ? { ...clock, pausedAtMs: nowMs } : clock;

export const resumeClock = (clock: SessionClock, nowMs: number): SessionClock =>
  clock.pausedAtMs === null ? clock : { startMs: clock.startMs + (nowMs - clock.pausedAtMs), pausedAtMs: null };

/** Milliseconds of session time at `nowMs` (negative during the preparation countdown). */
export const sessionElapsedMs = (clock: SessionClock, nowMs: number): number => (clock.pausedAtMs ?? nowMs) - clock.startMs;

/** What a session shows at one instant. */
export type SessionView =
  | { readonly stage: 'prep'; readonly remainingMs: number }
  | {
      readonly stage: 'breathing';
      readonly state: PhaseState;
      readonly elapsedMs: number;
      readonly remainingMs: number;
    }
  | { readonly stage: 'done'; readonly elapsedMs: number };

/** The view of a planned session at `nowMs`, pause included. */
export function sessionAt(plan: SessionPlan, clock: SessionClock, nowMs: number): SessionView {
  const elapsedMs = sessionElapsedMs(clock, nowMs);
  if (elapsedMs < 0) return { stage: 'prep', remainingMs: -elapsedMs };
  if (elapsedMs >= plan.durationMs) return { stage: 'done', elapsedMs: plan.durationMs };
  return {
    stage: 'breathing',
    state: phaseAt(plan.pattern, 0, elapsedMs),
    elapsedMs,
    remainingMs: plan.durationMs - elapsedMs,
  };
}
