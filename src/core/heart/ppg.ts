/**
 * Heartbeats from a fingertip on the camera (photoplethysmography): one mean-red sample per video
 * frame in, a Beat out at each pulse. Streaming and pure; camera.ts feeds it.
 *
 * Pipeline, per sample:
 * 1. Gate: a red level under MIN_LEVEL is no finger (a dark or covered lens without torch); a jump
 *    between two frames far above the signal's usual step is motion. Either resets the filters to
 *    rest at the new level (so no step rings through them), forgets the last peak (no interval
 *    spans it) and blanks peaks for BLANK_MS.
 * 2. Resample onto a fixed FS_HZ grid by linear interpolation between the frames' own timestamps:
 *    the camera's ~30 fps is uneven and the rate is never assumed. Missing frames (a busy page
 *    skips them) leave a straight line: a peak made of one over SHORT_GAP_MS (GAP_BEFORE_MS, GAP_AFTER_MS) is not
 *    timed and gives no interval, no interval spans a gap over LONG_GAP_MS, and a gap over MAX_GAP_MS resets.
 * 3. Invert (blood fills the finger at each pulse and the red level dips) and band-pass
 *    0.7-3.5 Hz (42-210 bpm): a 2nd-order Butterworth high-pass and a 4th-order Butterworth
 *    low-pass, three biquads designed once for the fixed grid. This also takes out the baseline wander.
 * 4. Peaks: a local maximum above an adaptive threshold (THRESHOLD × the median height of the
 *    recent peaks, decaying while none comes), above ENVELOPE_SHARE of the signal's recent peak
 *    magnitude (which guards the first peaks) and above MIN_AMPLITUDE; within REFRACTORY_MS of a
 *    candidate only the higher one stays (the dicrotic notch, ripples), and once beats come, none
 *    within half the median interval of the last peak. Its time is refined by a
 *    parabola through the three samples round it.
 * 5. A beat is the interval between two successive peaks (RR), in MIN_RR_MS..MAX_RR_MS, from the
 *    second interval after a reset on. Its `at` is
 *    the peak's time, which lags the pulse's foot by the filter's delay (~0.2 s); intervals do not.
 *
 * quality(): 0 without a finger, after motion, or with no beat for a while; else the regularity of
 * the last intervals (median successive difference against the median interval) times how far the
 * pulse stands above MIN_AMPLITUDE.
 */
import { type Beat, MAX_RR_MS, MIN_RR_MS } from './beat.ts';

/** One video frame's reading: when it was captured (ms, the page's clock) and its mean red (0-255). */
export interface PpgSample {
  readonly at: number;
  readonly red: number;
}

/** A streaming pulse detector; push every frame in order of time. */
export interface PulseDetector {
  /** Takes one frame; returns the beat it completes, if any. */
  push(sample: PpgSample): Beat | null;
  /** Signal quality in [0, 1]: below 0.5, the person should hold still and cover the lens. */
  quality(): number;
}

/** The rate the signal is resampled to before filtering. */
export const FS_HZ = 50;
/** Below this mean red there is no lit fingertip on the lens. */
export const MIN_LEVEL = 40;
/** Peaks smaller than this (filtered red levels) are sensor noise, not a pulse. */
export const MIN_AMPLITUDE = 0.05;
/** Two peaks closer than this are one beat (200 bpm). */
export const REFRACTORY_MS = 300;
/** A peak counts above this share of the recent peaks' median height. */
const THRESHOLD = 0.5;
/** Frames further apart than this break the signal (a stalled camera). */
export const MAX_GAP_MS = 400;
/** One missing frame is common (requestVideoFrameCallback runs at the display's rate and skips a
 * frame whenever two come within one refresh) and interpolates well; more than this untimes a peak. */
const SHORT_GAP_MS = 100;
/** Frames missing for longer than this (a busy page) may hide a pulse: no interval spans them. */
const LONG_GAP_MS = 150;
/** A filtered peak is made of the frames up to this long before it (the filters' memory)… */
const GAP_BEFORE_MS = 300;
/** …and this long after (the parabola, the frames' interpolation): missing frames there untime it. */
const GAP_AFTER_MS = 50;
/** After motion or a gap, peaks are ignored for this long while the filters settle. */
export const BLANK_MS = 1500;
/** A peak counts only above this share of the band-passed signal's recent peak magnitude. */
const ENVELOPE_SHARE = 0.35;
/** That magnitude halves in 3 s without a larger one, so a weaker pulse is found again. */
const ENVELOPE_DECAY = 0.5 ** (1000 / FS_HZ / 3000);
/** A beat older than this makes quality 0. */
const STALE_MS = 2500;

const DT = 1000 / FS_HZ;

interface Biquad {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

/** RBJ cookbook biquad, normalised by a0. */
function biquad(kind: 'low' | 'high', hz: number, q: number): Biquad {
  const w = (2 * Math.PI * hz) / FS_HZ;
  const cos = Math.cos(w);
  const alpha = Math.sin(w) / (2 * q);
  const a0 = 1 + alpha;
  const b = kind === 'low' ? [(1 - cos) / 2, 1 - cos, (1 - cos) / 2] : [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
  return { b0: b[0]! / a0, b1: b[1]! / a0, b2: b[2]! / a0, a1: (-2 * cos) / a0, a2: (1 - alpha) / a0 };
}

// A 4th-order Butterworth low-pass is two sections, Q = 1 / (2 cos(π/8)) and 1 / (2 cos(3π/8)).
// The high-pass is 2nd order: a 4th-order one rings after each pulse at slow rates (a second
// peak ~425 ms after the first at 55 bpm).
const SECTIONS = [biquad('high', 0.7, Math.SQRT1_2), biquad('low', 3.5, 0.5411961), biquad('low', 3.5, 1.306563)];

const median = (values: readonly number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/** A pulse detector for one fingertip session (see the module's doc for the pipeline). */
export function createPulseDetector(): PulseDetector {
  // Direct form II transposed: two state values per section.
  const state = new Float64Array(SECTIONS.length * 2);
  let baseline = 0; // the input is filtered relative to this, so a reset is a filter at rest here
  let last: PpgSample | null = null;
  let gridAt = 0; // time of the next grid point
  const ys: number[] = [0, 0, 0]; // the last three band-passed values, oldest first
  let envelope = 0; // the band-passed signal's recent peak magnitude (held, halving every ENVELOPE_HALF_MS)
  let filled = 0;
  let level = 0; // the red level, smoothed over ~1 s
  let step = 0; // the usual frame-to-frame change, smoothed
  let blankUntil = Number.NEGATIVE_INFINITY;
  let lastMotionAt = Number.NEGATIVE_INFINITY;
  let candidate: { at: number; height: number; untimed: boolean } | null = null;
  let lastPeakAt: number | null = null;
  let frameMs = 1000 / 30; // the usual frame interval, smoothed
  const gaps: { from: number; to: number }[] = []; // the last few frame gaps
  let brokenAt = Number.NEGATIVE_INFINITY; // no interval spans a long gap before this
  let peaks = 0; // peaks since the last reset
  let lastBeatAt = Number.NEGATIVE_INFINITY;
  const heights: number[] = []; // the recent accepted peaks' heights
  const rrs: { at: number; rr: number }[] = [];
  let now = 0;

  const reset = (sample: PpgSample) => {
    state.fill(0);
    baseline = sample.red;
    filled = 0;
    envelope = 0;
    gridAt = sample.at;
    candidate = null;
    lastPeakAt = null;
    peaks = 0;
    blankUntil = sample.at + BLANK_MS;
  };

  const filter = (x: number): number => {
    let v = -(x - baseline);
    for (let i = 0; i < SECTIONS.length; i++) {
      const s = SECTIONS[i]!;
      const y = s.b0 * v + state[2 * i]!;
      state[2 * i] = s.b1 * v - s.a1 * y + state[2 * i + 1]!;
      state[2 * i + 1] = s.b2 * v - s.a2 * y;
      v = y;
    }
    return v;
  };

  const threshold = (at: number): number => {
    if (heights.length === 0) return Math.max(MIN_AMPLITUDE, ENVELOPE_SHARE * envelope);
    // Halves every 2 s without a beat, so a weaker pulse after a strong one is found again.
    const decay = 0.5 ** (Math.max(0, at - lastBeatAt - 2000) / 2000);
    // The envelope guards the first peaks, before there are heights to compare: a bump on a slow
    // rate's plateau is a small part of the pulse round it.
    return Math.max(MIN_AMPLITUDE, THRESHOLD * median(heights) * decay, ENVELOPE_SHARE * envelope);
  };

  // Half the usual interval once there is one, so a slow heart's dicrotic wave is never a beat.
  const refractory = () => (rrs.length < 3 ? REFRACTORY_MS : Math.max(REFRACTORY_MS, 0.5 * median(rrs.map((r) => r.rr))));

  /** Accepts the pending candidate as a peak; returns the beat it closes. */
  const confirm = (): Beat | null => {
    const peak = candidate!;
    candidate = null;
    if (peak.untimed) {
      lastPeakAt = null;
      return null;
    }
    heights.push(peak.height);
    if (heights.length > 8) heights.shift();
    const previous = lastPeakAt;
    lastPeakAt = peak.at;
    // The first peak after a reset is picked with no heights to compare (a bump on a slow rate's
    // plateau can pass), so the first interval is not trusted.
    if (++peaks < 3 || previous === null || previous < brokenAt) return null;
    const rrMs = peak.at - previous;
    if (rrMs < MIN_RR_MS || rrMs > MAX_RR_MS) return null;
    lastBeatAt = peak.at;
    rrs.push({ at: peak.at, rr: rrMs });
    if (rrs.length > 8) rrs.shift();
    return { at: peak.at, rrMs };
  };

  /** One grid point; returns a beat if a peak got confirmed. */
  const onGrid = (at: number, x: number): Beat | null => {
    ys[0] = ys[1]!;
    ys[1] = ys[2]!;
    ys[2] = filter(x);
    envelope = Math.max(Math.abs(ys[2]), envelope * ENVELOPE_DECAY);
    filled++;
    let beat: Beat | null = null;
    if (candidate && at - candidate.at > refractory()) beat = confirm();
    if (filled < 3 || at - DT < blankUntil) return beat;
    const [y0, y1, y2] = ys as [number, number, number];
    if (!(y1 > y0 && y1 >= y2) || y1 < threshold(at)) return beat;
    const curve = y0 - 2 * y1 + y2;
    const delta = curve < 0 ? (0.5 * (y0 - y2)) / curve : 0;
    const peakAt = at - DT + delta * DT;
    // A peak read across missing frames is a line's corner, not the pulse's: its time is unknown.
    const untimed = gaps.some((g) => g.to > peakAt - GAP_BEFORE_MS && g.from < peakAt + GAP_AFTER_MS);
    const peak = { at: peakAt, height: y1 - 0.25 * (y0 - y2) * delta, untimed };
    // Too soon after the last peak (a dicrotic wave at a slow rate): not a beat.
    if (lastPeakAt !== null && peak.at - lastPeakAt < refractory()) return beat;
    if (!candidate || peak.height > candidate.height) candidate = peak;
    return beat;
  };

  return {
    push(sample) {
      if (last && sample.at <= last.at) return null;
      now = sample.at;
      level = last ? level + 0.05 * (sample.red - level) : sample.red;
      const jump = last ? Math.abs(sample.red - last.red) : 0;
      const motion = last !== null && jump > Math.max(6 * step, 0.03 * level, 3);
      if (last && !motion) step += 0.05 * (jump - step);
      if (!last || motion || sample.at - last.at > MAX_GAP_MS || sample.red < MIN_LEVEL) {
        if (motion) lastMotionAt = sample.at;
        reset(sample);
        last = sample;
        return null;
      }
      const dt = sample.at - last.at;
      if (dt > Math.max(SHORT_GAP_MS, 2.5 * frameMs)) {
        gaps.push({ from: last.at, to: sample.at });
        if (gaps.length > 4) gaps.shift();
        // A long one may hide a whole pulse: no interval spans it.
        if (dt > LONG_GAP_MS) brokenAt = sample.at;
      } else frameMs += 0.1 * (dt - frameMs);
      let beat: Beat | null = null;
      for (; gridAt <= sample.at; gridAt += DT) {
        const x = last.red + ((sample.red - last.red) * (gridAt - last.at)) / (sample.at - last.at);
        beat = onGrid(gridAt, x) ?? beat;
      }
      last = sample;
      return beat;
    },
    quality() {
      if (!last || last.red < MIN_LEVEL || level < MIN_LEVEL) return 0;
      if (now - lastMotionAt < 2 * BLANK_MS || now - lastBeatAt > STALE_MS) return 0;
      const recent = rrs.filter((r) => now - r.at < 10_000).map((r) => r.rr);
      if (recent.length < 3) return 0;
      const diffs = recent.slice(1).map((rr, i) => Math.abs(rr - recent[i]!));
      const regularity = clamp01(1 - median(diffs) / median(recent) / 0.3);
      const strength = clamp01((median(heights) - MIN_AMPLITUDE) / (4 * MIN_AMPLITUDE));
      return regularity * strength;
    },
  };
}
