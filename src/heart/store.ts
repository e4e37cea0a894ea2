/**
 * The heart's store for the UI (`app.heart`): which sensor runs and how it is doing, the live
 * reading, the last two minutes of beats for the tachogram, and a session's summary. Only its
 * signals are in the first load: its workings (engine.ts), the sensors' code and the maths load on
 * the first start, so without a sensor the app carries none of it.
 */
import { createSignal, type Accessor } from 'solid-js';
import type { Beat, HeartReading, HeartSourceKind, HeartSummary } from '../core/heart/beat.ts';
import type { Clock } from '../shared/clock.ts';
import type { HeartEngine, HeartSignals, HeartStoreStatus, OpenHeartSource } from './engine.ts';
import type { HeartErrorCode } from './source.ts';

export type { HeartStoreStatus, OpenHeartSource } from './engine.ts';

/** What the UI reads and calls. */
export interface HeartStore {
  readonly source: Accessor<HeartSourceKind | null>;
  readonly status: Accessor<HeartStoreStatus>;
  readonly error: Accessor<HeartErrorCode | null>;
  /** bpm and RMSSD at each beat, coherence every COHERENCE_STEP_MS; null before the first beat. */
  readonly reading: Accessor<HeartReading | null>;
  /** The beats of the last two minutes, oldest first (the tachogram's). */
  readonly beats: Accessor<readonly Beat[]>;
  readonly quality: Accessor<number | null>;
  readonly battery: Accessor<number | null>;
  readonly deviceName: Accessor<string | null>;
  /** Starts a sensor (stopping one that runs); resolves once it runs or is lost, never rejects. */
  start(kind: HeartSourceKind): Promise<void>;
  /** Stops the sensor; the beats kept for summaries stay. */
  stop(): Promise<void>;
  /** The heart over [fromMs, toMs] of the page's clock, or null when no beats fell in it. */
  summarize(fromMs: number, toMs: number): HeartSummary | null;
}

/** The heart store over the page's clock; `open` starts sensors (the real ones unless a test gives its own). */
export function createHeartStore(clock: Clock, open?: OpenHeartSource): HeartStore {
  const signals: HeartSignals = {
    source: createSignal<HeartSourceKind | null>(null),
    status: createSignal<HeartStoreStatus>('idle'),
    error: createSignal<HeartErrorCode | null>(null),
    reading: createSignal<HeartReading | null>(null),
    beats: createSignal<readonly Beat[]>([]),
    quality: createSignal<number | null>(null),
    battery: createSignal<number | null>(null),
    deviceName: createSignal<string | null>(null),
  };
  let engine: HeartEngine | null = null;
  let loading: Promise<HeartEngine> | null = null;
  const load = () => (loading ??= import('./engine.ts').then((m) => (engine = m.createHeartEngine(clock, signals, open))));
  return {
    source: signals.source[0],
    status: signals.status[0],
    error: signals.error[0],
    reading: signals.reading[0],
    beats: signals.beats[0],
    quality: signals.quality[0],
    battery: signals.battery[0],
    deviceName: signals.deviceName[0],
    async start(kind) {
      // Said at once, while the engine's code arrives.
      signals.source[1](kind);
      signals.status[1]('starting');
      signals.error[1](null);
      try {
        await (await load()).start(kind);
      } catch (error) {
        // reason: only the engine's chunk can fail here (offline before it was cached); the engine itself never rejects
        console.error('heart engine did not load', error);
        loading = null;
        signals.status[1]('lost');
        signals.error[1]('failed');
      }
    },
    async stop() {
      if (loading) await (await load()).stop();
    },
    summarize: (fromMs, toMs) => engine?.summarize(fromMs, toMs) ?? null,
  };
}
