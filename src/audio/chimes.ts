/**
 * The chimes that mark each phase change, synthesised: 'tones' (the original short sweeps: rising
 * in, falling out, level on holds), 'bowl' (a singing bowl: inharmonic partials, long decays) and
 * 'bell' (a small bell: a hum, a minor-third partial, quick bright decays). Every partial of a
 * chime starts at the same context time, the boundary's.
 */
import type { PhaseKind } from '../core/pattern.ts';
import type { AudioLike } from './context.ts';

export const CHIME_SETS = ['tones', 'bowl', 'bell'] as const;
export type ChimeSet = (typeof CHIME_SETS)[number];
export type ChimeKind = PhaseKind | 'end';

interface Partial {
  /** Multiple of the chime's pitch. */
  readonly ratio: number;
  readonly gain: number;
  /** Seconds to fall to silence. */
  readonly decay: number;
}

interface ChimeVoice {
  readonly pitch: Record<ChimeKind, number>;
  readonly attack: number;
  readonly partials: readonly Partial[];
}

// The original tones: start and end pitch per kind, handled on their own below.
const SWEEP: Record<ChimeKind, [number, number]> = {
  inhale: [392, 523],
  exhale: [523, 392],
  hold: [440, 440],
  rest: [349, 349],
  end: [659, 659],
};

const VOICES: Record<Exclude<ChimeSet, 'tones'>, ChimeVoice> = {
  // Measured bowl partials sit near 1 : 2.7 : 5.2 : 8.5.
  bowl: {
    pitch: { inhale: 196, hold: 220, exhale: 165, rest: 147, end: 262 },
    attack: 0.02,
    partials: [
      { ratio: 1, gain: 0.16, decay: 4.5 },
      { ratio: 2.71, gain: 0.08, decay: 3 },
      { ratio: 5.15, gain: 0.04, decay: 1.8 },
      { ratio: 8.43, gain: 0.02, decay: 1 },
    ],
  },
  bell: {
    pitch: { inhale: 523, hold: 587, exhale: 440, rest: 392, end: 659 },
    attack: 0.004,
    partials: [
      { ratio: 0.5, gain: 0.06, decay: 2.4 },
      { ratio: 1, gain: 0.12, decay: 1.8 },
      { ratio: 1.19, gain: 0.05, decay: 1.2 },
      { ratio: 1.5, gain: 0.04, decay: 0.9 },
      { ratio: 2, gain: 0.04, decay: 0.7 },
      { ratio: 2.74, gain: 0.02, decay: 0.4 },
    ],
  },
};

/** The chime set by its stored name; an unknown name gets the original tones. */
export const chimeSet = (name: string): ChimeSet => ((CHIME_SETS as readonly string[]).includes(name) ? (name as ChimeSet) : 'tones');

/** Sources of one chime, so a pause can silence them. */
export type ChimeSources = readonly AudioScheduledSourceNode[];

/** Plays one chime of `set` for `kind` into `out`, starting at context time `at`. */
export function playChime(ctx: AudioLike, out: AudioNode, set: ChimeSet, kind: ChimeKind, at: number): ChimeSources {
  if (set === 'tones') {
    const [from, to] = SWEEP[kind];
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(from, at);
    osc.frequency.linearRampToValueAtTime(to, at + 0.35);
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(0.18, at + 0.03);
    gain.gain.exponentialRampToValueAtTime(0.001, at + 0.45);
    osc.connect(gain).connect(out);
    osc.start(at);
    osc.stop(at + 0.5);
    return [osc];
  }
  const voice = VOICES[set];
  const pitch = voice.pitch[kind];
  const length = kind === 'end' ? 1.6 : 1;
  return voice.partials.map((p) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(pitch * p.ratio, at);
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(p.gain, at + voice.attack);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + p.decay * length);
    osc.connect(gain).connect(out);
    osc.start(at);
    osc.stop(at + p.decay * length + 0.05);
    return osc;
  });
}
