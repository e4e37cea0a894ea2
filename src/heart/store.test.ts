import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_RR_KEPT, type Beat, type HeartSourceKind } from '../core/heart/beat.ts';
import { COHERENCE_STEP_MS } from '../core/heart/coherence.ts';
import type { Clock } from '../shared/clock.ts';
import { HeartSourceError, type HeartSource, type HeartSourceStatus } from './source.ts';
import { RECENT_BEATS_MS } from './engine.ts';
import { createHeartStore, type OpenHeartSource } from './store.ts';

/** A test double of a sensor: the test feeds its beats and statuses. */
function fakeSource(kind: HeartSourceKind, deviceName: string | null = 'Polar H10 1234') {
  const beatListeners = new Set<(b: Beat) => void>();
  const statusListeners = new Set<(s: HeartSourceStatus) => void>();
  let quality: number | null = 0.9;
  const source: HeartSource = {
    kind,
    deviceName,
    onBeat(l) {
      beatListeners.add(l);
      return () => beatListeners.delete(l);
    },
    onStatus(l) {
      statusListeners.add(l);
      return () => statusListeners.delete(l);
    },
    quality: () => quality,
    battery: () => 80,
    stop: vi.fn(async () => undefined),
  };
  return {
    source,
    beat: (b: Beat) => {
      for (const l of beatListeners) l(b);
    },
    status: (s: HeartSourceStatus) => {
      for (const l of statusListeners) l(s);
    },
    setQuality: (q: number | null) => (quality = q),
    listening: () => beatListeners.size + statusListeners.size,
  };
}

const clock: Clock = { now: () => 0, dispose: () => undefined };

/** Beats whose RR swings ±100 ms around 1000 ms at 0.1 Hz (6 breaths a minute), from `startAt` for `seconds`. */
function sinusBeats(startAt: number, seconds: number): Beat[] {
  const beats: Beat[] = [];
  let at = startAt;
  while (at < startAt + seconds * 1000) {
    const rrMs = 1000 + 100 * Math.sin((2 * Math.PI * 0.1 * at) / 1000);
    at += rrMs;
    beats.push({ at, rrMs });
  }
  return beats;
}

function storeWith(fake: ReturnType<typeof fakeSource>) {
  const open = vi.fn<OpenHeartSource>(async () => fake.source);
  return { store: createHeartStore(clock, open), open };
}

describe('the heart store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('is idle with nothing to show before a start', () => {
    const { store } = storeWith(fakeSource('strap'));
    expect([store.source(), store.status(), store.error(), store.reading(), store.beats()]).toEqual([null, 'idle', null, null, []]);
    expect(store.summarize(0, Number.MAX_SAFE_INTEGER)).toBeNull();
  });

  it('starts a sensor: starting, then running with its name, battery and quality', async () => {
    const fake = fakeSource('strap');
    const { store, open } = storeWith(fake);
    const started = store.start('strap');
    expect(store.status()).toBe('starting');
    expect(store.source()).toBe('strap');
    await started;
    expect(open).toHaveBeenCalledWith('strap', clock);
    expect([store.status(), store.deviceName(), store.battery(), store.quality()]).toEqual(['running', 'Polar H10 1234', 80, 0.9]);
  });

  it('reads quality while no beat comes (a finger slipping off the lens)', async () => {
    const fake = fakeSource('camera', null);
    const { store } = storeWith(fake);
    await store.start('camera');
    fake.setQuality(0.3);
    await vi.advanceTimersByTimeAsync(1000);
    expect(store.quality()).toBe(0.3);
  });

  it('gives bpm at each beat, coherence only every COHERENCE_STEP_MS, and two minutes of beats', async () => {
    const fake = fakeSource('strap');
    const { store } = storeWith(fake);
    await store.start('strap');
    const beats = sinusBeats(0, 180);
    const changes: number[] = [];
    let last = store.reading()?.coherence;
    for (const b of beats) {
      fake.beat(b);
      expect(store.reading()?.bpm).not.toBeNull();
      const now = store.reading()?.coherence;
      if (now !== last) changes.push(b.at);
      last = now;
    }
    expect(changes.length).toBeGreaterThan(10);
    for (let i = 1; i < changes.length; i++) expect(changes[i]! - changes[i - 1]!).toBeGreaterThanOrEqual(COHERENCE_STEP_MS);
    // A 0.1 Hz swing of heart rate: a coherent rhythm, at about 60 bpm.
    expect(store.reading()!.coherence!.score).toBeGreaterThan(67);
    expect(store.reading()!.bpm).toBeGreaterThan(55);
    expect(store.reading()!.bpm).toBeLessThan(65);
    const recent = store.beats();
    expect(recent.at(-1)).toEqual(beats.at(-1));
    expect(recent[0]!.at).toBeGreaterThanOrEqual(beats.at(-1)!.at - RECENT_BEATS_MS);
    expect(recent.length).toBe(beats.filter((b) => b.at >= beats.at(-1)!.at - RECENT_BEATS_MS).length);
  });

  it('summarizes the beats of a span, with the source that gave them', async () => {
    const fake = fakeSource('camera', null);
    const { store } = storeWith(fake);
    await store.start('camera');
    const beats = sinusBeats(0, 200);
    for (const b of beats) fake.beat(b);
    await store.stop();
    const summary = store.summarize(10_000, 190_000)!;
    expect(summary.source).toBe('camera');
    expect(summary.rr).toEqual(beats.filter((b) => b.at > 10_000 && b.at <= 190_000).map((b) => b.rrMs));
    expect(summary.meanBpm).toBeGreaterThan(55);
    expect(summary.coherence).toBeGreaterThan(67);
    expect(store.summarize(500_000, 600_000)).toBeNull();
  });

  it('keeps at most MAX_RR_KEPT beats for summaries, dropping the oldest', async () => {
    const fake = fakeSource('strap');
    const { store } = storeWith(fake);
    await store.start('strap');
    const beats = Array.from({ length: MAX_RR_KEPT + 50 }, (_, i) => ({ at: (i + 1) * 1000, rrMs: 1000 }));
    for (const b of beats) fake.beat(b);
    const summary = store.summarize(0, Number.MAX_SAFE_INTEGER)!;
    expect(summary.rr.length).toBe(MAX_RR_KEPT);
    expect(summary.beats).toBe(MAX_RR_KEPT);
  });

  it('words a refused start by its code, and anything else as failed', async () => {
    const denied = createHeartStore(clock, async () => {
      throw new HeartSourceError('denied');
    });
    await denied.start('camera');
    expect([denied.status(), denied.error()]).toEqual(['lost', 'denied']);
    const broken = createHeartStore(clock, async () => {
      throw new TypeError('no');
    });
    await broken.start('strap');
    expect([broken.status(), broken.error()]).toEqual(['lost', 'failed']);
  });

  it('follows a sensor that goes away and comes back', async () => {
    const fake = fakeSource('strap');
    const { store } = storeWith(fake);
    await store.start('strap');
    fake.status({ state: 'lost', error: new HeartSourceError('disconnected') });
    expect([store.status(), store.error()]).toEqual(['lost', 'disconnected']);
    fake.status({ state: 'running' });
    expect([store.status(), store.error()]).toEqual(['running', null]);
  });

  it('stops: the sensor is stopped, no longer heard, and the live figures are gone', async () => {
    const fake = fakeSource('strap');
    const { store } = storeWith(fake);
    await store.start('strap');
    for (const b of sinusBeats(0, 10)) fake.beat(b);
    await store.stop();
    expect(fake.source.stop).toHaveBeenCalledOnce();
    expect(fake.listening()).toBe(0);
    expect([store.source(), store.status(), store.reading(), store.beats(), store.deviceName()]).toEqual([null, 'idle', null, [], null]);
  });

  it('a stop while a sensor connects lets that sensor go when it arrives', async () => {
    const fake = fakeSource('strap');
    let arrive!: (s: HeartSource) => void;
    const store = createHeartStore(clock, () => new Promise((ok) => (arrive = ok)));
    const started = store.start('strap');
    await store.stop();
    await vi.waitFor(() => expect(arrive).toBeDefined());
    arrive(fake.source);
    await started;
    expect(store.status()).toBe('idle');
    expect(fake.source.stop).toHaveBeenCalledOnce();
    expect(fake.listening()).toBe(0);
  });

  it('a second start stops the first sensor', async () => {
    const strap = fakeSource('strap');
    const camera = fakeSource('camera', null);
    const store = createHeartStore(clock, async (kind) => (kind === 'strap' ? strap.source : camera.source));
    await store.start('strap');
    await store.start('camera');
    expect(strap.source.stop).toHaveBeenCalledOnce();
    expect(strap.listening()).toBe(0);
    expect([store.source(), store.status()]).toEqual(['camera', 'running']);
  });
});
