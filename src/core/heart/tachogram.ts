/**
 * The tachogram: kept beats as a value against time (RR or instantaneous heart rate at each beat),
 * resampled evenly for spectra and per-breath measures. Linear interpolation, documented choice:
 * beats come about once a second and the oscillations measured are 0.04-0.26 Hz, where linear and
 * cubic interpolation differ by well under 1 % in power, and linear cannot overshoot across the gap
 * a rejected beat leaves.
 */
import { artefactFlagsIn, beatIndexRange } from './artefacts.ts';
import type { Beat } from './beat.ts';

/** Kept beats of a window, as points in time order. */
export interface Tachogram {
  /** Mid-interval times (ms), strictly increasing. */
  readonly t: readonly number[];
  readonly v: readonly number[];
  /** Kept beats with fromMs < at ≤ toMs. */
  readonly beats: number;
  /** The fraction of [fromMs, toMs] covered by the intervals of kept beats. */
  readonly coverage: number;
}

/**
 * The tachogram of (fromMs, toMs]: each kept beat's value placed at the middle of its interval
 * (at − rrMs/2), since an RR is the heart's period over that interval (placed at its end it would
 * read half a beat late, some 15° of a 10 s breath); plus the last kept beat before the window as
 * an anchor so the series starts where the window does.
 */
export function tachogram(beats: readonly Beat[], fromMs: number, toMs: number, value: (beat: Beat) => number): Tachogram {
  const [lo, hi] = beatIndexRange(beats, fromMs, toMs);
  const start = Math.max(0, lo - 1);
  const flags = artefactFlagsIn(beats, start, hi);
  const t: number[] = [];
  const v: number[] = [];
  let count = 0;
  let covered = 0;
  for (let i = start; i < hi; i++) {
    if (!flags[i - start]) continue;
    const b = beats[i]!;
    // Two beats dated alike (a source's clock, a packet) would divide by zero: the later one stands.
    const mid = b.at - b.rrMs / 2;
    if (t.length > 0 && mid <= t[t.length - 1]!) {
      t.pop();
      v.pop();
    }
    t.push(mid);
    v.push(value(b));
    if (i >= lo) {
      count++;
      covered += Math.max(0, b.at - Math.max(fromMs, b.at - b.rrMs));
    }
  }
  return { t, v, beats: count, coverage: toMs > fromMs ? Math.min(1, covered / (toMs - fromMs)) : 0 };
}

/** The series at t0 + j·dt for j < out.length, linearly interpolated, held flat before its first point and after its last. */
export function resample(series: Tachogram, t0: number, dt: number, out: Float64Array): Float64Array {
  const { t, v } = series;
  if (t.length === 0) return out.fill(0);
  let k = 0;
  for (let j = 0; j < out.length; j++) {
    const x = t0 + j * dt;
    while (k < t.length - 1 && t[k + 1]! <= x) k++;
    if (x <= t[0]!) out[j] = v[0]!;
    else if (k >= t.length - 1) out[j] = v[t.length - 1]!;
    else {
      const f = (x - t[k]!) / (t[k + 1]! - t[k]!);
      out[j] = v[k]! + f * (v[k + 1]! - v[k]!);
    }
  }
  return out;
}
