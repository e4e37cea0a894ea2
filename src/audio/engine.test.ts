/**
 * The sound engine over simulated sessions, on fake timers, with a recording AudioContext whose
 * clock drifts from the page's, lags it by an output latency and reports jittery timestamps.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { boundaryMs, planSession } from '../core/pacer.ts';
import type { Pattern, PatternId } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import { createSoundEngine, type SoundSettings, type SoundWords } from './engine.ts';
import { createFakeAudio, type FakeAudioOptions } from './testing/fake-audio.ts';
import { createFakeSpeech } from './testing/fake-speech.ts';
import { SKIP_LATE_MS } from './voice.ts';

const box = PRESETS.find((p) => p.id === 'preset:box')!;
const T0 = 1_780_000_000_000;
const now = () => Date.now();

const SETTINGS: SoundSettings = {
  chimes: 'tones',
  soundscape: 'ocean',
  voice: false,
  voiceName: '',
  voiceRate: 1,
  voiceVolume: 1,
  chimeVolume: 0.8,
  ambienceVolume: 0.5,
  voiceCount: false,
};
const WORDS: SoundWords = {
  lang: 'en-GB',
  appName: 'Sacred Breathing',
  inhale: 'In',
  hold: 'Hold',
  exhale: 'Out',
  rest: 'Rest',
  count: (n: number) => String(n),
};

function setup(settings: Partial<SoundSettings> = {}, audio: Partial<FakeAudioOptions> = {}, speechLatency?: () => number) {
  const fake = createFakeAudio({
    pageNow: now,
    perfOffsetMs: T0 - 5_000,
    originMs: T0 - 2_000,
    driftPpm: 40,
    latencyMs: 25,
    jitterMs: 1,
    ...audio,
  });
  const speech = speechLatency ? createFakeSpeech({ now, latency: speechLatency }) : null;
  const engine = createSoundEngine({
    settings: () => ({ ...SETTINGS, ...settings }),
    words: () => WORDS,
    createContext: () => fake.ctx,
    speech: speech?.speech ?? null,
    perfNow: fake.perfNow,
  });
  engine.unlock();
  return { engine, fake, spoken: speech?.spoken ?? [] };
}

/** Boundaries of a session (page ms), first to last, the end excluded. */
function boundaries(pattern: Pattern, startMs: number, endMs: number): number[] {
  const out: number[] = [];
  for (let k = 0; boundaryMs(pattern, startMs, k) < endMs; k++) out.push(boundaryMs(pattern, startMs, k));
  return out;
}

/** Runs the timers to `untilMs`, the timer firing `lateMs` late each time. */
function runTo(untilMs: number, lateMs = 0) {
  while (now() < untilMs) {
    if (lateMs) vi.setSystemTime(now() + lateMs);
    vi.advanceTimersByTime(Math.min(50, Math.max(1, untilMs - now())));
  }
}

const chimeStarts = (fake: ReturnType<typeof createFakeAudio>) => fake.started.filter((s) => s.kind === 'oscillator');

beforeEach(() => vi.useFakeTimers({ now: T0 }));
afterEach(() => vi.useRealTimers());

describe('sound engine: chimes and soundscape', () => {
  // A ten-minute box session after a three-second preparation.
  const startMs = T0 + 3_000;
  const endMs = startMs + planSession({ ...box, length: { unit: 'minutes', value: 10 } }).durationMs;
  const expected = boundaries(box, startMs, endMs);

  it('chimes once at every boundary, at its audio time within 1.5 ms (the fake timestamps jitter by ±1 ms), and once at the end', () => {
    const { engine, fake } = setup();
    engine.start({ pattern: box, startMs, endMs }, now);
    runTo(endMs + 5_000);
    const starts = chimeStarts(fake);
    expect(expected.length).toBe(38 * 4); // 600 s rounds up to whole 16 s cycles
    expect(starts.length).toBe(expected.length + 1);
    const errors = starts.map((s, k) => Math.abs(s.when - fake.whenHeardAt(k < expected.length ? expected[k]! : endMs)));
    expect(Math.max(...errors)).toBeLessThan(0.0015);
    // Nothing starts after the end, and the soundscape only fades from there.
    const end = fake.whenHeardAt(endMs) + 0.001;
    expect(Math.max(...fake.started.map((s) => s.when))).toBeLessThan(end);
    const scape = fake.params.find((p) => p.type === 'linear' && p.value === 0.9)!.node;
    expect(fake.params.filter((p) => p.node === scape && p.time > end)).toEqual([]);
    const fade = fake.params.filter((p) => p.node === scape && p.type === 'target');
    expect(fade.map((p) => p.value)).toEqual([0]);
    expect(Math.abs(fade[0]!.time - fake.whenHeardAt(endMs))).toBeLessThan(0.0015);
  });

  it('ramps the soundscape from each boundary: up on inhales, down on exhales, level on holds', () => {
    const { engine, fake } = setup();
    engine.start({ pattern: box, startMs, endMs }, now);
    runTo(endMs + 5_000);
    // The soundscape's gain node: the one ramped to its breathed-in level.
    const node = fake.params.find((p) => p.type === 'linear' && p.value === 0.9)!.node;
    const gain = fake.params.filter((p) => p.node === node && p.time > fake.whenHeardAt(startMs) - 0.5);
    const pins = gain.filter((p) => p.type === 'set');
    const ramps = gain.filter((p) => p.type === 'linear');
    expect(pins.length).toBe(expected.length);
    for (const [k, p] of pins.entries()) expect(Math.abs(p.time - fake.whenHeardAt(expected[k]!))).toBeLessThan(0.0015);
    // Box: inhale, hold, exhale, hold; ramps only over the inhale and exhale, each ending at the next boundary.
    expect(ramps.length).toBe(expected.length / 2);
    for (const [k, r] of ramps.entries()) {
      expect(Math.abs(r.time - fake.whenHeardAt(expected[2 * k + 1]!))).toBeLessThan(0.0015);
      expect(r.value).toBe(k % 2 === 0 ? 0.9 : 0.25);
    }
  });

  it("plays the soundscape the session's glyph names (the timeline's) in place of the setting's", () => {
    // Breathed-in gain of each soundscape (soundscape.ts): ocean 0.9, wind 0.7, drone 0.6.
    const play = (settings: Partial<SoundSettings>, soundscape?: string) => {
      const { engine, fake } = setup(settings);
      const at = now() + 1_000;
      engine.start({ pattern: box, startMs: at, endMs: at + 16_000, ...(soundscape ? { soundscape } : {}) }, now);
      runTo(at + 20_000);
      engine.stop();
      const ramps = fake.params.filter((p) => p.param === 'gain' && p.type === 'linear').map((p) => p.value);
      return { ramps, noise: fake.started.filter((s) => s.kind === 'buffer').length };
    };
    const drone = play({ soundscape: 'wind' }, 'drone');
    expect(drone.ramps).toContain(0.6);
    expect(drone.ramps).not.toContain(0.7);
    expect(drone.noise).toBe(0); // the drone is tones, not noise
    const ocean = play({ soundscape: 'drone' }, 'ocean');
    expect(ocean.ramps).toContain(0.9);
    expect(ocean.noise).toBe(1);
    // Without one, the setting's plays.
    const wind = play({ soundscape: 'wind' });
    expect(wind.ramps).toContain(0.7);
    expect(wind.ramps).not.toContain(0.6);
  });

  it('a stalled timer (1 s of jank now and then) neither drops nor doubles a boundary', () => {
    const { engine, fake } = setup();
    engine.start({ pattern: box, startMs, endMs }, now);
    for (let t = now(); t < endMs + 5_000; t += 7_000) {
      runTo(t);
      vi.setSystemTime(now() + 1_000); // the main thread blocked for a second
    }
    runTo(endMs + 5_000);
    const starts = chimeStarts(fake);
    expect(starts.length).toBe(expected.length + 1);
    const errors = starts.map((s, k) => Math.abs(s.when - fake.whenHeardAt(k < expected.length ? expected[k]! : endMs)));
    expect(Math.max(...errors)).toBeLessThan(0.0015);
  });

  it('pause silences what is scheduled; resume carries on at the shifted boundaries', () => {
    const { engine, fake } = setup();
    engine.start({ pattern: box, startMs, endMs }, now);
    runTo(startMs + 5_000); // one second into the first hold
    engine.stop();
    const beforePause = chimeStarts(fake).length;
    // The look-ahead already placed the exhale at 8 s: stopped, so it never sounds.
    expect(
      chimeStarts(fake)
        .filter((s) => !s.stopped)
        .every((s) => s.when <= fake.whenHeardAt(startMs + 5_000)),
    ).toBe(true);
    runTo(startMs + 35_000);
    expect(chimeStarts(fake).length).toBe(beforePause);
    const shift = 30_000;
    engine.start({ pattern: box, startMs: startMs + shift, endMs: endMs + shift }, now);
    runTo(startMs + shift + 17_000);
    const resumed = chimeStarts(fake).slice(beforePause);
    // Resumed a second into the hold: the next boundary is the exhale at 8 s (shifted), then 12, 16.
    // Within the fake clock's ±1 ms timestamp jitter (the map takes the median of its readings).
    expect(resumed).toHaveLength(3);
    for (const [k, b] of [8_000, 12_000, 16_000].entries()) {
      expect(Math.abs(resumed[k]!.when - fake.whenHeardAt(startMs + shift + b))).toBeLessThan(0.0015);
    }
    engine.stop();
  });

  it('without getOutputTimestamp it maps by currentTime, within one render quantum', () => {
    const { engine, fake } = setup({}, { outputTimestamp: false, latencyMs: 0 });
    engine.start({ pattern: box, startMs, endMs: startMs + 60_000 }, now);
    runTo(startMs + 65_000);
    const starts = chimeStarts(fake);
    expect(starts.length).toBe(16);
    for (const [k, s] of starts.entries()) expect(Math.abs(s.when - fake.whenHeardAt(startMs + k * 4_000))).toBeLessThan(128 / 48_000);
  });

  it('plays every partial of a bowl at the boundary', () => {
    const { engine, fake } = setup({ chimes: 'bowl', soundscape: 'none' });
    engine.start({ pattern: box, startMs, endMs: startMs + 16_000 }, now);
    runTo(startMs + 20_000);
    const times = chimeStarts(fake).map((s) => s.when);
    expect(times.length).toBe(5 * 4);
    expect(new Set(times.map((t) => t.toFixed(6))).size).toBe(5);
  });

  it('stays silent until unlocked by a gesture, then plays the session asked for from its next boundary', () => {
    const fake = createFakeAudio({ pageNow: now });
    const engine = createSoundEngine({
      settings: () => SETTINGS,
      words: () => WORDS,
      createContext: () => fake.ctx,
      speech: null,
      perfNow: fake.perfNow,
    });
    engine.start({ pattern: box, startMs, endMs }, now);
    runTo(startMs + 10_000);
    expect(fake.started).toEqual([]);
    // A member who joined a room after its start taps the screen: the session sounds from there.
    engine.unlock();
    runTo(startMs + 20_500);
    const heard = chimeStarts(fake).map((c) => c.when);
    expect(heard).toHaveLength(3);
    for (const [k, b] of [12_000, 16_000, 20_000].entries())
      expect(Math.abs(heard[k]! - fake.whenHeardAt(startMs + b))).toBeLessThan(0.0015);
    engine.stop();
  });

  it('moves the session when it moves on this clock: nothing sounds twice or is dropped, the soundscape plays on', () => {
    const { engine, fake } = setup();
    const timeline = { pattern: box, startMs, endMs };
    engine.start(timeline, now);
    runTo(startMs + 3_990); // the chime at 4 s is placed (look-ahead), not yet heard
    runTo(startMs + 4_100); // now heard
    const noise = () => fake.started.filter((s) => s.kind !== 'oscillator').length;
    const sources = noise();
    // The room's clock estimate moves the session 40 ms later, then 30 ms earlier.
    engine.start({ ...timeline, startMs: startMs + 40, endMs: endMs + 40 }, now);
    runTo(startMs + 9_000);
    engine.start({ ...timeline, startMs: startMs + 10, endMs: endMs + 10 }, now);
    runTo(startMs + 13_000);
    const live = chimeStarts(fake).filter((c) => !c.stopped);
    const at = (b: number, shift: number) => fake.whenHeardAt(startMs + b + shift);
    expect(live).toHaveLength(4); // 0, 4, 8 (moved by 40), 12 (moved by 10)
    for (const [k, [b, shift]] of [
      [0, 0],
      [4_000, 0],
      [8_000, 40],
      [12_000, 10],
    ].entries())
      expect(Math.abs(live[k]!.when - at(b!, shift!))).toBeLessThan(0.0015);
    expect(noise()).toBe(sources);
    engine.stop();
  });

  it('a session moved earlier past a boundary not yet sounded sounds it at once, not never', () => {
    const { engine, fake } = setup();
    const timeline = { pattern: box, startMs, endMs };
    engine.start(timeline, now);
    // The chime at 8 s is placed to leave the context 25 ms early (the output latency), not begun yet.
    runTo(startMs + 7_960);
    // The estimate moves the session 60 ms earlier: its 8 s boundary (now 7.94 s) has just passed.
    engine.start({ ...timeline, startMs: startMs - 60, endMs: endMs - 60 }, now);
    runTo(startMs + 13_000);
    const live = chimeStarts(fake).filter((c) => !c.stopped);
    expect(live).toHaveLength(4); // 0, 4, 8 (at once), 12 (moved by -60)
    // At once: the context's time now, heard an output latency later (45 ms after its new instant).
    expect(Math.abs(live[2]!.when - fake.whenHeardAt(startMs + 7_960 + 25))).toBeLessThan(0.0015);
    expect(Math.abs(live[3]!.when - fake.whenHeardAt(startMs + 12_000 - 60))).toBeLessThan(0.0015);
    engine.stop();
  });

  it('a boundary whose chime has begun on the context clock is not sounded again when the session moves later', () => {
    const { engine, fake } = setup();
    const timeline = { pattern: box, startMs, endMs };
    engine.start(timeline, now);
    // 15 ms before the 8 s boundary on the page clock: its chime has left the context (25 ms latency).
    runTo(startMs + 7_985);
    engine.start({ ...timeline, startMs: startMs + 40, endMs: endMs + 40 }, now);
    runTo(startMs + 13_000);
    const live = chimeStarts(fake).filter((c) => !c.stopped);
    expect(live).toHaveLength(4); // 0, 4, 8 (as it was), 12 (moved by 40): the 8 s boundary once
    for (const [k, b] of [0, 4_000, 8_000, 12_040].entries())
      expect(Math.abs(live[k]!.when - fake.whenHeardAt(startMs + b))).toBeLessThan(0.0015);
    engine.stop();
  });
});

describe('sound engine: voice', () => {
  // Six a minute, 4 s in and 6 s out, with a voice that starts 250 ms ± 40 ms after speak().
  const six: Pattern = {
    id: 'six' as PatternId,
    name: 'Six',
    phases: [
      { kind: 'inhale', seconds: 4 },
      { kind: 'exhale', seconds: 6 },
    ],
    length: { unit: 'cycles', value: 12 },
  };
  const startMs = T0 + 3_000;
  const endMs = startMs + planSession(six).durationMs;
  let seed = 7;
  const jittery = () => {
    seed = (seed * 16_807) % 2_147_483_647;
    return 250 + ((seed / 2_147_483_647) * 2 - 1) * 40;
  };

  it('gives up only the voice that failed: choosing another voice (or language) tries again', () => {
    const fake = createFakeAudio({ pageNow: now });
    const base = createFakeSpeech({ now, latency: () => 100 });
    // This device's English voice fails (an online voice, offline).
    const synth = base.speech.synth as unknown as { speak(u: SpeechSynthesisUtterance): void };
    const speak = synth.speak.bind(synth);
    synth.speak = (u) => {
      if (u.voice?.lang !== 'en-GB') return speak(u);
      setTimeout(() => u.onerror?.({ error: 'network' } as SpeechSynthesisErrorEvent), 10);
    };
    let chosen = '';
    const engine = createSoundEngine({
      settings: () => ({ ...SETTINGS, voice: true, voiceName: chosen }),
      words: () => WORDS,
      createContext: () => fake.ctx,
      speech: base.speech,
      perfNow: fake.perfNow,
    });
    expect(engine.voiceState('en-GB')).toBe('ready');
    engine.tryVoice();
    vi.advanceTimersByTime(50);
    expect(engine.voiceState('en-GB')).toBe('none');
    chosen = 'fake-es-ES';
    expect(engine.voiceState('en-GB')).toBe('ready');
  });

  it('after a few cues, a steady voice starts within 5 ms of its boundary', () => {
    const { engine, spoken } = setup({ voice: true }, {}, () => 310);
    engine.start({ pattern: six, startMs, endMs }, now);
    runTo(endMs + 2_000);
    const expected = boundaries(six, startMs, endMs);
    const errors = spoken.map((s, k) => s.startedAt - expected[k]!);
    expect(errors[0]).toBe(310 - 120);
    for (const e of errors.slice(1)) expect(Math.abs(e)).toBeLessThanOrEqual(5);
  });

  it('after a few cues, a jittery voice (250 ± 40 ms) starts within 60 ms of its boundary', () => {
    const { engine, spoken } = setup({ voice: true }, {}, jittery);
    engine.start({ pattern: six, startMs, endMs }, now);
    runTo(endMs + 2_000);
    const expected = boundaries(six, startMs, endMs);
    expect(spoken.map((s) => s.text)).toEqual(expected.map((_, k) => (k % 2 ? 'Out' : 'In')));
    const errors = spoken.map((s, k) => s.startedAt - expected[k]!);
    // The first cue goes out on a guess (120 ms): it starts late by the rest of the latency.
    expect(errors[0]).toBeGreaterThan(50);
    for (const e of errors.slice(3)) expect(Math.abs(e)).toBeLessThanOrEqual(60);
  });

  it('skips a cue whose boundary passed while the page was stalled, instead of speaking it late', () => {
    const { engine, spoken } = setup({ voice: true }, {}, () => 100);
    engine.start({ pattern: six, startMs, endMs }, now);
    runTo(startMs + 3_000);
    // Stalled from 3.0 s to 4.5 s: the exhale cue at 4 s is due at 3.9 s but can run only at 4.5 s.
    vi.setSystemTime(startMs + 4_000 + SKIP_LATE_MS + 350);
    runTo(startMs + 11_000);
    expect(spoken.map((s) => s.text)).toEqual(['In', 'In']);
  });

  it('speaks nothing after a pause', () => {
    const { engine, spoken } = setup({ voice: true }, {}, () => 100);
    engine.start({ pattern: six, startMs, endMs }, now);
    runTo(startMs + 3_700);
    engine.stop();
    runTo(startMs + 30_000);
    expect(spoken.map((s) => s.text)).toEqual(['In']);
  });
});
