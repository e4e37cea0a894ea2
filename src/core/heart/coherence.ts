/**
 * Heart-rhythm coherence: HeartMath's coherence ratio over a sliding window of beats.
 *
 * Source: McCraty R, Atkinson M, Tomasino D, Bradley RT, "The coherent heart: heart-brain
 * interactions, psychophysiological coherence, and the emergence of system-wide order", Integral
 * Review 2009;5(2):10-115 (appendix on measuring coherence): find the highest peak of the HRV power
 * spectrum in 0.04-0.26 Hz; peak power is the integral over a 0.030 Hz wide window centred on it;
 * total power is the integral over 0.0033-0.4 Hz;
 *     coherence ratio = peak power / (total power − peak power).
 * (Some readers of the paper give this ratio squared; the ratio here is the unsquared one, as in
 * McCraty & Shaffer, Global Adv Health Med 2015;4(1):46-61, and the mapping below is monotone
 * either way.) HeartMath's knowledge base ("How is coherence determined by HeartMath programs?")
 * gives the window: the most recent 64 s of inter-beat intervals, interpolated every 500 ms (128
 * samples), the spectrum recomputed every 5 s (its glossary gives the coherent range as 0.04-0.24 Hz;
 * the paper's 0.26 is kept). HeartMath's own 0-16 score is proprietary; this is not it.
 *
 * Pipeline: the window's kept beats (artefacts.ts) → RR (ms) against beat time → linear
 * interpolation at 2 Hz, 128 samples (tachogram.ts) → least-squares linear detrend (mean and slow
 * drift, which would leak into the lowest bins) → Hann window → zero-padded to 1024 points
 * (0.00195 Hz bins, so the 0.030 Hz peak window spans 15 of them) → radix-2 FFT (fft.ts) → |X|².
 * The peak is the highest local maximum in 0.04-0.26 Hz (a Hann-leaked slope from below 0.04 Hz
 * is not a peak), the plain maximum when there is none.
 *
 * Score (0-100, shown): 100 × ratio / (1 + ratio), which is 100 × peak power / total power, the
 * share of the heart rhythm's power that sits in the one peak. A ratio of 1 (the peak holds as
 * much power as everything else) reads 50, 2 reads 67, 3 reads 75; broadband noise reads about
 * 10-25. A perfect sine reads 89, not 100: over 64 s the Hann window spreads one frequency over
 * ±0.031 Hz and the 0.030 Hz peak window holds 89 % of it. Bounded, monotone and never NaN;
 * rounded to whole points, as shown.
 *
 * No figure (null) when the window holds fewer than MIN_BEATS kept beats or its kept beats cover
 * under MIN_COVERAGE of it: a spectrum over gaps would measure the interpolation.
 */
import type { Beat, HeartCoherence } from './beat.ts';
import { realPowerSpectrum } from './fft.ts';
import { resample, tachogram } from './tachogram.ts';

/** The window each coherence figure looks back over (HeartMath: the most recent 64 s). */
export const COHERENCE_WINDOW_MS = 64_000;
/** How often a new figure is computed (HeartMath: every 5 s). */
export const COHERENCE_STEP_MS = 5_000;
/** At least this share of the window covered by kept beats. */
export const MIN_COVERAGE = 0.8;
/** At least this many kept beats in the window (64 s at 30 bpm is 32). */
export const MIN_BEATS = 30;

const SAMPLE_MS = 500;
const SAMPLES = COHERENCE_WINDOW_MS / SAMPLE_MS;
const FFT_SIZE = 1024;
const BIN_HZ = 1000 / SAMPLE_MS / FFT_SIZE;
const PEAK_LO = Math.ceil(0.04 / BIN_HZ);
const PEAK_HI = Math.floor(0.26 / BIN_HZ);
const HALF_PEAK_BINS = Math.floor(0.015 / BIN_HZ);
const TOTAL_LO = Math.ceil(0.0033 / BIN_HZ);
const TOTAL_HI = Math.floor(0.4 / BIN_HZ);

// Well below a 0.1 ms oscillation's power (about 10 in these units), well above rounding noise (1e-20).
const FLAT_POWER = 1e-6;

const hann = Float64Array.from({ length: SAMPLES }, (_, j) => 0.5 - 0.5 * Math.cos((2 * Math.PI * j) / (SAMPLES - 1)));
// Reused between calls: a figure every 5 s should not allocate 16 KB each time.
const samples = new Float64Array(SAMPLES);
const padded = new Float64Array(FFT_SIZE);
const power = new Float64Array(FFT_SIZE / 2 + 1);

/** Removes the least-squares line from x. */
function detrend(x: Float64Array): void {
  const n = x.length;
  const meanJ = (n - 1) / 2;
  let mean = 0;
  for (let j = 0; j < n; j++) mean += x[j]!;
  mean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let j = 0; j < n; j++) {
    sxy += (j - meanJ) * (x[j]! - mean);
    sxx += (j - meanJ) * (j - meanJ);
  }
  const slope = sxy / sxx;
  for (let j = 0; j < n; j++) x[j] = x[j]! - mean - slope * (j - meanJ);
}

function peakBin(): number {
  let best = -1;
  for (let k = PEAK_LO; k <= PEAK_HI; k++) {
    const p = power[k]!;
    if (p > power[k - 1]! && p >= power[k + 1]! && (best < 0 || p > power[best]!)) best = k;
  }
  if (best >= 0) return best;
  best = PEAK_LO;
  for (let k = PEAK_LO; k <= PEAK_HI; k++) if (power[k]! > power[best]!) best = k;
  return best;
}

/** The coherence of the COHERENCE_WINDOW_MS ending at atMs, or null without clean beats enough. */
export function heartCoherence(beats: readonly Beat[], atMs: number): HeartCoherence | null {
  const fromMs = atMs - COHERENCE_WINDOW_MS;
  const series = tachogram(beats, fromMs, atMs, (b) => b.rrMs);
  if (series.beats < MIN_BEATS || series.coverage < MIN_COVERAGE) return null;
  resample(series, fromMs + SAMPLE_MS, SAMPLE_MS, samples);
  detrend(samples);
  padded.fill(0);
  for (let j = 0; j < SAMPLES; j++) padded[j] = samples[j]! * hann[j]!;
  realPowerSpectrum(padded, power);
  const peak = peakBin();
  let peakPower = 0;
  for (let k = peak - HALF_PEAK_BINS; k <= peak + HALF_PEAK_BINS; k++) peakPower += power[k]!;
  let total = 0;
  for (let k = TOTAL_LO; k <= TOTAL_HI; k++) total += power[k]!;
  const peakHz = peak * BIN_HZ;
  // A flat rhythm (or a straight line) leaves only rounding noise: nothing coheres.
  if (!(total > FLAT_POWER) || !(peakPower > 0)) return { ratio: 0, score: 0, peakHz };
  const share = Math.min(1, peakPower / total);
  const ratio = share >= 1 ? Number.MAX_VALUE : peakPower / (total - peakPower);
  return { ratio, score: Math.round(100 * share), peakHz };
}
