/**
 * The resonance check: how far heart rate swings with each breath at a given breathing rate, and
 * whether it swings with the breath. At a person's resonance frequency (usually 4.5-6.5 breaths a
 * minute) the swing is largest and heart rate rises through the inhale and falls through the
 * exhale, in phase with breathing (0°). Lehrer PM, Vaschillo E, Vaschillo B, "Resonant frequency
 * biofeedback training to increase cardiac variability: rationale and manual for training", Appl
 * Psychophysiol Biofeedback 2000;25(3):177-191; Vaschillo E, Lehrer P, Rishe N, Konstantinov M,
 * "Heart rate variability biofeedback as a method for assessing baroreflex function", Appl
 * Psychophysiol Biofeedback 2002;27(1):1-27 (heart rate and breathing 0° apart at resonance).
 */
import type { Beat, ResonanceStep } from './beat.ts';
import { MIN_COVERAGE } from './coherence.ts';
import { resample, tachogram } from './tachogram.ts';

const SAMPLE_MS = 250;
/** Below this amplitude (bpm) of the breath-rate component there is no swing to time: the phase is null. */
export const MIN_PHASE_AMPLITUDE_BPM = 0.1;
/** Amplitudes this close (bpm) are a tie for pickResonance: a two-minute step cannot tell them apart. */
export const TIE_BPM = 0.1;

const instantBpm = (b: Beat) => 60_000 / b.rrMs;

/**
 * Heart-rate oscillation while breathing at `breathsPerMinute` over [fromMs, toMs], fromMs being an
 * inhale onset. amplitudeBpm: per whole breath cycle, the largest minus the smallest instantaneous
 * heart rate (kept beats, linearly interpolated at 4 Hz), averaged over the cycles at least
 * MIN_COVERAGE covered by kept beats. phaseDeg: how far heart rate's component at the breathing
 * frequency (a single-bin DFT over the whole cycles) lags a reference that is lowest at each inhale
 * onset and highest half a breath later, in (−180, 180]; 0 when heart rate rises through the inhale,
 * 180 when it falls; null when that component is under MIN_PHASE_AMPLITUDE_BPM. Null without one
 * covered whole cycle.
 */
export function hrOscillation(
  beats: readonly Beat[],
  breathsPerMinute: number,
  fromMs: number,
  toMs: number,
): { amplitudeBpm: number; phaseDeg: number | null } | null {
  if (!(breathsPerMinute > 0) || !(toMs > fromMs)) return null;
  const periodMs = 60_000 / breathsPerMinute;
  // A span of exactly n breaths counts n, though at epoch times it may fall a hair short in floating point.
  const cycles = Math.floor((toMs - fromMs) / periodMs + 1e-6);
  if (cycles < 1) return null;
  const endMs = fromMs + cycles * periodMs;
  const series = tachogram(beats, fromMs, endMs, instantBpm);
  if (series.t.length < 2) return null;
  const hr = resample(series, fromMs + SAMPLE_MS / 2, SAMPLE_MS, new Float64Array(Math.floor((endMs - fromMs) / SAMPLE_MS)));

  let swing = 0;
  let counted = 0;
  for (let c = 0; c < cycles; c++) {
    const a = fromMs + c * periodMs;
    if (tachogram(beats, a, a + periodMs, instantBpm).coverage < MIN_COVERAGE) continue;
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const first = Math.ceil((a - fromMs - SAMPLE_MS / 2) / SAMPLE_MS);
    const last = Math.min(hr.length, Math.ceil((a + periodMs - fromMs - SAMPLE_MS / 2) / SAMPLE_MS));
    for (let j = Math.max(0, first); j < last; j++) {
      lo = Math.min(lo, hr[j]!);
      hi = Math.max(hi, hr[j]!);
    }
    if (hi < lo) continue;
    swing += hi - lo;
    counted++;
  }
  if (counted === 0) return null;

  let mean = 0;
  for (const x of hr) mean += x;
  mean /= hr.length;
  const w = (2 * Math.PI) / periodMs;
  let xr = 0;
  let xi = 0;
  for (let j = 0; j < hr.length; j++) {
    const tau = (j + 0.5) * SAMPLE_MS;
    xr += (hr[j]! - mean) * Math.cos(w * tau);
    xi -= (hr[j]! - mean) * Math.sin(w * tau);
  }
  // HR ≈ mean − A·cos(ωτ − φ) gives X ≈ −(A·n/2)·e^{−iφ}: φ, the lag, is −arg(−X).
  const amplitude = (2 * Math.hypot(xr, xi)) / hr.length;
  let phaseDeg: number | null = null;
  if (amplitude >= MIN_PHASE_AMPLITUDE_BPM) {
    phaseDeg = (-Math.atan2(-xi, -xr) * 180) / Math.PI;
    if (phaseDeg <= -180) phaseDeg += 360;
  }
  return { amplitudeBpm: swing / counted, phaseDeg };
}

/** pickResonance was given no step. */
export class NoResonanceStepsError extends Error {
  override readonly name = 'NoResonanceStepsError';
  constructor() {
    super('pickResonance: no steps');
  }
}

/**
 * The resonance rate: the step with the largest heart-rate swing. Swings within TIE_BPM of the
 * largest tie; a tie goes to the higher mean coherence (a single clean peak is the other sign of
 * resonance, Lehrer et al. 2000), then to the slower rate, so the choice does not depend on the
 * order the rates were tried in. Steps without a finite swing are skipped; throws
 * NoResonanceStepsError when none is left.
 */
export function pickResonance(steps: readonly ResonanceStep[]): number {
  const measured = steps.filter((s) => Number.isFinite(s.amplitudeBpm));
  if (measured.length === 0) throw new NoResonanceStepsError();
  let top = Number.NEGATIVE_INFINITY;
  for (const s of measured) top = Math.max(top, s.amplitudeBpm);
  let best: ResonanceStep | null = null;
  for (const s of measured) {
    if (s.amplitudeBpm < top - TIE_BPM) continue;
    if (
      best === null ||
      (s.coherence ?? -1) > (best.coherence ?? -1) ||
      ((s.coherence ?? -1) === (best.coherence ?? -1) && s.rate < best.rate)
    )
      best = s;
  }
  return best!.rate;
}
