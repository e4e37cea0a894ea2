/**
 * The practice session as a store, in a Solid root with fake timers: animation frames are timers
 * here, the clock reads the faked Date, and the device's wake lock and vibration are absent.
 */
import { createRoot, createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Pattern, PatternId } from '../core/pattern.ts';
import type { SessionSummary } from '../core/summary.ts';
import { startPracticeSession, type PracticeSession } from './session.ts';
import { glyphSoundscape, type TonePlayer, type ToneTimeline } from './tones.ts';

const FRAME_MS = 16;
// Two cycles of 1 s in, 2 s out: six seconds of breathing after a one-second countdown.
const pattern: Pattern = {
  id: 'test' as PatternId,
  name: 'Test',
  phases: [
    { kind: 'inhale', seconds: 1 },
    { kind: 'exhale', seconds: 2 },
  ],
  length: { unit: 'cycles', value: 2 },
};

function fakeTones() {
  const calls: string[] = [];
  const tones: TonePlayer = {
    unlock: () => calls.push('unlock'),
    start: ({ startMs, endMs }) => calls.push(`start ${startMs}-${endMs}`),
    stop: () => calls.push('stop'),
    finish: () => calls.push('finish'),
    appName: () => 'Sacred Breathing',
  };
  return { tones, calls };
}

/** Starts a session at fake time 0 in its own root; `dispose` ends the root as leaving the page does. */
function start(tones: TonePlayer | null = null) {
  const ended: SessionSummary[] = [];
  const clock = { now: () => Date.now(), dispose: () => undefined };
  return createRoot((dispose) => {
    const session: PracticeSession = startPracticeSession({
      pattern,
      prepMs: 1000,
      clock,
      tones,
      vibration: true,
      onEnd: (s) => ended.push(s),
    });
    return { session, ended, dispose };
  });
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  vi.stubGlobal('requestAnimationFrame', (tick: FrameRequestCallback) => setTimeout(() => tick(Date.now()), FRAME_MS));
  vi.stubGlobal('cancelAnimationFrame', (id: ReturnType<typeof setTimeout>) => clearTimeout(id));
  vi.stubGlobal('document', { visibilityState: 'visible', addEventListener: () => undefined, removeEventListener: () => undefined });
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('practice session', () => {
  it('counts down, breathes each phase from the clock, and ends complete on the last boundary', () => {
    const { tones, calls } = fakeTones();
    const { session, ended, dispose } = start(tones);
    expect(session.plan.durationMs).toBe(6000);
    expect(session.view()).toEqual({ stage: 'prep', remainingMs: 1000 });
    expect(calls).toEqual(['start 1000-7000']);

    vi.advanceTimersByTime(1000 + FRAME_MS);
    const breathing = session.view();
    expect(breathing.stage === 'breathing' && breathing.state.phase.kind).toBe('inhale');
    vi.advanceTimersByTime(1000);
    const exhaling = session.view();
    expect(exhaling.stage === 'breathing' && exhaling.state.phase.kind).toBe('exhale');

    vi.advanceTimersByTime(5000);
    expect(session.view().stage).toBe('done');
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({ startedAt: 1000, durationMs: 6000, cycles: 2, completed: true, onsets: [] });
    expect(calls.at(-1)).toBe('finish'); // the end chime rings out
    vi.advanceTimersByTime(10_000);
    expect(ended).toHaveLength(1);
    dispose();
  });

  it('records presses as onsets, counting one during the countdown, and a stop ends early with the cycles breathed', () => {
    const { tones, calls } = fakeTones();
    const { session, ended, dispose } = start(tones);
    vi.advanceTimersByTime(800);
    session.press(); // on "1": at -200 ms of session time
    vi.advanceTimersByTime(1200);
    session.release(); // at 1000 ms
    session.release(); // a second release without a press is nothing
    vi.advanceTimersByTime(2500);
    session.stop(); // at 3500 ms: one whole cycle breathed
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      completed: false,
      durationMs: 3500,
      cycles: 1,
      onsets: [
        { kind: 'inhale', atMs: -200 },
        { kind: 'exhale', atMs: 1000 },
      ],
    });
    expect(calls.at(-1)).toBe('stop'); // a stopped session falls silent at once
    session.stop();
    expect(ended).toHaveLength(1);
    dispose();
  });

  it('holds still while paused (a held press lets go), ignores presses then, and carries on after resume', () => {
    const { tones, calls } = fakeTones();
    const { session, ended, dispose } = start(tones);
    vi.advanceTimersByTime(1500);
    session.press();
    session.pause();
    expect(session.paused()).toBe(true);
    expect(session.pressed()).toBe(false);
    const held = session.view();
    vi.advanceTimersByTime(60_000);
    expect(session.view()).toEqual(held);
    session.press();
    expect(session.pressed()).toBe(false);
    expect(session.presses()).toBe(1); // the press ignored while paused is not counted
    expect(calls).toEqual(['start 1000-7000', 'stop']);

    session.resume();
    expect(calls.at(-1)).toBe('start 61000-67000'); // tones follow the shifted timeline
    vi.advanceTimersByTime(5500 + FRAME_MS);
    expect(ended).toHaveLength(1);
    expect(ended[0]).toMatchObject({
      completed: true,
      durationMs: 6000,
      onsets: [
        { kind: 'inhale', atMs: 500 },
        { kind: 'exhale', atMs: 500, implied: true },
      ],
    });
    dispose();
  });

  it("hands the glyph's soundscape to the sound, and starts the sound again with one that arrives late", () => {
    const timelines: (ToneTimeline | 'stop')[] = [];
    const tones: TonePlayer = {
      unlock: () => undefined,
      start: (timeline) => timelines.push(timeline),
      stop: () => timelines.push('stop'),
      finish: () => undefined,
    };
    const [soundscape, setSoundscape] = createSignal<string | undefined>('ocean');
    const { session, dispose } = createRoot((dispose) => ({
      session: startPracticeSession({
        pattern,
        prepMs: 1000,
        clock: { now: () => Date.now(), dispose: () => undefined },
        tones,
        vibration: false,
        onEnd: () => undefined,
        soundscape,
      }),
      dispose,
    }));
    expect(timelines).toEqual([{ pattern, startMs: 1000, endMs: 7000, soundscape: 'ocean' }]);
    // The glyph changes (it loaded during the countdown): the same timeline, with its soundscape.
    vi.advanceTimersByTime(500);
    setSoundscape('wind');
    expect(timelines.at(-1)).toEqual({ pattern, startMs: 1000, endMs: 7000, soundscape: 'wind' });
    setSoundscape('wind');
    expect(timelines).toHaveLength(2);
    // While paused nothing sounds: the resume starts with the latest (none: the setting's plays).
    session.pause();
    setSoundscape(undefined);
    expect(timelines.at(-1)).toBe('stop');
    vi.advanceTimersByTime(1000);
    session.resume();
    expect(timelines.at(-1)).toEqual({ pattern, startMs: 2000, endMs: 8000 });
    dispose();
  });

  it("lets a glyph's soundscape replace the chosen one, never turn ambience on, and only with one the engine plays", () => {
    const playable = ['none', 'ocean', 'wind', 'drone'];
    expect(glyphSoundscape('wind', 'ocean', playable)).toBe('ocean');
    expect(glyphSoundscape('ocean', 'ocean', playable)).toBe('ocean');
    expect(glyphSoundscape('none', 'ocean', playable)).toBeUndefined();
    expect(glyphSoundscape('wind', undefined, playable)).toBeUndefined();
    expect(glyphSoundscape('wind', 'rain', playable)).toBeUndefined();
    expect(glyphSoundscape('wind', 'none', playable)).toBeUndefined();
  });

  it('stops its tones and frames when its owner goes, without a summary', () => {
    const { tones, calls } = fakeTones();
    const { ended, dispose } = start(tones);
    vi.advanceTimersByTime(2000);
    dispose();
    expect(calls.at(-1)).toBe('stop');
    expect(vi.getTimerCount()).toBe(0);
    expect(ended).toEqual([]);
  });

  it('offers the OS play, pause and stop while it runs, and takes them back at the end', () => {
    const handlers = new Map<string, (() => void) | null>();
    const media = {
      metadata: null as null | { title: string; artist: string },
      playbackState: 'none',
      setActionHandler: (action: string, handler: (() => void) | null) => handlers.set(action, handler),
    };
    vi.stubGlobal('navigator', { mediaSession: media });
    vi.stubGlobal(
      'MediaMetadata',
      class {
        constructor(init: { title: string; artist: string }) {
          Object.assign(this, init);
        }
      },
    );
    const { tones, calls } = fakeTones();
    const { session, ended, dispose } = start(tones);
    expect(media.metadata).toEqual({ title: 'Test', artist: 'Sacred Breathing' });
    expect(media.playbackState).toBe('playing');
    vi.advanceTimersByTime(1500);
    handlers.get('pause')!();
    expect(session.paused()).toBe(true);
    expect(media.playbackState).toBe('paused');
    vi.advanceTimersByTime(10_000);
    handlers.get('play')!();
    expect(session.paused()).toBe(false);
    expect(media.playbackState).toBe('playing');
    expect(calls).toEqual(['start 1000-7000', 'stop', 'start 11000-17000']);
    handlers.get('stop')!();
    expect(ended).toHaveLength(1);
    expect([...handlers.values()]).toEqual([null, null, null]);
    expect(media.metadata).toBe(null);
    expect(media.playbackState).toBe('none');
    dispose();
  });

  it('leaves the media controls alone without sound', () => {
    const media = { metadata: null, playbackState: 'none', setActionHandler: vi.fn() };
    vi.stubGlobal('navigator', { mediaSession: media });
    const { dispose } = start(null);
    expect(media.setActionHandler).not.toHaveBeenCalled();
    dispose();
  });
});
