/**
 * Individual rhythm coherence from press-and-hold input: how closely a person's breathing follows
 * the pacer. It measures timing, not the heart; nothing here touches a sensor.
 */
import { cycleMs, type Pattern } from './pattern.ts';
import { phaseAt, phaseOffsets, boundaryMs } from './pacer.ts';

/** A press (inhale onset) or a release (exhale onset), in ms of session time (0 = first cycle start). */
export interface Onset {
  readonly kind: 'inhale' | 'exhale';
  readonly atMs: number;
  /** A release implied by pausing while held: it ends the held time but is no timing event. */
  readonly implied?: boolean;
}

/** The figures of one session. Fractions are 0..1; `score` is the 0-100 figure shown to people. */
export interface Coherence {
  readonly onsets: number;
  /** Phase-locking value R = |mean(e^{i phi})| of the onsets against the pacer's onsets. */
  readonly r: number;
  /** Mean signed timing error (positive = late) and its standard deviation, in ms. */
  readonly meanOffsetMs: number;
  readonly sdOffsetMs: number;
  /** Share of the session during which held/released matched the pacer (held from inhale to exhale). */
  readonly inPhaseFraction: number;
  readonly pacerBpm: number;
  /** Breaths a minute from the median interval between presses; null with fewer than two presses. */
  readonly userBpm: number | null;
  /** 1 when the rates match, falling linearly to 0 at a 100% difference. */
  readonly rateMatch: number | null;
  readonly score: number;
}

/** Fewer onsets than this give no figure: R of one or two onsets is 1 by construction. */
export const MIN_ONSETS = 3;

/** Offsets within a cycle where the pacer asks for an inhale onset and for an exhale onset. */
export function onsetTargets(pattern: Pattern): { inhale: number[]; exhale: number[] } {
  const offsets = phaseOffsets(pattern);
  const n = pattern.phases.length;
  const targets = { inhale: [] as number[], exhale: [] as number[] };
  pattern.phases.forEach((p, i) => {
    const prev = pattern.phases[(i + n - 1) % n]!;
    // A top-up inhale (physiological sigh) continues the same breath: only a run's first phase counts.
    if ((p.kind === 'inhale' || p.kind === 'exhale') && prev.kind !== p.kind) targets[p.kind].push(offsets[i]!);
  });
  return targets;
}

/**
 * Where an onset at t falls between the targets of its kind: the signed distance to the nearest
 * one (ms) and the phase angle measured over the gap between the two targets around it. With one
 * target per cycle the gap is the cycle; with two (a pattern that breathes twice per cycle) it is
 * the gap, so random presses still spread over the whole circle and score low.
 */
function placeOnset(t: number, targets: readonly number[], cycle: number): { offsetMs: number; angle: number } {
  const within = ((t % cycle) + cycle) % cycle;
  // The last target at or before `within` (cyclically), and the one after it.
  let i = targets.length - 1;
  for (let k = 0; k < targets.length; k++) if (targets[k]! <= within) i = k;
  const before = targets[i]!;
  const after = targets[(i + 1) % targets.length]!;
  const sinceBefore = (((within - before) % cycle) + cycle) % cycle;
  const gap = (((after - before) % cycle) + cycle) % cycle || cycle;
  const offsetMs = sinceBefore <= gap / 2 ? sinceBefore : sinceBefore - gap;
  return { offsetMs, angle: (2 * Math.PI * offsetMs) / gap };
}

/** Whether the pacer expects the button held (inhale and the hold after it) in each phase of a cycle. */
function expectedHeld(pattern: Pattern): boolean[] {
  const n = pattern.phases.length;
  const held: boolean[] = new Array<boolean>(n).fill(false);
  let state = false;
  // Two laps so the holds at the start of the cycle inherit the state from its end.
  for (let k = 0; k < 2 * n; k++) {
    const kind = pattern.phases[k % n]!.kind;
    if (kind === 'inhale') state = true;
    if (kind === 'exhale') state = false;
    held[k % n] = state;
  }
  return held;
}

/** Share of [0, durationMs) during which the person's held state matched the pacer's. */
function inPhaseFraction(pattern: Pattern, sorted: readonly Onset[], durationMs: number): number {
  const held = expectedHeld(pattern);
  const offsets = phaseOffsets(pattern);
  const cuts = new Set<number>([0, durationMs]);
  for (let step = 1; ; step++) {
    const b = boundaryMs(pattern, 0, step, offsets);
    if (b >= durationMs) break;
    cuts.add(b);
  }
  for (const o of sorted) if (o.atMs > 0 && o.atMs < durationMs) cuts.add(o.atMs);
  // Held state at the start comes from any press before it (during the countdown).
  const times = [...cuts].sort((a, b) => a - b);
  let matched = 0;
  let next = 0;
  let userHeld = false;
  for (let k = 0; k < times.length - 1; k++) {
    const from = times[k]!;
    while (next < sorted.length && sorted[next]!.atMs <= from) userHeld = sorted[next++]!.kind === 'inhale';
    const mid = (from + times[k + 1]!) / 2;
    if (held[phaseAt(pattern, 0, mid).index] === userHeld) matched += times[k + 1]! - from;
  }
  return durationMs > 0 ? matched / durationMs : 0;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The individual coherence of a session of `durationMs` breathed to `pattern`, or null when there
 * are too few onsets to say anything.
 */
export function individualCoherence(pattern: Pattern, onsets: readonly Onset[], durationMs: number): Coherence | null {
  const cycle = cycleMs(pattern);
  // A press up to half a cycle early (during the countdown) still aims at the first inhale.
  const sorted = onsets.filter((o) => o.atMs >= -cycle / 2 && o.atMs <= durationMs).sort((a, b) => a.atMs - b.atMs);
  const timed = sorted.filter((o) => !o.implied);
  if (timed.length < MIN_ONSETS) return null;
  const targets = onsetTargets(pattern);
  const placed = timed.map((o) => placeOnset(o.atMs, targets[o.kind], cycle));
  const errors = placed.map((p) => p.offsetMs);
  let re = 0;
  let im = 0;
  for (const { angle } of placed) {
    re += Math.cos(angle);
    im += Math.sin(angle);
  }
  const r = Math.hypot(re, im) / placed.length;
  const mean = errors.reduce((s, e) => s + e, 0) / errors.length;
  const sd = Math.sqrt(errors.reduce((s, e) => s + (e - mean) ** 2, 0) / (errors.length - 1));

  const presses = timed.filter((o) => o.kind === 'inhale').map((o) => o.atMs);
  const intervals = presses.slice(1).map((t, i) => t - presses[i]!);
  const pacerBpm = 60_000 / cycle;
  const userBpm = intervals.length > 0 ? 60_000 / median(intervals) : null;
  const rateMatch = userBpm === null ? null : Math.max(0, 1 - Math.abs(userBpm - pacerBpm) / pacerBpm);

  return {
    onsets: timed.length,
    r,
    meanOffsetMs: mean,
    sdOffsetMs: sd,
    inPhaseFraction: inPhaseFraction(pattern, sorted, durationMs),
    pacerBpm,
    userBpm,
    rateMatch,
    score: Math.round(r * 100),
  };
}
