/**
 * The voice counting the seconds within each phase, over simulated sessions on fake timers: each
 * count at its boundary plus whole seconds, as exactly as the phase words, and never after the end
 * or a pause.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { boundaryMs, planSession } from '../core/pacer.ts';
import type { Pattern, PatternId } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import { createSoundEngine, type SoundSettings, type SoundWords } from './engine.ts';
import { createFakeAudio } from './testing/fake-audio.ts';
import { createFakeSpeech } from './testing/fake-speech.ts';
import { COUNT_END_MS, countTicks } from './voice.ts';

const box = PRESETS.find((p) => p.id === 'preset:box')!;
const T0 = 1_780_000_000_000;
const now = () => Date.now();

const SETTINGS: SoundSettings = {
  chimes: 'tones',
  soundscape: 'none',
  voice: true,
  voiceCount: true,
  voiceName: '',
  voiceRate: 1,
  voiceVolume: 1,
  chimeVolume: 0.8,
  ambienceVolume: 0.5,
};
const WORDS: SoundWords = {
  lang: 'en-GB',
  appName: 'Sacred Breathing',
  inhale: 'Inhale',
  hold: 'Hold',
  exhale: 'Exhale',
  rest: 'Rest',
  count: (n) => `${n}`,
};

/** An engine with a voice that starts 310 ms after speak(), every time. */
function setup(settings: Partial<SoundSettings> = {}) {
  const fake = createFakeAudio({ pageNow: now, perfOffsetMs: T0 - 5_000, originMs: T0 - 2_000, latencyMs: 25 });
  const speech = createFakeSpeech({ now, latency: () => 310 });
  const engine = createSoundEngine({
    settings: () => ({ ...SETTINGS, ...settings }),
    words: () => WORDS,
    createContext: () => fake.ctx,
    speech: speech.speech,
    perfNow: fake.perfNow,
  });
  engine.unlock();
  return { engine, spoken: speech.spoken };
}

function runTo(untilMs: number) {
  while (now() < untilMs) vi.advanceTimersByTime(Math.min(50, Math.max(1, untilMs - now())));
}

/** What a counting voice should say over a session: each phase's word, then 2, 3, … at whole seconds. */
function expectedCues(pattern: Pattern, startMs: number, endMs: number, words = WORDS) {
  const out: { text: string; atMs: number }[] = [];
  for (let k = 0; boundaryMs(pattern, startMs, k) < endMs; k++) {
    const at = boundaryMs(pattern, startMs, k);
    out.push({ text: words[pattern.phases[k % pattern.phases.length]!.kind], atMs: at });
    for (const tick of countTicks(at, Math.min(endMs, boundaryMs(pattern, startMs, k + 1))))
      out.push({ text: `${tick.n}`, atMs: tick.atMs });
  }
  return out;
}

beforeEach(() => vi.useFakeTimers({ now: T0 }));
afterEach(() => vi.useRealTimers());

describe('counting ticks', () => {
  it('count whole seconds after the boundary, the last at least COUNT_END_MS before the phase ends', () => {
    expect(countTicks(0, 4_000)).toEqual([
      { n: 2, atMs: 1_000 },
      { n: 3, atMs: 2_000 },
      { n: 4, atMs: 3_000 },
    ]);
    expect(countTicks(0, 5_450).map((t) => t.n)).toEqual([2, 3, 4, 5]);
    expect(countTicks(0, 3_800).map((t) => t.n)).toEqual([2, 3, 4]);
    expect(countTicks(0, 3_799).map((t) => t.n)).toEqual([2, 3]);
    expect(countTicks(0, 1_500)).toEqual([]);
    expect(COUNT_END_MS).toBe(800);
  });
});

describe('sound engine: counting', () => {
  const startMs = T0 + 3_000;

  it('a box 4-4-4-4 says each word then 2, 3, 4 at +1, +2, +3 s, each within 5 ms once the latency is measured', () => {
    const { engine, spoken } = setup();
    const endMs = startMs + 32_000; // two cycles
    engine.start({ pattern: box, startMs, endMs }, now);
    runTo(endMs + 3_000);
    const expected = expectedCues(box, startMs, endMs);
    expect(expected.slice(0, 8).map((c) => c.text)).toEqual(['Inhale', '2', '3', '4', 'Hold', '2', '3', '4']);
    expect(expected.slice(0, 4).map((c) => c.atMs - startMs)).toEqual([0, 1_000, 2_000, 3_000]);
    expect(spoken.map((s) => s.text)).toEqual(expected.map((c) => c.text));
    const errors = spoken.map((s, k) => s.startedAt - expected[k]!.atMs);
    // The first cue goes out on the first guess of the latency (120 ms); every one after is measured.
    expect(errors[0]).toBe(310 - 120);
    for (const e of errors.slice(1)) expect(Math.abs(e)).toBeLessThanOrEqual(5);
  });

  it('counts do not drift over ten minutes: the last is as close to its boundary plus whole seconds as the first', () => {
    const { engine, spoken } = setup();
    const endMs = startMs + planSession({ ...box, length: { unit: 'minutes', value: 10 } }).durationMs;
    engine.start({ pattern: box, startMs, endMs }, now);
    runTo(endMs + 3_000);
    const expected = expectedCues(box, startMs, endMs);
    expect(spoken.length).toBe(expected.length);
    expect(spoken.length).toBe(38 * 4 * 4);
    for (const [k, s] of spoken.entries()) if (k > 0) expect(Math.abs(s.startedAt - expected[k]!.atMs)).toBeLessThanOrEqual(5);
  });

  it('a 5.45 s phase counts 2 to 5, and nothing is said after the end', () => {
    const coherent: Pattern = {
      id: 'coherent' as PatternId,
      name: 'Coherent',
      phases: [
        { kind: 'inhale', seconds: 5.45 },
        { kind: 'exhale', seconds: 5.45 },
      ],
      length: { unit: 'cycles', value: 2 },
    };
    const { engine, spoken } = setup();
    const endMs = startMs + planSession(coherent).durationMs;
    expect(endMs - startMs).toBeCloseTo(21_800, 6);
    engine.start({ pattern: coherent, startMs, endMs }, now);
    runTo(endMs + 5_000);
    const phase = ['Inhale', '2', '3', '4', '5'];
    const out = ['Exhale', '2', '3', '4', '5'];
    expect(spoken.map((s) => s.text)).toEqual([...phase, ...out, ...phase, ...out]);
    const expected = expectedCues(coherent, startMs, endMs);
    for (const [k, s] of spoken.entries()) if (k > 0) expect(Math.abs(s.startedAt - expected[k]!.atMs)).toBeLessThanOrEqual(5);
    // The last count is 4 s into the last phase, more than COUNT_END_MS before the end.
    expect(spoken.at(-1)!.startedAt).toBeLessThan(endMs - COUNT_END_MS);
  });

  it('pause cancels the counts already waiting; a resume mid-phase carries the count on', () => {
    const { engine, spoken } = setup();
    const endMs = startMs + 32_000;
    engine.start({ pattern: box, startMs, endMs }, now);
    runTo(startMs + 1_500); // between "2" and "3" of the first inhale, "3" and "4" already on timers
    engine.stop();
    runTo(startMs + 20_000);
    expect(spoken.map((s) => s.text)).toEqual(['Inhale', '2']);

    // Resumed 1.5 s into the inhale, shifted by the pause.
    const shift = 18_500;
    engine.start({ pattern: box, startMs: startMs + shift, endMs: endMs + shift }, now);
    runTo(startMs + shift + 8_500);
    const resumed = spoken.slice(2);
    expect(resumed.map((s) => s.text)).toEqual(['3', '4', 'Hold', '2', '3', '4', 'Exhale']);
    expect(resumed.slice(0, 2).map((s) => Math.round(s.startedAt - (startMs + shift)))).toEqual([2_000, 3_000]);
    engine.stop();
  });

  it('skips the counts a stalled page would say late, and says the next phase word on time', () => {
    const { engine, spoken } = setup();
    engine.start({ pattern: box, startMs, endMs: startMs + 16_000 }, now);
    runTo(startMs + 1_500);
    // The page's clock jumps 750 ms while its timers stay behind (fake timers' model of a stall):
    // "3" and "4" come up later than SKIP_LATE_MS after their second, so they are not said at all.
    vi.setSystemTime(now() + 750);
    runTo(startMs + 4_500);
    expect(spoken.map((s) => s.text)).toEqual(['Inhale', '2', 'Hold']);
    expect(Math.abs(spoken[2]!.startedAt - (startMs + 4_000))).toBeLessThanOrEqual(5);
    engine.stop();
  });

  it('counting off speaks only the phase words; no voice, no counting (and no chime per second)', () => {
    const off = setup({ voiceCount: false });
    off.engine.start({ pattern: box, startMs, endMs: startMs + 16_000 }, now);
    runTo(startMs + 20_000);
    expect(off.spoken.map((s) => s.text)).toEqual(['Inhale', 'Hold', 'Exhale', 'Hold']);

    const fake = createFakeAudio({ pageNow: now });
    const engine = createSoundEngine({
      settings: () => SETTINGS,
      words: () => WORDS,
      createContext: () => fake.ctx,
      speech: null,
      perfNow: fake.perfNow,
    });
    engine.unlock();
    const from = now() + 1_000;
    engine.start({ pattern: box, startMs: from, endMs: from + 16_000 }, now);
    runTo(from + 20_000);
    // One tone per boundary and the end chime: nothing for the seconds in between.
    expect(fake.started.filter((s) => s.kind === 'oscillator').length).toBe(5);
  });
});
