/** The live figures for the practice page, from the beats so far. */
import { artefactFlagsIn, beatIndexRange } from './artefacts.ts';
import type { Beat, HeartReading } from './beat.ts';
import { heartCoherence } from './coherence.ts';
import { meanBpmOf, rmssdOf } from './hrv.ts';

/** Heart rate is the mean over this much of the latest clean beats: steady enough to read, quick enough to follow a breath. */
export const BPM_WINDOW_MS = 10_000;
/** RMSSD is over this much (the usual ultra-short recording; 5 minutes is the standard one). */
export const RMSSD_WINDOW_MS = 60_000;

function window(beats: readonly Beat[], fromMs: number, toMs: number): { beats: readonly Beat[]; kept: boolean[] } {
  const [lo, hi] = beatIndexRange(beats, fromMs, toMs);
  return { beats: beats.slice(lo, hi), kept: artefactFlagsIn(beats, lo, hi) };
}

/** Heart rate over the last BPM_WINDOW_MS, RMSSD over the last RMSSD_WINDOW_MS and coherence over its window, all ending at atMs. */
export function heartReading(beats: readonly Beat[], atMs: number): HeartReading {
  const recent = window(beats, atMs - BPM_WINDOW_MS, atMs);
  const minute = window(beats, atMs - RMSSD_WINDOW_MS, atMs);
  return {
    bpm: meanBpmOf(recent.beats, recent.kept),
    rmssdMs: rmssdOf(minute.beats, minute.kept),
    coherence: heartCoherence(beats, atMs),
  };
}
