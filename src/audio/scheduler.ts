/**
 * The one scheduler behind every sound: a look-ahead loop in the style of "A Tale of Two Clocks".
 * A timer only decides what to schedule; each sound is then placed at an exact time by whoever
 * receives the boundary. Boundaries come from the pacer's boundaryMs and each is handed out exactly
 * once, however late or often the timer fires.
 */
import { boundaryMs, phaseAt, phaseOffsets } from '../core/pacer.ts';
import type { Pattern, PhaseKind } from '../core/pattern.ts';

/** The part of a session the sounds follow, in page-clock ms. */
export interface SoundTimeline {
  readonly pattern: Pattern;
  readonly startMs: number;
  readonly endMs: number;
  /** A soundscape named by the guide (the glyph store's guideSound); the setting's applies when absent. */
  readonly soundscape?: string;
}

/** One phase change: phase number `step` of kind `kind` begins at `atMs` and lasts until `untilMs`. */
export interface Boundary {
  readonly step: number;
  readonly kind: PhaseKind;
  readonly atMs: number;
  readonly untilMs: number;
}

export interface SchedulerHandlers {
  /** Called once per boundary, at least `lookaheadMs - timerMs` before it (unless the timer was starved). */
  boundary(b: Boundary, nowMs: number): void;
  /** Called once for the session's end. */
  end(atMs: number, nowMs: number): void;
  /** Called on every tick, before any boundary of that tick. */
  tick(nowMs: number): void;
}

/**
 * Timer period (ms). Browsers throttle a hidden page's timers to once a second unless it plays
 * audible sound (the chimes and soundscape are; voice alone between cues, or silence, are not):
 * the look-ahead below outlasts that throttling, so chimes keep time regardless.
 */
export const TIMER_MS = 50;
/** How far ahead boundaries are handed out (ms): longer than a 1 s timer stall, so a stall drops nothing. */
export const LOOKAHEAD_MS = 1_500;
/** A boundary passed by more than this when the timer finally sees it is skipped, not sounded late (ms). */
export const LATE_MS = 150;

export interface Scheduler {
  /** Boundaries skipped because the timer saw them only after they had passed (a stalled page). */
  readonly skipped: () => number;
  cancel(): void;
}

/** The first phase number of `timeline` that has not begun at `t` (0 before the start). */
export const firstStepAfter = (timeline: SoundTimeline, t: number): number =>
  t <= timeline.startMs ? 0 : phaseAt(timeline.pattern, timeline.startMs, t).step + 1;

/**
 * Runs the look-ahead loop for `timeline` from `now()` on, from its first boundary not yet begun;
 * or, taking over from an earlier schedule of the same session, from phase number `fromStep`, the
 * first that one had not sounded. A session moved earlier can put that boundary just behind now:
 * it then sounds at once (within LATE_MS) rather than not at all.
 */
export function startScheduler(timeline: SoundTimeline, now: () => number, handlers: SchedulerHandlers, fromStep?: number): Scheduler {
  const { pattern, startMs, endMs } = timeline;
  const offsets = phaseOffsets(pattern);
  const n = pattern.phases.length;
  const t0 = now();
  let next = fromStep ?? firstStepAfter(timeline, t0);
  let endDone = endMs < t0;
  let skipped = 0;

  const tick = () => {
    const t = now();
    handlers.tick(t);
    for (;;) {
      const at = boundaryMs(pattern, startMs, next, offsets);
      if (at >= endMs || at > t + LOOKAHEAD_MS) break;
      const step = next++;
      if (at < t - LATE_MS) {
        skipped++;
        continue;
      }
      const kind = pattern.phases[step % n]!.kind;
      handlers.boundary({ step, kind, atMs: at, untilMs: Math.min(endMs, boundaryMs(pattern, startMs, step + 1, offsets)) }, t);
    }
    if (!endDone && endMs <= t + LOOKAHEAD_MS) {
      endDone = true;
      if (endMs >= t - LATE_MS) handlers.end(endMs, t);
    }
    // Everything handed out: nothing left to tick for.
    if (endDone) clearInterval(timer);
  };
  let timer: ReturnType<typeof setInterval> | undefined;
  tick();
  if (!endDone) timer = setInterval(tick, TIMER_MS);
  return {
    skipped: () => skipped,
    cancel: () => clearInterval(timer),
  };
}
