/**
 * NTP-style clock offset against the relay. Each exchange gives four timestamps: t0 client send,
 * t1 server receive, t2 server send, t3 client receive. With symmetric paths,
 * offset = ((t1 - t0) + (t2 - t3)) / 2 and round trip = (t3 - t0) - (t2 - t1). Asymmetry errs by
 * at most half the round trip, so the samples with the lowest round trip are the ones to trust.
 */

export interface ClockSample {
  readonly t0: number;
  readonly t1: number;
  readonly t2: number;
  readonly t3: number;
}

export interface OffsetEstimate {
  /** Add to the local clock to get server time. */
  readonly offsetMs: number;
  /** The largest round trip among the samples used: the offset is good to within half of it. */
  readonly rttMs: number;
  readonly samples: number;
}

export const sampleOffset = (s: ClockSample): number => (s.t1 - s.t0 + (s.t2 - s.t3)) / 2;
export const sampleRtt = (s: ClockSample): number => s.t3 - s.t0 - (s.t2 - s.t1);

/** At most this many low-round-trip samples are combined (their median offset, against outliers). */
export const BEST_OF = 3;

/**
 * Estimates the offset from samples (any order): the median offset of the lowest-round-trip
 * samples, taking only those whose round trip is close to the best one (a delay spike on one leg
 * skews a sample by half the spike, so such samples are left out).
 */
export function estimateOffset(samples: readonly ClockSample[]): OffsetEstimate | null {
  const valid = samples.filter((s) => [s.t0, s.t1, s.t2, s.t3].every(Number.isFinite) && sampleRtt(s) >= 0);
  if (valid.length === 0) return null;
  const sorted = [...valid].sort((a, b) => sampleRtt(a) - sampleRtt(b) || sampleOffset(a) - sampleOffset(b));
  const minRtt = sampleRtt(sorted[0]!);
  const close = sorted.filter((s) => sampleRtt(s) <= minRtt + Math.max(2, minRtt / 2)).slice(0, BEST_OF);
  const offsets = close.map(sampleOffset).sort((a, b) => a - b);
  return { offsetMs: offsets[(offsets.length - 1) >> 1]!, rttMs: sampleRtt(close.at(-1)!), samples: valid.length };
}

/** Keeps the most recent samples (a window), so a changed network path is picked up. */
export function addSample(window: readonly ClockSample[], sample: ClockSample, size = 16): ClockSample[] {
  return [...window, sample].slice(-size);
}
