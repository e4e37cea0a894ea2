/** The facade main.tsx carries: a gesture's unlock and a session's start before the engine's code arrives are not lost. */
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { PRESETS } from '../core/presets.ts';
import { createSoundEngine } from './lazy.ts';
import { createFakeAudio } from './testing/fake-audio.ts';

const box = PRESETS.find((p) => p.id === 'preset:box')!;
const now = () => Date.now();

beforeEach(() => vi.useFakeTimers({ now: 1_000_000 }));
afterEach(() => vi.useRealTimers());

it('unlocks in the gesture and starts the session once the engine has loaded', async () => {
  const fake = createFakeAudio({ pageNow: now, outputTimestamp: false });
  const createContext = vi.fn(() => fake.ctx);
  const engine = createSoundEngine({
    settings: () => ({
      chimes: 'tones',
      soundscape: 'none',
      voice: false,
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
    createContext,
    speech: null,
  });
  engine.unlock();
  expect(createContext).toHaveBeenCalledTimes(1); // inside the gesture, before any await
  engine.start({ pattern: box, startMs: now() + 500, endMs: now() + 16_500 }, now);
  expect(engine.voiceState('en-GB')).toBe('loading');
  await vi.dynamicImportSettled();
  await Promise.resolve();
  vi.advanceTimersByTime(17_000);
  expect(createContext).toHaveBeenCalledTimes(1); // the engine took over the same context
  expect(fake.started.map((s) => s.when)).toEqual([0.5, 4.5, 8.5, 12.5, 16.5].map((t) => expect.closeTo(t, 2)));
  expect(engine.voiceState('en-GB')).toBe('none');
});
