/**
 * The heart store's workings, loaded with the first sensor (store.ts keeps only the signals in the
 * first load): starting and stopping sensors, turning beats into the live reading, keeping beats
 * for summaries. The sensors' code and the maths load here too, on the first start.
 */
import { batch } from 'solid-js';
import type { Signal } from 'solid-js';
import { MAX_RR_KEPT, type Beat, type HeartReading, type HeartSourceKind, type HeartSummary } from '../core/heart/beat.ts';
import type { Clock } from '../shared/clock.ts';
import { HeartSourceError, type HeartErrorCode, type HeartSource, type HeartSourceStatus } from './source.ts';

/** Where the store's sensor stands: nothing asked, asking (permission, chooser, connecting), beats coming, or gone with a reason. */
export type HeartStoreStatus = 'idle' | 'starting' | 'running' | 'lost';

/** Starts a sensor of a kind: the real ones by default, a test double in tests. */
export type OpenHeartSource = (kind: HeartSourceKind, clock: Clock) => Promise<HeartSource>;

/** How far back the tachogram's beats reach. */
export const RECENT_BEATS_MS = 120_000;

/** The store's signals (store.ts makes them), which the engine writes. */
export interface HeartSignals {
  readonly source: Signal<HeartSourceKind | null>;
  readonly status: Signal<HeartStoreStatus>;
  readonly error: Signal<HeartErrorCode | null>;
  readonly reading: Signal<HeartReading | null>;
  readonly beats: Signal<readonly Beat[]>;
  readonly quality: Signal<number | null>;
  readonly battery: Signal<number | null>;
  readonly deviceName: Signal<string | null>;
}

/** What the engine does for the store (store.ts's HeartStore start, stop and summarize). */
export interface HeartEngine {
  start(kind: HeartSourceKind): Promise<void>;
  stop(): Promise<void>;
  summarize(fromMs: number, toMs: number): HeartSummary | null;
}

/** How often quality and battery are read while a sensor runs (they change without a beat: a finger slipping). */
const POLL_MS = 500;

const openRealSource: OpenHeartSource = async (kind, clock) =>
  kind === 'strap' ? (await import('./bluetooth.ts')).startStrap(clock) : (await import('./camera.ts')).startCamera(clock);

/** The maths, loaded with the first sensor. */
const loadMaths = () =>
  Promise.all([
    import('../core/heart/artefacts.ts'),
    import('../core/heart/hrv.ts'),
    import('../core/heart/reading.ts'),
    import('../core/heart/coherence.ts'),
    import('../core/heart/summarize.ts'),
  ]).then(([artefacts, hrv, reading, coherence, summarize]) => {
    /** A figure over the kept beats of the window ending at `atMs`, as reading.ts takes it. */
    const over = (beats: readonly Beat[], atMs: number, spanMs: number, figure: typeof hrv.meanBpmOf) => {
      const [lo, hi] = artefacts.beatIndexRange(beats, atMs - spanMs, atMs);
      return figure(beats.slice(lo, hi), artefacts.artefactFlagsIn(beats, lo, hi));
    };
    return {
      bpm: (beats: readonly Beat[], atMs: number) => over(beats, atMs, reading.BPM_WINDOW_MS, hrv.meanBpmOf),
      rmssd: (beats: readonly Beat[], atMs: number) => over(beats, atMs, reading.RMSSD_WINDOW_MS, hrv.rmssdOf),
      coherence: coherence.heartCoherence,
      stepMs: coherence.COHERENCE_STEP_MS,
      summarizeHeart: summarize.summarizeHeart,
    };
  });
type Maths = Awaited<ReturnType<typeof loadMaths>>;

const codeOf = (error: unknown): HeartErrorCode => (error instanceof HeartSourceError ? error.code : 'failed');

/** The store's workings over its signals (store.ts made them; the UI reads them). */
export function createHeartEngine(clock: Clock, signals: HeartSignals, open: OpenHeartSource = openRealSource): HeartEngine {
  const [, setSource] = signals.source;
  const [, setStatus] = signals.status;
  const [, setError] = signals.error;
  const [reading, setReading] = signals.reading;
  const [beats, setBeats] = signals.beats;
  const [, setQuality] = signals.quality;
  const [, setBattery] = signals.battery;
  const [, setDeviceName] = signals.deviceName;

  let maths: Maths | null = null;
  /** Every beat since the first start, for summaries (capped, dropped from the start). */
  let kept: Beat[] = [];
  /** The kind that gave the kept beats last: a summary names it. */
  let keptKind: HeartSourceKind | null = null;
  let running: HeartSource | null = null;
  let detach: (() => void) | null = null;
  /** Each start gets a number; a start overtaken (by stop or another start) lets its sensor go. */
  let attempt = 0;
  let coherenceAt = Number.NEGATIVE_INFINITY;

  const poll = (s: HeartSource) => {
    setQuality(s.quality());
    setBattery(s.battery());
  };

  const onBeat = (s: HeartSource, beat: Beat) => {
    kept.push(beat);
    if (kept.length > MAX_RR_KEPT) kept = kept.slice(kept.length - MAX_RR_KEPT);
    keptKind = s.kind;
    const recent = [...beats().filter((b) => b.at >= beat.at - RECENT_BEATS_MS), beat];
    const m = maths!;
    // Heart rate and RMSSD at every beat (reading.ts's windows); the coherence figure moves in steps,
    // a new window every COHERENCE_STEP_MS (and the first as soon as there is one), as HeartMath's does.
    const previous = reading()?.coherence ?? null;
    const due = beat.at - coherenceAt >= m.stepMs || previous === null;
    const coherence = due ? m.coherence(recent, beat.at) : previous;
    if (due && coherence !== null) coherenceAt = beat.at;
    batch(() => {
      setBeats(recent);
      setReading({ bpm: m.bpm(recent, beat.at), rmssdMs: m.rmssd(recent, beat.at), coherence });
      poll(s);
    });
  };

  const onStatus = (s: HeartSource, next: HeartSourceStatus) =>
    batch(() => {
      setStatus(next.state);
      setError(next.state === 'lost' ? next.error.code : null);
      poll(s);
    });

  /** Stops hearing the running sensor at once, then stops it. */
  const release = async () => {
    const s = running;
    detach?.();
    detach = null;
    running = null;
    // reason: a sensor that fails to stop is gone for the store either way; stop() is documented safe
    await s?.stop().catch((e: unknown) => console.error('heart sensor did not stop cleanly', e));
  };

  const clearLive = () => {
    setReading(null);
    setBeats([]);
    setQuality(null);
    setBattery(null);
    setDeviceName(null);
    coherenceAt = Number.NEGATIVE_INFINITY;
  };

  return {
    async start(kind) {
      const mine = ++attempt;
      const stopping = release();
      batch(() => {
        clearLive();
        setSource(kind);
        setStatus('starting');
        setError(null);
      });
      // The sensor is asked for at once, within the click's user activation (Web Bluetooth's chooser
      // needs it), not after the old sensor has stopped: a strap out of range can take seconds to let go.
      const [mathsLoaded, opened] = await Promise.allSettled([maths ?? loadMaths(), open(kind, clock), stopping]);
      const started = opened.status === 'fulfilled' ? opened.value : null;
      if (mine !== attempt || mathsLoaded.status === 'rejected' || !started) {
        // reason: a sensor that opened but cannot be used (stopped or restarted meanwhile, or the maths
        // did not load) is let go at once: no camera or torch left on behind a lost status
        await started?.stop().catch(() => undefined);
        if (mine !== attempt) return;
        const failure = opened.status === 'rejected' ? opened.reason : mathsLoaded.status === 'rejected' ? mathsLoaded.reason : null;
        batch(() => {
          setStatus('lost');
          setError(codeOf(failure));
        });
        return;
      }
      maths = mathsLoaded.value;
      running = started;
      const offBeat = started.onBeat((beat) => onBeat(started, beat));
      const offStatus = started.onStatus((next) => onStatus(started, next));
      const timer = setInterval(() => poll(started), POLL_MS);
      detach = () => {
        offBeat();
        offStatus();
        clearInterval(timer);
      };
      batch(() => {
        setDeviceName(started.deviceName);
        // A started source runs; what it says after (lost, back) comes through onStatus.
        setStatus('running');
        poll(started);
      });
    },
    async stop() {
      attempt++;
      await release();
      batch(() => {
        clearLive();
        setSource(null);
        setStatus('idle');
        setError(null);
      });
    },
    summarize(fromMs, toMs) {
      const first = kept[0];
      const last = kept.at(-1);
      if (!maths || !keptKind || !first || !last) return null;
      // The span is cut to the beats kept: the summary steps through it every few seconds, and an
      // open end (a session's "until now", a test's "everything") must not step through nothing.
      return maths.summarizeHeart(keptKind, kept, Math.max(fromMs, first.at - first.rrMs), Math.min(toMs, last.at));
    },
  };
}
