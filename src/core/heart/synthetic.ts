/** Synthetic beat series with known answers, for the heart maths' tests and benches. */
import type { Beat } from './beat.ts';

/** Beats from startMs to endMs, each coming rrAt(t) after the one before, t being the middle of that interval (ms). */
export function beatsWith(rrAt: (tMs: number) => number, startMs: number, endMs: number): Beat[] {
  const beats: Beat[] = [];
  let t = startMs;
  for (;;) {
    let rrMs = rrAt(t);
    // rr = rrAt(t + rr/2) by fixed-point iteration: rrAt changes slowly against rr, so it settles at once.
    for (let k = 0; k < 4; k++) rrMs = rrAt(t + rrMs / 2);
    if (t + rrMs > endMs) return beats;
    t += rrMs;
    beats.push({ at: t, rrMs });
  }
}

/** RR swinging sinusoidally: meanMs ± ampMs at hz, as breathing at hz × 60 a minute makes it. */
export function sineRr(meanMs: number, ampMs: number, hz: number): (tMs: number) => number {
  return (t) => meanMs + ampMs * Math.sin((2 * Math.PI * hz * t) / 1000);
}

/** RR from a heart rate that is a function of time (bpm). */
export function fromBpm(bpmAt: (tMs: number) => number): (tMs: number) => number {
  return (t) => 60_000 / bpmAt(t);
}

/** Independent RRs, uniform in meanMs ± halfWidthMs: a rhythm with no structure (white noise). */
export function whiteRr(random: () => number, meanMs: number, halfWidthMs: number): () => number {
  return () => meanMs + (2 * random() - 1) * halfWidthMs;
}

/** The beats with an ectopic beat after beat `index`: a premature RR of `early` × the normal one, then the compensatory pause. */
export function withEctopic(beats: readonly Beat[], index: number, early = 0.65): Beat[] {
  const out = beats.slice();
  const a = beats[index + 1]!;
  const b = beats[index + 2]!;
  const short = a.rrMs * early;
  out[index + 1] = { at: a.at - a.rrMs + short, rrMs: short };
  out[index + 2] = { at: b.at, rrMs: a.rrMs + b.rrMs - short };
  return out;
}
