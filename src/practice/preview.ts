/**
 * The practice screen's guide before a session: the chosen pattern breathing on its own, looped
 * from the clock. With prefers-reduced-motion it holds still (the stylesheet shows no growing shape).
 */
import { createSignal, onCleanup, type Accessor } from 'solid-js';
import { phaseAt, type SessionView } from '../core/pacer.ts';
import type { Pattern } from '../core/pattern.ts';
import type { Clock } from './clock.ts';

/** Whether the person asked for less motion. */
export const prefersStill = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** A looping view of `pattern` from now on; call inside a reactive owner (a component), which stops it. */
export function createPreview(pattern: Accessor<Pattern>, clock: Clock, still = prefersStill()): Accessor<SessionView> {
  const startMs = clock.now();
  const [now, setNow] = createSignal(startMs);
  if (!still) {
    let frame = requestAnimationFrame(function tick() {
      setNow(clock.now());
      frame = requestAnimationFrame(tick);
    });
    onCleanup(() => cancelAnimationFrame(frame));
  }
  // A still preview shows the top of the first breath: a full, calm guide.
  return () => {
    const p = pattern();
    const state = phaseAt(p, startMs, still ? startMs : now());
    return { stage: 'breathing', state: still ? { ...state, progress: 1 } : state, elapsedMs: 0, remainingMs: 0 };
  };
}
