import { describe, expect, it } from 'vitest';
import { seeded } from '../random.ts';
import type { Beat } from './beat.ts';
import { createPulseDetector } from './ppg.ts';

/** How far the red level dips at each pulse: a systolic fall and a dicrotic wave, ms after the beat's onset. */
const pulse = (ms: number) => Math.exp(-(((ms - 150) / (ms < 150 ? 60 : 150)) ** 2)) + 0.2 * Math.exp(-(((ms - 420) / 90) ** 2));

interface Signal {
  /** Beat onsets (ms). */
  readonly onsets: number[];
  readonly red: (t: number) => number;
}

/** A fingertip whose heart beats at `bpm`, its rate swinging ±`swing` bpm at 0.1 Hz. */
function fingertip(bpm: number, seconds: number, opts: { swing?: number; dip?: number; wander?: number } = {}): Signal {
  const { swing = 0, dip = 3, wander = 0 } = opts;
  const onsets: number[] = [];
  for (let t = 500; t < seconds * 1000; ) {
    onsets.push(t);
    t += 60_000 / (bpm + swing * Math.sin((2 * Math.PI * 0.1 * t) / 1000));
  }
  const red = (t: number) => {
    let dipNow = 0;
    for (const o of onsets) if (t >= o - 500 && t < o + 1000) dipNow += pulse(t - o);
    // Baseline wander: breathing (0.25 Hz) and a slow drift of pressure.
    return 200 - dip * dipNow + wander * (Math.sin(2 * Math.PI * 0.25 * (t / 1000)) + 0.5 * Math.sin(2 * Math.PI * 0.05 * (t / 1000)));
  };
  return { onsets, red };
}

/** Frames at ~30 fps with `jitterMs` of uneven timing, read through `red` plus white noise. */
function frames(signal: Signal, seconds: number, opts: { jitterMs?: number; noise?: number; seed?: number } = {}) {
  const rand = seeded(opts.seed ?? 1);
  const out: { at: number; red: number }[] = [];
  for (let t = 0; t < seconds * 1000; t += 1000 / 30) {
    const at = t + (rand() - 0.5) * 2 * (opts.jitterMs ?? 0);
    const gauss = Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
    out.push({ at: 1_700_000_000_000 + at, red: signal.red(at) + (opts.noise ?? 0) * gauss });
  }
  return out;
}

function run(samples: readonly { at: number; red: number }[]) {
  const detector = createPulseDetector();
  const beats: Beat[] = [];
  const qualities: number[] = [];
  for (const s of samples) {
    const beat = detector.push(s);
    if (beat) beats.push(beat);
    qualities.push(detector.quality());
  }
  return { beats, quality: detector.quality(), qualities };
}

/** Each measured RR against the true interval ending nearest its beat (the filter's delay taken out by the median lag). */
function errors(signal: Signal, beats: readonly Beat[]): number[] {
  const t0 = 1_700_000_000_000;
  const lags = beats.map((b) => {
    const t = b.at - t0;
    const next = signal.onsets.findLast((o) => o <= t) ?? 0;
    return t - next;
  });
  const lag = [...lags].sort((a, b) => a - b)[lags.length >> 1]!;
  return beats.map((b) => {
    const t = b.at - t0 - lag;
    const i = signal.onsets.reduce((best, o, k) => (Math.abs(o - t) < Math.abs(signal.onsets[best]! - t) ? k : best), 0);
    return b.rrMs - (signal.onsets[i]! - signal.onsets[i - 1]!);
  });
}

const rms = (xs: readonly number[]) => Math.sqrt(xs.reduce((s, x) => s + x * x, 0) / xs.length);

describe('createPulseDetector', () => {
  it('times a clean 72 bpm pulse train within 10 ms, every beat', () => {
    const signal = fingertip(72, 30);
    const { beats, quality } = run(frames(signal, 30, { noise: 0.02 }));
    // 36 onsets; the first ~3 s go to the filters settling and the first interval.
    expect(beats.length).toBeGreaterThanOrEqual(32);
    for (const b of beats) expect(Math.abs(b.rrMs - 60_000 / 72)).toBeLessThan(10);
    expect(quality).toBeGreaterThan(0.8);
  });

  it('follows a heart rate swinging ±6 bpm with noise and baseline wander: RR RMS error under 15 ms', () => {
    const signal = fingertip(72, 60, { swing: 6, wander: 4 });
    const { beats, quality } = run(frames(signal, 60, { noise: 0.3, seed: 7 }));
    expect(beats.length).toBeGreaterThanOrEqual(66);
    const e = errors(signal, beats);
    expect(rms(e)).toBeLessThan(15);
    expect(Math.max(...e.map(Math.abs))).toBeLessThan(40);
    expect(quality).toBeGreaterThan(0.6);
  });

  it('uses the frames timestamps: uneven frame timing (±12 ms) still gives RR within 15 ms', () => {
    for (const bpm of [55, 95, 140]) {
      const signal = fingertip(bpm, 40);
      const { beats } = run(frames(signal, 40, { jitterMs: 12, noise: 0.05, seed: bpm }));
      // All but the first ~4 s (the filters settling, then two intervals at a slow rate).
      expect(beats.length).toBeGreaterThan(((40 - 4.5) * bpm) / 60);
      for (const b of beats) expect(Math.abs(b.rrMs - 60_000 / bpm)).toBeLessThan(15);
    }
  });

  it('frames dropped in bursts (a busy page) cost beats, never a wrong interval', () => {
    const signal = fingertip(72, 60, { swing: 6 });
    const rand = seeded(5);
    let dropUntil = 0;
    const samples = frames(signal, 60, { jitterMs: 4, noise: 0.05, seed: 9 }).filter((s) => {
      if (s.at < dropUntil) return false;
      // About one stall a second, 60-250 ms long.
      if (rand() < 1 / 30) dropUntil = s.at + 60 + 190 * rand();
      return true;
    });
    expect(samples.length).toBeLessThan(1700);
    const { beats } = run(samples);
    const e = errors(signal, beats);
    expect(Math.max(...e.map(Math.abs))).toBeLessThan(10);
    // A stall a second is a page barely running: a beat in four still comes.
    expect(beats.length).toBeGreaterThan(15);
  });

  it('with no finger (a flat or dark frame) gives no beat and quality 0', () => {
    const flat = { onsets: [], red: () => 180 };
    const dark = { onsets: [], red: () => 8 };
    for (const signal of [flat, dark]) {
      const { beats, qualities } = run(frames(signal, 20, { noise: signal === dark ? 1 : 0.01, seed: 3 }));
      expect(beats).toEqual([]);
      expect(Math.max(...qualities)).toBe(0);
    }
  });

  it('a finger taken away mid-way: quality falls to 0 and no beat comes from the dark', () => {
    const signal = fingertip(72, 40);
    const samples = frames(signal, 40, { noise: 0.05 }).map((s, i) => (i > 600 ? { ...s, red: 10 } : s));
    const { beats, qualities } = run(samples);
    expect(qualities[590]).toBeGreaterThan(0.8);
    expect(qualities.at(-1)).toBe(0);
    expect(beats.every((b) => b.at < samples[601]!.at)).toBe(true);
  });

  it('a motion spike yields no wrong beat and drops quality, which comes back', () => {
    const signal = fingertip(72, 40);
    // The finger shifts at 15 s: the red level jumps by 40 for a fifth of a second.
    const samples = frames(signal, 40, { noise: 0.05 }).map((s, i) => (i >= 450 && i < 456 ? { ...s, red: s.red + 40 } : s));
    const { beats, qualities } = run(samples);
    for (const b of beats) expect(Math.abs(b.rrMs - 60_000 / 72)).toBeLessThan(10);
    expect(qualities[460]).toBe(0);
    expect(qualities.at(-1)).toBeGreaterThan(0.8);
    // Beats come again within 5 s of the spike (the filters settle, then two intervals).
    const after = beats.filter((b) => b.at > samples[456]!.at).map((b) => b.at - samples[456]!.at);
    expect(after[0]).toBeLessThan(5000);
    expect(beats.length).toBeGreaterThanOrEqual(48 - 10);
  });

  it('a step of pressure (the level moving for good) is not a beat either', () => {
    const signal = fingertip(72, 30);
    const samples = frames(signal, 30, { noise: 0.05 }).map((s, i) => (i >= 400 ? { ...s, red: s.red - 30 } : s));
    const { beats } = run(samples);
    for (const b of beats) expect(Math.abs(b.rrMs - 60_000 / 72)).toBeLessThan(10);
  });

  it('white noise with no pulse gives a low quality', () => {
    const flat = { onsets: [], red: () => 180 };
    const { qualities } = run(frames(flat, 30, { noise: 0.5, seed: 11 }));
    const late = qualities.slice(300);
    expect(late.reduce((a, b) => a + b, 0) / late.length).toBeLessThan(0.3);
  });

  it('ignores a frame out of order', () => {
    const detector = createPulseDetector();
    detector.push({ at: 1000, red: 200 });
    expect(detector.push({ at: 900, red: 150 })).toBeNull();
    expect(detector.quality()).toBe(0);
  });
});
