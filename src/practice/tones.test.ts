import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESETS } from '../core/presets.ts';
import { createTonePlayer, type ToneContext } from './tones.ts';

const box = PRESETS.find((p) => p.id === 'preset:box')!;

/** An AudioContext stand-in that records when each oscillator starts and stops. */
function fakeContext(currentTime: () => number) {
  const started: { at: number; from: number; stopped: boolean }[] = [];
  const param = () => ({ setValueAtTime: vi.fn(), linearRampToValueAtTime: vi.fn(), exponentialRampToValueAtTime: vi.fn() });
  const ctx = {
    get currentTime() {
      return currentTime();
    },
    destination: {},
    resume: async () => undefined,
    createGain: () => ({ gain: param(), connect: (n: unknown) => n }),
    createOscillator: () => {
      const entry = { at: NaN, from: NaN, stopped: false };
      const frequency = param();
      frequency.setValueAtTime.mockImplementation((hz: number) => (entry.from = hz));
      return {
        type: 'sine',
        frequency,
        connect: (n: unknown) => n,
        start: (at: number) => {
          entry.at = at;
          started.push(entry);
        },
        stop: (at?: number) => {
          if (at === undefined) entry.stopped = true;
        },
        onended: null,
      };
    },
  };
  return { ctx: ctx as unknown as ToneContext, started };
}

describe('tones', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('schedules each phase change ahead, at its exact time on the audio clock', () => {
    let pageNow = 10_000;
    // The audio clock runs on its own origin: 3.5 s when the page clock reads 10 000 ms.
    const audioNow = () => 3.5 + (pageNow - 10_000) / 1000;
    const { ctx, started } = fakeContext(audioNow);
    const player = createTonePlayer(() => ctx);
    player.unlock();
    player.start({ pattern: box, startMs: 10_500, endMs: 10_500 + 32_000 }, () => pageNow);

    // Within the 1.5 s look-ahead only the first inhale (0.5 s away) is scheduled.
    expect(started.map((s) => s.at)).toEqual([4.0]);
    // A timer that fires late changes nothing: each tone is placed from the clocks, not the timer.
    for (let t = 0; t < 20_000; t += 250) {
      pageNow += 250 + 37; // every timer firing 37 ms late
      vi.advanceTimersByTime(250);
    }
    const expected = [0, 4, 8, 12, 16, 20].map((s) => 4.0 + s);
    expect(started.slice(0, expected.length).map((s) => s.at)).toEqual(expected.map((x) => expect.closeTo(x, 9)));
    expect(started.slice(0, 4).map((s) => s.from)).toEqual([392, 440, 523, 440]); // rising in, level hold, falling out
    player.stop();
  });

  it('silences what is scheduled on stop() and schedules nothing after it', () => {
    let pageNow = 0;
    const { ctx, started } = fakeContext(() => pageNow / 1000);
    const player = createTonePlayer(() => ctx);
    player.unlock();
    player.start({ pattern: box, startMs: 1_000, endMs: 33_000 }, () => pageNow);
    pageNow += 500;
    vi.advanceTimersByTime(500);
    expect(started.length).toBeGreaterThan(0);
    player.stop(); // pause: the inhale tone due in 0.5 s must not sound
    expect(started.every((s) => s.stopped)).toBe(true);
    const count = started.length;
    pageNow += 10_000;
    vi.advanceTimersByTime(10_000);
    expect(started.length).toBe(count);
  });

  it('lets the end chime ring out on finish()', () => {
    let pageNow = 0;
    const { ctx, started } = fakeContext(() => pageNow / 1000);
    const player = createTonePlayer(() => ctx);
    player.unlock();
    player.start({ pattern: box, startMs: 0, endMs: 16_000 }, () => pageNow);
    for (; pageNow < 16_010; pageNow += 250) vi.advanceTimersByTime(250);
    player.finish();
    expect(started.at(-1)!.from).toBe(659);
    expect(started.at(-1)!.stopped).toBe(false);
  });

  it('rings once at the end', () => {
    let pageNow = 0;
    const { ctx, started } = fakeContext(() => pageNow / 1000);
    const player = createTonePlayer(() => ctx);
    player.unlock();
    player.start({ pattern: box, startMs: 0, endMs: 16_000 }, () => pageNow);
    for (let t = 0; t < 17_000; t += 250) {
      pageNow += 250;
      vi.advanceTimersByTime(250);
    }
    // Four phase cues for the single cycle, then the end chime; none after the end.
    expect(started.map((s) => s.at)).toEqual([0, 4, 8, 12, 16]);
    expect(started.at(-1)!.from).toBe(659);
  });

  it('stays silent until unlocked by a gesture', () => {
    const { ctx, started } = fakeContext(() => 0);
    const player = createTonePlayer(() => ctx);
    player.start({ pattern: box, startMs: 0, endMs: 16_000 }, () => 0);
    vi.advanceTimersByTime(1_000);
    expect(started).toEqual([]);
  });
});
