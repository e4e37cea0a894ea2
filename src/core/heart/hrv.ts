/**
 * Time-domain heart-rate variability: RMSSD and mean heart rate, over beats as a source gave them
 * (artefacts included: these functions judge them with artefacts.ts and use the kept ones).
 */
import { artefactFlags } from './artefacts.ts';
import type { Beat } from './beat.ts';

/**
 * Two neighbouring entries further apart in time than their RR by more than this are not
 * successive beats (a lost packet, a paused camera). Generous because a strap's RRs arrive in
 * packets about a second apart and a source may date them with that jitter.
 */
export const GAP_TOLERANCE_MS = 1500;

/** RMSSD over given verdicts: only differences between two successive kept beats count, never across a rejected beat or a gap. */
export function rmssdOf(beats: readonly Beat[], kept: readonly boolean[]): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 1; i < beats.length; i++) {
    if (!kept[i] || !kept[i - 1]) continue;
    const a = beats[i - 1]!;
    const b = beats[i]!;
    if (b.at - a.at > b.rrMs + GAP_TOLERANCE_MS) continue;
    const d = b.rrMs - a.rrMs;
    sum += d * d;
    n++;
  }
  return n === 0 ? null : Math.sqrt(sum / n);
}

/** Root mean square of successive RR differences (ms) of the kept beats; null without two successive kept beats. */
export function rmssd(beats: readonly Beat[]): number | null {
  return rmssdOf(beats, artefactFlags(beats));
}

/** Mean heart rate over given verdicts: 60 000 / the mean kept RR (the rate of the time span, not a mean of rates). */
export function meanBpmOf(beats: readonly Beat[], kept: readonly boolean[]): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < beats.length; i++) {
    if (!kept[i]) continue;
    sum += beats[i]!.rrMs;
    n++;
  }
  return n === 0 ? null : 60_000 / (sum / n);
}

/** Mean heart rate (bpm) of the kept beats; null when none is kept. */
export function meanBpm(beats: readonly Beat[]): number | null {
  return meanBpmOf(beats, artefactFlags(beats));
}
