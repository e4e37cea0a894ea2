/**
 * Soundscapes that breathe with the pacer, synthesised in Web Audio: 'ocean' (low-passed brown
 * noise), 'wind' (band-passed noise) and 'drone' (three soft detuned tones). Each swells over an
 * inhale, settles over an exhale and stays level on a hold: at every boundary its gain and filter
 * are pinned to where they stand (setValueAtTime at the boundary's context time) and ramp linearly
 * to the phase's target by the next boundary.
 */
import type { PhaseKind } from '../core/pattern.ts';
import type { AudioLike } from './context.ts';

export const SOUNDSCAPES = ['none', 'ocean', 'wind', 'drone'] as const;
export type SoundscapeName = (typeof SOUNDSCAPES)[number];

/** The soundscape by its stored name; an unknown name is none. */
export const soundscapeName = (name: string | undefined): SoundscapeName =>
  (SOUNDSCAPES as readonly (string | undefined)[]).includes(name) ? (name as SoundscapeName) : 'none';

interface Shape {
  /** Gain when breathed out and breathed in. */
  readonly gain: readonly [number, number];
  /** Filter frequency (Hz) when breathed out and breathed in. */
  readonly frequency: readonly [number, number];
  readonly filter: BiquadFilterType;
  readonly q: number;
}

const SHAPES: Record<Exclude<SoundscapeName, 'none'>, Shape> = {
  ocean: { gain: [0.25, 0.9], frequency: [350, 1400], filter: 'lowpass', q: 0.7 },
  wind: { gain: [0.2, 0.7], frequency: [450, 1100], filter: 'bandpass', q: 0.9 },
  drone: { gain: [0.35, 0.6], frequency: [280, 900], filter: 'lowpass', q: 0.5 },
};

/** A soundscape playing: follow() a boundary, then stop() it (a pause) or fade() it out (the end). */
export interface Soundscape {
  /** Schedules the swell or settle of phase `kind` from context time `at` to `until`. */
  follow(kind: PhaseKind, at: number, until: number): void;
  /** Silences it at once and cancels every ramp. */
  stop(): void;
  /** Lets it die away over a few seconds from context time `at`. */
  fade(at: number): void;
  /** Keeps the level it has at context time `at` and drops every ramp after it (the schedule is being made again). */
  hold(at: number): void;
}

/** Starts soundscape `name` into `out`, fading in from now; the level rests at breathed-out until the first boundary. */
export function startSoundscape(ctx: AudioLike, out: AudioNode, name: Exclude<SoundscapeName, 'none'>): Soundscape {
  const shape = SHAPES[name];
  const filter = ctx.createBiquadFilter();
  const gain = ctx.createGain();
  filter.type = shape.filter;
  filter.Q.value = shape.q;
  const now = ctx.currentTime;
  filter.frequency.setValueAtTime(shape.frequency[0], now);
  gain.gain.setValueAtTime(0, now);
  gain.gain.linearRampToValueAtTime(shape.gain[0], now + 1);
  filter.connect(gain).connect(out);
  const sources = name === 'drone' ? droneSources(ctx, filter) : [noiseSource(ctx, filter, name === 'ocean' ? 'brown' : 'pink')];
  for (const s of sources) s.start(now);
  // Where the breath stands: 0 breathed out, 1 breathed in (the target of the last ramp).
  let level = 0;
  const value = (range: readonly [number, number], l: number) => range[0] + (range[1] - range[0]) * l;

  return {
    follow(kind, at, until) {
      const from = level;
      if (kind === 'inhale') level = 1;
      else if (kind === 'exhale') level = 0;
      for (const [param, range] of [
        [gain.gain, shape.gain],
        [filter.frequency, shape.frequency],
      ] as const) {
        param.setValueAtTime(value(range, from), at);
        if (level !== from) param.linearRampToValueAtTime(value(range, level), until);
      }
    },
    stop() {
      const t = ctx.currentTime;
      gain.gain.cancelScheduledValues(0);
      filter.frequency.cancelScheduledValues(0);
      gain.gain.setTargetAtTime(0, t, 0.05);
      for (const s of sources) s.stop(t + 0.3);
    },
    fade(at) {
      // Held, not cancelled: the last phase's settle ends exactly at `at`, and cancelling would drop it.
      gain.gain.cancelAndHoldAtTime(at);
      gain.gain.setTargetAtTime(0, at, 1);
      for (const s of sources) s.stop(at + 6);
    },
    hold(at) {
      gain.gain.cancelAndHoldAtTime(at);
      filter.frequency.cancelAndHoldAtTime(at);
    },
  };
}

/** Four seconds of looped noise: brown (integrated, deep like surf) or pink-ish (a softer hiss for wind). */
function noiseSource(ctx: AudioLike, out: AudioNode, colour: 'brown' | 'pink'): AudioBufferSourceNode {
  const length = ctx.sampleRate * 4;
  const buffer = ctx.createBuffer(1, length, ctx.sampleRate);
  const data = buffer.getChannelData(0);
  let last = 0;
  for (let i = 0; i < length; i++) {
    const white = Math.random() * 2 - 1;
    last = colour === 'brown' ? (last + 0.02 * white) / 1.02 : 0.9 * last + 0.1 * white;
    data[i] = last * (colour === 'brown' ? 3.5 : 2.5);
  }
  const source = ctx.createBufferSource();
  source.buffer = buffer;
  source.loop = true;
  source.connect(out);
  return source;
}

function droneSources(ctx: AudioLike, out: AudioNode): OscillatorNode[] {
  return [
    [110, 0.18],
    [110.6, 0.14],
    [165, 0.08],
  ].map(([hz, level]) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'triangle';
    osc.frequency.value = hz!;
    gain.gain.value = level!;
    osc.connect(gain).connect(out);
    return osc;
  });
}
