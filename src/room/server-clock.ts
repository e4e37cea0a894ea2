/**
 * The relay's clock as seen from this page: NTP-style samples against /time (a burst on join, then
 * one a minute, a burst again when the page becomes visible), and the offset from the lowest
 * round trips (src/core/clock-offset.ts).
 */
import { addSample, estimateOffset, type ClockSample, type OffsetEstimate } from '../core/clock-offset.ts';
import type { Clock } from '../shared/clock.ts';

export interface ServerClock {
  /** Server time now, in ms; the local clock until the first sample arrives. */
  now(): number;
  estimate(): OffsetEstimate | null;
  dispose(): void;
}

const BURST = 8;
const BURST_GAP_MS = 120;
const PERIOD_MS = 60_000;

export function createServerClock(clock: Clock, onChange: (estimate: OffsetEstimate) => void, endpoint = '/time'): ServerClock {
  let samples: ClockSample[] = [];
  let estimate: OffsetEstimate | null = null;
  let disposed = false;

  async function sample(): Promise<void> {
    const t0 = clock.now();
    const res = await fetch(endpoint, { cache: 'no-store' });
    const { t1, t2 } = (await res.json()) as { t1: number; t2: number };
    const t3 = clock.now();
    samples = addSample(samples, { t0, t1, t2, t3 });
    estimate = estimateOffset(samples);
    if (estimate && !disposed) onChange(estimate);
  }

  async function burst(): Promise<void> {
    for (let i = 0; i < BURST && !disposed; i++) {
      // reason: offline or refused, a sample is simply missing; the last estimate stands.
      await sample().catch(() => undefined);
      await new Promise((r) => setTimeout(r, BURST_GAP_MS));
    }
  }

  const onVisible = () => document.visibilityState === 'visible' && void burst();
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('online', onVisible);
  // reason: as in burst(), a failed periodic sample leaves the estimate as it was.
  const timer = setInterval(() => void sample().catch(() => undefined), PERIOD_MS);
  void burst();

  return {
    now: () => clock.now() + (estimate?.offsetMs ?? 0),
    estimate: () => estimate,
    dispose() {
      disposed = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('online', onVisible);
    },
  };
}
