/**
 * Group coherence: how in step the members' own breathing is, from each member's own presses.
 * Never from the shared pacer: every member's pacer phase is the same by construction, which
 * would always give 1.
 *
 * A member's breath phase at time T runs from 0 at their last press (inhale onset) to 2π one
 * breath later, a breath being the median of their recent press intervals. The group's phase
 * locking R = |mean(e^{i phi})|; the bias-free pairwise phase consistency (Vinck et al. 2010)
 * PPC = (N R^2 - 1) / (N - 1), clamped at 0. With two members PPC = cos(phi1 - phi2): pair sync.
 */

/** What one member shares: recent inhale onsets in server time (ms). */
export interface MemberOnsets {
  readonly id: string;
  readonly inhaleOnsets: readonly number[];
}

/** Onsets older than this, or a last press further back than two breaths, say nothing of now. */
export const WINDOW_MS = 60_000;

/** A member's breath at `at`: their last press and their breath's length (the median of their recent press intervals). */
export interface Breath {
  readonly last: number;
  readonly period: number;
}

/**
 * The breath that `recent` (onsets within the window, sorted, at least two) gives. Split from
 * `memberPhase` so that a caller holding onsets sorted can reuse it while the window holds the same
 * ones (the relay's field, for thousands of members several times a second).
 */
export function breathOf(recent: readonly number[]): Breath {
  const intervals = recent
    .slice(1)
    .map((t, i) => t - recent[i]!)
    .sort((a, b) => a - b);
  const m = intervals.length >> 1;
  const period = intervals.length % 2 ? intervals[m]! : (intervals[m - 1]! + intervals[m]!) / 2;
  return { last: recent[recent.length - 1]!, period };
}

/** The phase (radians in [0, 2π)) of `breath` at `at`, or null when the last press is further back than two breaths. */
export function phaseOf(breath: Breath, at: number): number | null {
  const since = at - breath.last;
  if (breath.period <= 0 || since > 2 * breath.period) return null;
  return ((2 * Math.PI * since) / breath.period) % (2 * Math.PI);
}

/** A member's breath phase at `at` (radians in [0, 2π)), or null without two recent presses. */
export function memberPhase(onsets: readonly number[], at: number): number | null {
  const recent = onsets.filter((t) => t <= at && t > at - WINDOW_MS).sort((a, b) => a - b);
  if (recent.length < 2) return null;
  return phaseOf(breathOf(recent), at);
}

export interface GroupCoherence {
  /** Members with a phase now (two recent presses); the others are not counted. */
  readonly counted: number;
  /** 'group' (PPC, three or more), 'pair' (two) or 'none'. */
  readonly kind: 'group' | 'pair' | 'none';
  /** 0..1. */
  readonly value: number;
}

/**
 * The group figure at `at` (server time). Members are taken in id order, so every client gets the
 * same number from the same state whatever order it arrived in.
 */
export function groupCoherence(members: readonly MemberOnsets[], at: number): GroupCoherence {
  const phases = [...members]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((m) => memberPhase(m.inhaleOnsets, at))
    .filter((p): p is number => p !== null);
  const n = phases.length;
  if (n < 2) return { counted: n, kind: 'none', value: 0 };
  let re = 0;
  let im = 0;
  for (const p of phases) {
    re += Math.cos(p);
    im += Math.sin(p);
  }
  const r2 = (re * re + im * im) / (n * n);
  const ppc = Math.max(0, Math.min(1, (n * r2 - 1) / (n - 1)));
  return { counted: n, kind: n === 2 ? 'pair' : 'group', value: ppc };
}
