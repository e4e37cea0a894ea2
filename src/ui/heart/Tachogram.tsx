/**
 * The tachogram: instantaneous heart rate (60 000 / RR) over the last minute, as a line that moves
 * with the session's clock (the guide's), so the heart's rise and fall reads beside the breath. With
 * prefers-reduced-motion it is redrawn only when a beat arrives, not every frame.
 */
import { createMemo, createSignal, onCleanup } from 'solid-js';
import type { Beat } from '../../core/heart/beat.ts';

/** How much of the past the line shows. */
export const TACHOGRAM_MS = 60_000;
const WIDTH = 120;
const HEIGHT = 32;
/** The vertical scale never spans less than this (bpm), so a steady heart draws a calm line, not noise blown up. */
const MIN_SPAN_BPM = 8;

/** The polyline's points for `beats` in the window ending at `nowMs` (exported for its test). */
export function tachogramPoints(beats: readonly Beat[], nowMs: number, windowMs = TACHOGRAM_MS): string {
  const from = nowMs - windowMs;
  // One beat before the window, so the line enters from the left edge.
  const first = beats.findIndex((b) => b.at >= from);
  const shown = first < 0 ? [] : beats.slice(Math.max(0, first - 1)).filter((b) => b.rrMs > 0);
  if (shown.length < 2) return '';
  const bpm = shown.map((b) => 60_000 / b.rrMs);
  let lo = Math.min(...bpm);
  let hi = Math.max(...bpm);
  if (hi - lo < MIN_SPAN_BPM) {
    const mid = (hi + lo) / 2;
    lo = mid - MIN_SPAN_BPM / 2;
    hi = mid + MIN_SPAN_BPM / 2;
  }
  return shown
    .map((b, i) => {
      const x = ((b.at - from) / windowMs) * WIDTH;
      const y = HEIGHT - 2 - ((bpm[i]! - lo) / (hi - lo)) * (HEIGHT - 4);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

/** Whether the person asked for less motion (read once per tachogram, and followed). */
function reducedMotion() {
  const query = typeof matchMedia === 'function' ? matchMedia('(prefers-reduced-motion: reduce)') : null;
  const [reduce, setReduce] = createSignal(query?.matches ?? false);
  const onChange = (e: MediaQueryListEvent) => setReduce(e.matches);
  query?.addEventListener('change', onChange);
  onCleanup(() => query?.removeEventListener('change', onChange));
  return reduce;
}

export function Tachogram(props: { beats: readonly Beat[]; now: number; label: string }) {
  const reduce = reducedMotion();
  const points = createMemo(() => {
    const last = props.beats.at(-1);
    // Reduced motion: the window ends at the last beat, so the line only changes when one arrives.
    const end = reduce() && last ? last.at : props.now;
    return tachogramPoints(props.beats, end);
  });
  return (
    <svg class="tachogram" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={props.label}>
      <polyline points={points()} fill="none" stroke="currentColor" stroke-width="1.5" vector-effect="non-scaling-stroke" />
    </svg>
  );
}
