/** Device features a session uses when the browser has them: vibration and the screen wake lock. */
import type { PhaseKind } from '../core/pattern.ts';

export const canVibrate = (): boolean => typeof navigator !== 'undefined' && 'vibrate' in navigator;

const BUZZ: Record<PhaseKind, number[]> = { inhale: [60], exhale: [30, 60, 30], hold: [20], rest: [20] };

/** A short buzz marking the start of a phase; does nothing where vibration is missing. */
export function buzz(kind: PhaseKind): void {
  if (canVibrate()) navigator.vibrate(BUZZ[kind]);
}

export interface WakeLock {
  /** Keeps the screen on from now until release(), re-requested whenever the page is visible again. */
  hold(): void;
  release(): void;
}

export function createWakeLock(): WakeLock {
  let wanted = false;
  let sentinel: WakeLockSentinel | undefined;

  async function request(): Promise<void> {
    if (!('wakeLock' in navigator) || document.visibilityState !== 'visible') return;
    try {
      sentinel = await navigator.wakeLock.request('screen');
    } catch {
      // reason: denied by the browser (battery saver, no user activation); the session goes on without it.
      sentinel = undefined;
    }
    if (!wanted) void sentinel?.release();
  }
  // The browser drops the lock whenever the page is hidden.
  const onVisibility = () => {
    if (wanted && (!sentinel || sentinel.released)) void request();
  };

  return {
    hold() {
      if (wanted) return;
      wanted = true;
      document.addEventListener('visibilitychange', onVisibility);
      void request();
    },
    release() {
      wanted = false;
      document.removeEventListener('visibilitychange', onVisibility);
      void sentinel?.release();
      sentinel = undefined;
    },
  };
}
