/**
 * The heart's data as every part of the app shares it: beats from a source (a Bluetooth strap or
 * the camera), the figures computed from them, and what a session keeps in the journal. Pure types
 * and limits; the maths lives beside (artefacts.ts, hrv.ts, coherence.ts, resonance.ts).
 */

/** One heartbeat: the interval since the beat before (RR, in ms) and when this beat came (epoch ms, the page's clock). */
export interface Beat {
  readonly at: number;
  readonly rrMs: number;
}

/** Where beats come from: a chest strap (Bluetooth Heart Rate Service) or a fingertip on the camera. */
export type HeartSourceKind = 'strap' | 'camera';

/** RR intervals outside this range are not heartbeats at any human rate (30-220 bpm). */
export const MIN_RR_MS = 273;
export const MAX_RR_MS = 2000;

/** The live coherence figure: HeartMath's coherence ratio and where its peak lies (coherence.ts says how). */
export interface HeartCoherence {
  /** Peak power / (total power − peak power), over the last window. */
  readonly ratio: number;
  /** The ratio on the 0-100 scale the app shows (coherence.ts documents the mapping). */
  readonly score: number;
  /** The frequency of the peak in 0.04-0.26 Hz, in Hz (0.1 Hz is 6 breaths a minute). */
  readonly peakHz: number;
}

/** What the live display shows; each figure is null until there are beats enough for it. */
export interface HeartReading {
  readonly bpm: number | null;
  readonly rmssdMs: number | null;
  readonly coherence: HeartCoherence | null;
}

/** One rate of the resonance finder and the heart-rate oscillation measured at it. */
export interface ResonanceStep {
  /** Breaths a minute. */
  readonly rate: number;
  /** Mean peak-to-trough heart-rate swing per breath, in bpm. */
  readonly amplitudeBpm: number;
  /** The mean coherence score over the step, or null without one. */
  readonly coherence: number | null;
}

/** A session's heart, as the journal keeps it (encrypted like the rest of the entry). */
export interface HeartSummary {
  readonly source: HeartSourceKind;
  readonly meanBpm: number;
  readonly rmssdMs: number | null;
  /** Mean coherence score (0-100) over the session's windows, null when the session was too short for one. */
  readonly coherence: number | null;
  /** The highest coherence score of any window. */
  readonly peakCoherence: number | null;
  /** Beats kept and beats rejected as artefacts. */
  readonly beats: number;
  readonly rejected: number;
  /** For a resonance-finder session: every rate tried and the one chosen (breaths a minute). */
  readonly resonance?: { readonly steps: readonly ResonanceStep[]; readonly chosenRate: number };
  /** The raw RR intervals (ms, in order, artefacts included), kept on the device only. */
  readonly rr: readonly number[];
}

/** At most this many RR intervals are kept with one session (over 3 hours at 60 bpm); the rest is dropped from the start. */
export const MAX_RR_KEPT = 12_000;
