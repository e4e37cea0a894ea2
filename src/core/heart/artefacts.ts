/**
 * Artefact rejection: which beats are real sinus beats and which are a sensor's mistake or an
 * ectopic beat. Two rules, in this order:
 *
 * 1. An RR outside MIN_RR_MS..MAX_RR_MS (30-220 bpm) is not a heartbeat at any human rate.
 * 2. An RR further than MAX_DEVIATION (20 %) from the median of its local neighbourhood (the 11
 *    beats centred on it, rule-1 survivors only) is rejected. The 20 % threshold is Malik's
 *    criterion (Malik M, Farrell T, Cripps T, Camm AJ, "Heart rate variability in relation to
 *    prognosis after myocardial infarction: selection of optimal processing techniques", Eur Heart
 *    J 1989;10:1060-1074), which compares each RR with the one before; like Kubios HRV's
 *    threshold-based correction (Tarvainen et al., Kubios HRV user's guide: each RR against a
 *    median-filtered local average) we compare with a local median instead, so one bad beat
 *    cannot poison the reference of the next. An ectopic beat (a short RR, then the compensatory
 *    long one) fails on both of its intervals; a missed beat (a doubled RR) and a false extra beat
 *    (a split RR) fail too. Breathing's own swing passes: at 6 breaths a minute the 11 beats span
 *    about one breath, so the median sits mid-swing and only a sinus arrhythmia wider than ±20 % of
 *    the mean RR (say 57-93 bpm around 70) would be cut.
 *
 * Beats are in time order. A beat's verdict depends only on its 5 neighbours either side, so it is
 * the same in whatever window the beat is judged (see artefactFlagsIn).
 */
import { type Beat, MAX_RR_MS, MIN_RR_MS } from './beat.ts';

/** The neighbourhood is this many beats either side of the beat and the beat itself (11 beats). */
export const MEDIAN_HALF_WIDTH = 5;
/** A beat further than this fraction from its local median is rejected (Malik's 20 %). */
export const MAX_DEVIATION = 0.2;

function plausible(beat: Beat): boolean {
  return Number.isFinite(beat.at) && Number.isFinite(beat.rrMs) && beat.rrMs >= MIN_RR_MS && beat.rrMs <= MAX_RR_MS;
}

// Insertion into a sorted scratch of at most 11: a comparator sort per beat cost 20 times more.
const near = new Float64Array(2 * MEDIAN_HALF_WIDTH + 1);

function insertSorted(n: number, x: number): void {
  let k = n;
  while (k > 0 && near[k - 1]! > x) {
    near[k] = near[k - 1]!;
    k--;
  }
  near[k] = x;
}

/** For beats[lo..hi): whether each is kept (true) or an artefact, judged with its neighbours outside the range too. */
export function artefactFlagsIn(beats: readonly Beat[], lo: number, hi: number): boolean[] {
  const from = Math.max(0, lo - MEDIAN_HALF_WIDTH);
  const to = Math.min(beats.length, hi + MEDIAN_HALF_WIDTH);
  const ok: boolean[] = [];
  for (let i = from; i < to; i++) ok.push(plausible(beats[i]!));
  const flags: boolean[] = [];
  for (let i = lo; i < hi; i++) {
    if (!ok[i - from]) {
      flags.push(false);
      continue;
    }
    let n = 0;
    const a = Math.max(from, i - MEDIAN_HALF_WIDTH);
    const b = Math.min(to - 1, i + MEDIAN_HALF_WIDTH);
    for (let j = a; j <= b; j++) if (ok[j - from]) insertSorted(n++, beats[j]!.rrMs);
    const m = n % 2 === 1 ? near[n >> 1]! : (near[(n >> 1) - 1]! + near[n >> 1]!) / 2;
    flags.push(Math.abs(beats[i]!.rrMs - m) <= MAX_DEVIATION * m);
  }
  return flags;
}

/** For every beat: kept (true) or an artefact. */
export function artefactFlags(beats: readonly Beat[]): boolean[] {
  return artefactFlagsIn(beats, 0, beats.length);
}

/** The beats that are real heartbeats, and how many were rejected as artefacts. */
export function rejectArtefacts(beats: readonly Beat[]): { kept: Beat[]; rejected: number } {
  const flags = artefactFlags(beats);
  const kept = beats.filter((_, i) => flags[i]);
  return { kept, rejected: beats.length - kept.length };
}

/** The first index whose beat came after `t` (beats in time order). */
function firstAfter(beats: readonly Beat[], t: number): number {
  let lo = 0;
  let hi = beats.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (beats[mid]!.at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Indices [lo, hi) of the beats with fromMs < at ≤ toMs. Open at the start because a beat at
 * fromMs closes an interval that lies wholly before it.
 */
export function beatIndexRange(beats: readonly Beat[], fromMs: number, toMs: number): [number, number] {
  const lo = firstAfter(beats, fromMs);
  return [lo, Math.max(lo, firstAfter(beats, toMs))];
}
