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
import { createMediaPresence } from './media-presence.ts';
import type { TonePlayer } from './tones.ts';

export interface SessionOptions {
  readonly pattern: Pattern;
  readonly prepMs: number;
  readonly clock: Clock;
  readonly tones: TonePlayer | null;
  readonly vibration: boolean;
  readonly onEnd: (summary: SessionSummary) => void;
  /**
   * The soundscape the guide's glyph asks for (see tones.ts glyphSoundscape); it may arrive after the
   * start (the glyph loads while the countdown runs), and the sound then starts again with it.
   */
  readonly soundscape?: Accessor<string | undefined>;
  /** The session's name for the OS's media controls, in the person's language (the pattern's name otherwise). */
  readonly title?: string;
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

  // The OS's media controls (lock screen, notification) while the session has sound.
  const media = tones
    ? mediaControls(options.title ?? pattern.name, tones.appName?.() ?? '', {
        play: () => session.resume(),
        pause: () => session.pause(),
        stop: () => session.stop(),
      })
    : null;

  const soundscape = createMemo(() => options.soundscape?.());
  const startTones = () => {
    const c = sessionClock();
    const scape = soundscape();
    tones?.start({ pattern, startMs: c.startMs, endMs: c.startMs + plan.durationMs, ...(scape ? { soundscape: scape } : {}) }, clock.now);
  };

  function end(completed: boolean): void {
    if (ended) return;
    ended = true;
    cancelAnimationFrame(frame);
    // A completed session lets its end chime ring; a stopped one falls silent at once.
    if (completed) tones?.finish();
    else tones?.stop();
    wakeLock.release();
    media?.clear();
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
  // A soundscape arriving late: the sound starts again from now (boundaries already begun are not replayed).
  createEffect(on(soundscape, () => !ended && !paused() && startTones(), { defer: true }));
  onCleanup(() => {
    if (!ended) tones?.stop();
    ended = true;
    media?.clear();
    cancelAnimationFrame(frame);
    wakeLock.release();
  });

  wakeLock.hold();
  startTones();

  // Onsets during the preparation count too (people press on "1"), at negative session time.
  const record = (kind: Onset['kind'], implied = false) => {
    if (!paused()) onsets.push({ kind, atMs: sessionElapsedMs(sessionClock(), clock.now()), ...(implied ? { implied } : {}) });
  };

  const session: PracticeSession = {
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
      media?.playing(false);
    },
    resume() {
      if (ended || !paused()) return;
      setSessionClock(resumeClock(sessionClock(), clock.now()));
      startTones();
      media?.playing(true);
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
  return session;
}

type MediaActions = Record<'play' | 'pause' | 'stop', () => void>;

/**
 * Media Session: the pattern as the title, the app as the artist, and play/pause/stop handlers,
 * with the silent element that makes Chromium show them (media-presence.ts).
 */
function mediaControls(title: string, artist: string, actions: MediaActions) {
  const media = typeof navigator === 'undefined' ? undefined : navigator.mediaSession;
  if (!media) return null;
  const presence = createMediaPresence();
  const handle = (action: keyof MediaActions, handler: (() => void) | null) => {
    try {
      media.setActionHandler(action, handler);
    } catch {
      // reason: a browser that does not know an action ('stop' in older Safari) throws; the others still work
    }
  };
  if (typeof MediaMetadata === 'function') media.metadata = new MediaMetadata({ title, artist });
  for (const action of ['play', 'pause', 'stop'] as const) handle(action, actions[action]);
  media.playbackState = 'playing';
  presence?.play();
  let cleared = false;
  return {
    playing(on: boolean) {
      if (cleared) return;
      media.playbackState = on ? 'playing' : 'paused';
      if (on) presence?.play();
      else presence?.pause();
    },
    clear() {
      if (cleared) return;
      cleared = true;
      presence?.dispose();
      for (const action of ['play', 'pause', 'stop'] as const) handle(action, null);
      media.metadata = null;
      media.playbackState = 'none';
    },
  };
}
