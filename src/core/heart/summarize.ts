/** A session's heart as the journal keeps it: the figures over the whole session and its raw RR. */
import { artefactFlagsIn, beatIndexRange } from './artefacts.ts';
import { type Beat, type HeartSourceKind, type HeartSummary, MAX_RR_KEPT, type ResonanceStep } from './beat.ts';
import { COHERENCE_STEP_MS, COHERENCE_WINDOW_MS, heartCoherence } from './coherence.ts';
import { meanBpmOf, rmssdOf } from './hrv.ts';
import { pickResonance } from './resonance.ts';

/**
 * The summary of the beats with fromMs < at ≤ toMs. Coherence is taken over windows ending every
 * COHERENCE_STEP_MS from fromMs + COHERENCE_WINDOW_MS on, as the live figure was; mean and peak of
 * those with a figure, null without one (a session under 64 s). With resonance-finder steps, the
 * chosen rate is pickResonance's. Null when no beat in the range is clean.
 */
export function summarizeHeart(
  source: HeartSourceKind,
  beats: readonly Beat[],
  fromMs: number,
  toMs: number,
  resonance?: readonly ResonanceStep[],
): HeartSummary | null {
  const [lo, hi] = beatIndexRange(beats, fromMs, toMs);
  const inRange = beats.slice(lo, hi);
  const kept = artefactFlagsIn(beats, lo, hi);
  const meanBpm = meanBpmOf(inRange, kept);
  if (meanBpm === null) return null;
  let sum = 0;
  let n = 0;
  let peak: number | null = null;
  for (let at = fromMs + COHERENCE_WINDOW_MS; at <= toMs; at += COHERENCE_STEP_MS) {
    const c = heartCoherence(beats, at);
    if (c === null) continue;
    sum += c.score;
    n++;
    peak = peak === null ? c.score : Math.max(peak, c.score);
  }
  const beatsKept = kept.filter(Boolean).length;
  const rr = inRange.slice(Math.max(0, inRange.length - MAX_RR_KEPT)).map((b) => b.rrMs);
  return {
    source,
    meanBpm,
    rmssdMs: rmssdOf(inRange, kept),
    coherence: n === 0 ? null : sum / n,
    peakCoherence: peak,
    beats: beatsKept,
    rejected: inRange.length - beatsKept,
    ...(resonance && resonance.length > 0 ? { resonance: { steps: [...resonance], chosenRate: pickResonance(resonance) } } : {}),
    rr,
  };
}
