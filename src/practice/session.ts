/**
 * A practice session as a store: the clock-derived view, controls, press-and-hold onsets and the
 * summary at the end. The UI renders it; everything it shows is derived from the clock here.
 */
import { createEffect, createMemo, createSignal, on, onCleanup, type Accessor } from 'solid-js';
import { individualCoherence, type Onset } from '../core/coherence.ts';
import { cycleMs, type Pattern } from '../core/pattern.ts';
import {
  pauseClock,
  planSession,
  resumeClock,
  sessionAt,
  sessionElapsedMs,
  startClock,
  type SessionClock,
  type SessionPlan,
  type SessionView,
} from '../core/pacer.ts';
import type { SessionSummary } from '../core/summary.ts';
import type { Clock } from './clock.ts';
import { buzz, createWakeLock } from './device.ts';
import type { TonePlayer } from './tones.ts';

export interface SessionOptions {
  readonly pattern: Pattern;
  readonly prepMs: number;
  readonly clock: Clock;
  readonly tones: TonePlayer | null;
  readonly vibration: boolean;
  readonly onEnd: (summary: SessionSummary) => void;
}

export interface PracticeSession {
  readonly plan: SessionPlan;
  readonly view: Accessor<SessionView>;
  readonly paused: Accessor<boolean>;
  readonly pressed: Accessor<boolean>;
  /** Presses (inhale onsets) so far: the screen quiets its instructions once the person presses along. */
  readonly presses: Accessor<number>;
  /** Page-clock time of the last frame; the guide animates from it. */
  readonly now: Accessor<number>;
  pause(): void;
  resume(): void;
  /** Ends the session early; the summary covers what was breathed. */
  stop(): void;
  /** Press-and-hold input: press = inhale onset, release = exhale onset. */
  press(): void;
  release(): void;
}

/** Starts a session now; call inside a reactive owner (a component), which disposes it. */
export function startPracticeSession(options: SessionOptions): PracticeSession {
  const { pattern, clock, tones } = options;
  const plan = planSession(pattern);
  const [sessionClock, setSessionClock] = createSignal<SessionClock>(startClock(clock.now(), options.prepMs));
  const startedAt = sessionClock().startMs;
  const [now, setNow] = createSignal(clock.now());
  const [pressed, setPressed] = createSignal(false);
  const [presses, setPresses] = createSignal(0);
  const onsets: Onset[] = [];
  let ended = false;
  const wakeLock = createWakeLock();

  const view = createMemo(() => sessionAt(plan, sessionClock(), now()));
  const paused = () => sessionClock().pausedAtMs !== null;
  const step = createMemo(() => {
    const v = view();
    return v.stage === 'breathing' ? v.state.step : -1;
  });

  let frame = requestAnimationFrame(function tick() {
    setNow(clock.now());
    if (!ended) frame = requestAnimationFrame(tick);
  });

  const startTones = () => {
    const c = sessionClock();
    tones?.start({ pattern, startMs: c.startMs, endMs: c.startMs + plan.durationMs }, clock.now);
  };

  function end(completed: boolean): void {
    if (ended) return;
    ended = true;
    cancelAnimationFrame(frame);
    // A completed session lets its end chime ring; a stopped one falls silent at once.
    if (completed) tones?.finish();
    else tones?.stop();
    wakeLock.release();
    const elapsed = Math.min(plan.durationMs, Math.max(0, sessionElapsedMs(sessionClock(), clock.now())));
    options.onEnd({
      startedAt,
      pattern,
      plan,
      durationMs: elapsed,
      cycles: completed ? plan.cycles : Math.floor(elapsed / cycleMs(pattern)),
      completed,
      onsets: [...onsets],
      coherence: individualCoherence(pattern, onsets, elapsed),
    });
  }

  createEffect(on(step, (s) => options.vibration && s >= 0 && !paused() && buzz(pattern.phases[s % pattern.phases.length]!.kind)));
  createEffect(() => view().stage === 'done' && end(true));
  onCleanup(() => {
    if (!ended) tones?.stop();
    ended = true;
    cancelAnimationFrame(frame);
    wakeLock.release();
  });

  wakeLock.hold();
  startTones();

  // Onsets during the preparation count too (people press on "1"), at negative session time.
  const record = (kind: Onset['kind'], implied = false) => {
    if (!paused()) onsets.push({ kind, atMs: sessionElapsedMs(sessionClock(), clock.now()), ...(implied ? { implied } : {}) });
  };

  return {
    plan,
    view,
    paused,
    pressed,
    presses,
    now,
    pause() {
      if (ended || paused()) return;
      // Letting go is implied by pausing; record it while the clock still runs.
      if (pressed()) {
        record('exhale', true);
        setPressed(false);
      }
      setSessionClock(pauseClock(sessionClock(), clock.now()));
      tones?.stop();
    },
    resume() {
      if (ended || !paused()) return;
      setSessionClock(resumeClock(sessionClock(), clock.now()));
      startTones();
    },
    stop: () => end(false),
    press() {
      if (ended || pressed() || paused()) return;
      setPressed(true);
      setPresses((n) => n + 1);
      record('inhale');
    },
    release() {
      if (!pressed()) return;
      setPressed(false);
      record('exhale');
    },
  };
}
