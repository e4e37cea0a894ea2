import type { Clock } from '../shared/clock.ts';

export type { Clock };

/**
 * The page's clock, in epoch milliseconds. performance.now() is smooth and monotonic but stops
 * while the OS sleeps, so the clock re-anchors to Date.now() whenever the page becomes visible.
 */
export function createClock(): Clock {
  let wall = Date.now();
  let perf = performance.now();
  const onVisibility = () => {
    if (document.visibilityState !== 'visible') return;
    wall = Date.now();
    perf = performance.now();
  };
  document.addEventListener('visibilitychange', onVisibility);
  return {
    now: () => wall + (performance.now() - perf),
    dispose: () => document.removeEventListener('visibilitychange', onVisibility),
  };
}
