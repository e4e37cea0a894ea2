/**
 * The page clock on the audio clock. Sounds are scheduled in AudioContext time, boundaries come in
 * page-clock ms (performance.now()-based, see practice/clock.ts). getOutputTimestamp() pairs the
 * context time leaving the speaker with the performance.now() of that moment, so a sound placed
 * from it is heard at the boundary, output latency included; without it, currentTime is the best
 * there is. The pair jitters and the two clocks drift apart (tens of ppm: a second an hour at
 * worst), so the offset is re-read on every tick and the median of the last few readings is used.
 */

/** The slice of AudioContext the sound engine uses, so tests and the bench can hand in a fake. */
export type AudioLike = Pick<
  AudioContext,
  | 'currentTime'
  | 'destination'
  | 'sampleRate'
  | 'state'
  | 'resume'
  | 'createGain'
  | 'createOscillator'
  | 'createBiquadFilter'
  | 'createBuffer'
  | 'createBufferSource'
> &
  Partial<Pick<AudioContext, 'getOutputTimestamp'>>;

const READINGS = 9;

export interface ClockMap {
  /** Takes a fresh reading of the two clocks (call once per scheduler tick). */
  sample(): void;
  /** The context time (s) at which a sound is heard at page time `pageMs`. */
  toAudio(pageMs: number): number;
}

/**
 * Maps page-clock ms to context seconds for `ctx`. `pageNow` is the page clock and `perfNow` the
 * performance.now() it is built on (the page clock is performance.now() plus a fixed offset).
 */
export function createClockMap(ctx: AudioLike, pageNow: () => number, perfNow: () => number): ClockMap {
  // Each reading: context ms minus page ms at one instant.
  const readings: number[] = [];
  let offset = Number.NaN;
  const read = (): number => {
    const stamp = ctx.state === 'running' ? ctx.getOutputTimestamp?.() : undefined;
    const page = pageNow();
    // A context that has not yet rendered reports zeros.
    if (stamp?.contextTime && stamp.performanceTime) return stamp.contextTime * 1000 - (page - (perfNow() - stamp.performanceTime));
    return ctx.currentTime * 1000 - page;
  };
  const map: ClockMap = {
    sample() {
      readings.push(read());
      if (readings.length > READINGS) readings.shift();
      offset = median(readings);
    },
    toAudio(pageMs) {
      if (Number.isNaN(offset)) map.sample();
      return (pageMs + offset) / 1000;
    },
  };
  return map;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
