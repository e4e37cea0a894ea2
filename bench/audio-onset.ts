/**
 * Sound onset error over a simulated 60-minute session, in Node on a simulated clock: the sound
 * engine (src/audio) against the pacer's boundaries, next to naive references, under the same
 * timers and clocks.
 *
 * - The audio clock (src/audio/testing/fake-audio.ts) drifts 30 ppm from the page's, plays 20 ms
 *   behind currentTime (output latency), reports getOutputTimestamp with ±2 ms jitter and moves
 *   currentTime in 128-frame quanta. A chime's error = when its start time is heard − its boundary.
 *   Naive reference: the first tones.ts mapping, `currentTime + (at − now) / 1000`.
 * - Timers fire 0-4 ms late, and 1 in 100 is throttled by 250 ms; a 1 s stall every ~5 minutes.
 * - The voice starts 180 ms ± a log-normal spread after speak() (fake speechSynthesis). A cue's
 *   error = its start − its boundary. Naive reference: speak() at the boundary.
 *
 * Run alone: `node bench/audio-onset.ts`.
 */
import { boundaryMs, planSession } from '../src/core/pacer.ts';
import { PRESETS } from '../src/core/presets.ts';
import { seeded } from '../src/core/random.ts';
import { createSoundEngine } from '../src/audio/engine.ts';
import { startScheduler } from '../src/audio/scheduler.ts';
import { createFakeAudio } from '../src/audio/testing/fake-audio.ts';
import { createFakeSpeech } from '../src/audio/testing/fake-speech.ts';

const MINUTES = 60;
const T0 = 1_780_000_000_000;

/** Timers on a simulated clock, with lateness: installed over the globals the engine uses. */
function simulatedTimers(rand: () => number) {
  let now = T0;
  let nextId = 1;
  const timers = new Map<number, { due: number; fn: () => void; every: number | null }>();
  const real = { setTimeout, setInterval, clearTimeout, clearInterval };
  const late = () => rand() * 4 + (rand() < 0.01 ? 250 : 0);
  const add = (fn: () => void, ms: number, every: number | null) => {
    const id = nextId++;
    timers.set(id, { due: now + Math.max(0, ms) + late(), fn, every });
    return id;
  };
  Object.assign(globalThis, {
    setTimeout: (fn: () => void, ms = 0) => add(fn, ms, null),
    setInterval: (fn: () => void, ms = 0) => add(fn, ms, ms),
    clearTimeout: (id: number) => timers.delete(id),
    clearInterval: (id: number) => timers.delete(id),
  });
  return {
    now: () => now,
    /** Runs every timer due up to `until`, in order. */
    runTo(until: number) {
      for (;;) {
        let first: [number, { due: number; fn: () => void; every: number | null }] | undefined;
        for (const entry of timers) if (!first || entry[1].due < first[1].due) first = entry;
        if (!first || first[1].due > until) break;
        const [id, timer] = first;
        now = Math.max(now, timer.due);
        if (timer.every === null) timers.delete(id);
        else timer.due = now + timer.every + late();
        timer.fn();
      }
      now = until;
    },
    /** Puts the real timers back (bench/run.ts runs other benches after this one). */
    restore: () => Object.assign(globalThis, real),
    /** The main thread blocked: time passes, no timer runs. */
    stall(ms: number) {
      now += ms;
    },
  };
}

const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};
const row = (name: string, errors: readonly number[]) => {
  const abs = errors.map(Math.abs);
  const f = (n: number) => n.toFixed(1).padStart(9);
  console.log(
    `  ${name.padEnd(44)}${String(errors.length).padStart(6)}${f(percentile(errors, 50))}${f(percentile(abs, 50))}${f(percentile(abs, 99))}${f(Math.max(...abs))}`,
  );
};

export function printAudioOnset(): void {
  const rand = seeded(20_260_301);
  const sim = simulatedTimers(rand);
  const now = sim.now;
  const pattern = { ...PRESETS.find((p) => p.id === 'preset:coherent')!, length: { unit: 'minutes' as const, value: MINUTES } };
  const startMs = T0 + 3_000;
  const endMs = startMs + planSession(pattern).durationMs;
  const boundaries: number[] = [];
  for (let k = 0; boundaryMs(pattern, startMs, k) < endMs; k++) boundaries.push(boundaryMs(pattern, startMs, k));

  const fake = createFakeAudio({
    pageNow: now,
    perfOffsetMs: T0 - 9_000,
    originMs: T0 - 4_000,
    driftPpm: 30,
    latencyMs: 20,
    jitterMs: 2,
    random: rand,
  });
  // Log-normal around 180 ms: most cues near it, a few slow ones.
  const latency = () => 180 * Math.exp(0.15 * Math.sqrt(-2 * Math.log(rand() || 1e-9)) * Math.cos(2 * Math.PI * rand()));
  const speech = createFakeSpeech({ now, latency });
  const naiveSpeech = createFakeSpeech({ now, latency });
  const engine = createSoundEngine({
    settings: () => ({
      chimes: 'tones',
      soundscape: 'ocean',
      voice: true,
      voiceName: '',
      voiceRate: 1,
      voiceVolume: 1,
      chimeVolume: 1,
      ambienceVolume: 1,
      voiceCount: false,
    }),
    words: () => ({
      lang: 'en-GB',
      appName: 'Sacred Breathing',
      inhale: 'In',
      hold: 'Hold',
      exhale: 'Out',
      rest: 'Rest',
      count: (n: number) => String(n),
    }),
    createContext: () => fake.ctx,
    speech: speech.speech,
    perfNow: fake.perfNow,
  });
  engine.unlock();
  engine.start({ pattern, startMs, endMs }, now);

  // The references, on the same timers: the first tones.ts mapping, and speaking at the boundary.
  const naiveChimes: number[] = [];
  const naive = startScheduler({ pattern, startMs, endMs }, now, {
    tick: () => undefined,
    boundary(b, t) {
      naiveChimes.push(fake.heardAt(fake.ctx.currentTime + (b.atMs - t) / 1000) - b.atMs);
      setTimeout(() => naiveSpeech.speech.synth.speak(naiveSpeech.speech.utterance('cue')), b.atMs - now());
    },
    end: () => undefined,
  });

  for (let t = now(); t < endMs + 3_000; t += 1_000) {
    sim.runTo(t);
    if (rand() < 1 / 300) sim.stall(1_000);
  }
  engine.finish();
  naive.cancel();
  sim.restore();

  const chimes = fake.started.filter((s) => s.kind === 'oscillator');
  const chimeErrors = chimes.slice(0, boundaries.length).map((s, k) => fake.heardAt(s.when) - boundaries[k]!);
  const matched = (spoken: readonly { startedAt: number }[]) =>
    spoken
      .filter((s) => !Number.isNaN(s.startedAt))
      .map((s) => {
        const b = boundaries.reduce((best, x) => (Math.abs(x - s.startedAt) < Math.abs(best - s.startedAt) ? x : best));
        return s.startedAt - b;
      });

  console.log(`\n## Sound onset error over a simulated ${MINUTES}-minute session (${pattern.name}, ${boundaries.length} boundaries)\n`);
  console.log('audio clock 30 ppm fast, 20 ms output latency, timestamps ±2 ms; timers 0-4 ms late, 1% throttled 250 ms, 1 s stalls');
  console.log('error = start heard (chimes) or voice start (cues) − boundary, ms\n');
  console.log(
    `  ${'engine'.padEnd(44)}${'n'.padStart(6)}${'p50'.padStart(9)}${'|p50|'.padStart(9)}${'|p99|'.padStart(9)}${'|max|'.padStart(9)}`,
  );
  row('chimes: getOutputTimestamp, median of 9', chimeErrors);
  row('chimes: naive currentTime + (at - now)', naiveChimes);
  row('voice: issued ahead by measured latency', matched(speech.spoken));
  row('voice: naive, speak() at the boundary', matched(naiveSpeech.spoken));
  console.log(`\n  chimes: ${chimes.length} for ${boundaries.length} boundaries + end; voice cues spoken ${speech.spoken.length}`);
}

if (import.meta.url === `file://${process.argv[1]}`) printAudioOnset();
