/**
 * The relay's clock as seen from this page: NTP-style samples against /time (a burst on join, then
 * one a minute, a burst again when the page becomes visible or the network returns), and the
 * offset from the lowest round trips (src/core/clock-offset.ts).
 *
 * A burst taken while the page is busy (joining: parsing, the first sync, the first render) reads
 * its replies late, and a late read errs the offset by half the delay: a latecomer's guide was once
 * 293 ms out of step with everyone for a minute. So each sample takes the network's own send and
 * receive stamps where the browser gives them (Resource Timing), which no busy page delays. Where
 * it does not, or the path itself is slow, while the best round trip is above GOOD_RTT_MS,
 * another burst follows after 2 s, 4 s, 8 s, … up to the period; the window (the last 16 samples)
 * keeps the best of this burst and the one before. Back from sleep or on a new network the samples
 * start afresh: the page's clock re-anchors on waking (practice/clock.ts), so older ones are on
 * another footing.
 */
import { addSample, type ClockSample, estimateOffset, type OffsetEstimate } from '../core/clock-offset.ts';
import type { Clock } from '../shared/clock.ts';
import type { RoomEnv } from './env.ts';

/** The relay's clock, estimated from this page. */
export interface ServerClock {
  /** Server time now, in ms; the local clock until the first sample arrives. */
  now(): number;
  estimate(): OffsetEstimate | null;
  dispose(): void;
}

const BURST = 8;
const BURST_GAP_MS = 120;
const PERIOD_MS = 60_000;
/** A round trip under this leaves the offset good to 25 ms; above it, bursts follow until one is. */
export const GOOD_RTT_MS = 50;
const REFINE_FIRST_MS = 2_000;
/**
 * Samples taken on this page, for each one's own address: per page, not per clock, so a room opened
 * again never asks for an address an earlier clock used, whose timing entry could be found first.
 */
let sent = 0;

/** Starts sampling the relay's clock; `onChange` hears each new estimate. */
export function createServerClock(
  clock: Clock,
  env: Pick<RoomEnv, 'fetch' | 'networkTiming' | 'timeUrl' | 'watch'>,
  onChange: (estimate: OffsetEstimate) => void,
): ServerClock {
  let samples: ClockSample[] = [];
  let estimate: OffsetEstimate | null = null;
  let disposed = false;
  let refineMs = REFINE_FIRST_MS;
  let refineTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The sample with the network's own send and receive stamps where the browser gives them: a page
   * that reads the reply late then still measures the true round trip. Stamps outside the page's
   * own bracket (a clock re-anchored meanwhile) are not trusted.
   */
  async function onTheWire(page: ClockSample, url: string): Promise<ClockSample> {
    const timing = await env.networkTiming(url).catch(() => null);
    if (!timing) return page;
    const now = clock.now();
    const t0 = now - timing.sentAgoMs;
    const t3 = now - timing.receivedAgoMs;
    return t0 >= page.t0 - 1 && t3 <= page.t3 + 1 && t0 <= t3 ? { ...page, t0, t3 } : page;
  }

  async function sample(): Promise<void> {
    // Each sample's own address, so its timing entry is found without doubt.
    const url = `${env.timeUrl}?n=${++sent}`;
    const t0 = clock.now();
    const res = await env.fetch(url, { cache: 'no-store' });
    const { t1, t2 } = (await res.json()) as { t1: number; t2: number };
    const t3 = clock.now();
    samples = addSample(samples, await onTheWire({ t0, t1, t2, t3 }, url));
    estimate = estimateOffset(samples);
    if (estimate && !disposed) onChange(estimate);
  }

  async function burst(): Promise<void> {
    for (let i = 0; i < BURST && !disposed; i++) {
      // reason: offline or refused, a sample is simply missing; the last estimate stands.
      await sample().catch(() => undefined);
      await new Promise((r) => setTimeout(r, BURST_GAP_MS));
    }
    refine();
  }

  /** Another burst later while the estimate is poor (or missing), each wait twice the last. */
  function refine(): void {
    clearTimeout(refineTimer);
    if (disposed || (estimate && estimate.rttMs <= GOOD_RTT_MS) || refineMs > PERIOD_MS) return;
    refineTimer = setTimeout(() => void burst(), refineMs);
    refineMs *= 2;
  }

  // Back from sleep or on a new network, the path may have changed: refine afresh.
  const again = () => {
    samples = [];
    refineMs = REFINE_FIRST_MS;
    void burst();
  };
  const unwatch = env.watch({ visible: again, online: again });
  // reason: as in burst(), a failed periodic sample leaves the estimate as it was.
  const timer = setInterval(() => void sample().catch(() => undefined), PERIOD_MS);
  void burst();

  return {
    now: () => clock.now() + (estimate?.offsetMs ?? 0),
    estimate: () => estimate,
    dispose() {
      disposed = true;
      clearInterval(timer);
      clearTimeout(refineTimer);
      unwatch();
    },
  };
}
