/** Whole seconds left until a moment (the next reconnect attempt), updated as each second passes. */
import { type Accessor, createSignal } from 'solid-js';
import type { Clock } from '../shared/clock.ts';

/** A countdown in whole seconds, rounded up: 3, 2, 1, 0. */
export interface Countdown {
  /** Seconds left, or null when nothing is awaited. */
  readonly seconds: Accessor<number | null>;
  /** Counts down to `at` (local ms); null stops. */
  until(at: number | null): void;
  dispose(): void;
}

/** A countdown on `clock`. */
export function createCountdown(clock: Clock): Countdown {
  const [seconds, setSeconds] = createSignal<number | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = (at: number) => {
    const left = at - clock.now();
    setSeconds(Math.max(0, Math.ceil(left / 1000)));
    // The next change is when `left` crosses a whole second.
    if (left > 0) timer = setTimeout(() => step(at), left % 1000 || 1000);
  };
  return {
    seconds,
    until(at) {
      clearTimeout(timer);
      if (at === null) setSeconds(null);
      else step(at);
    },
    dispose: () => clearTimeout(timer),
  };
}
