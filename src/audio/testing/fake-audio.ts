/**
 * A recording stand-in for AudioContext (tests and bench/audio-onset.ts): it records when each
 * source starts and every automation event, and models the clocks a real one has. The audio clock
 * runs at its own rate (`drift`, parts per million) from its own origin; `getOutputTimestamp()`
 * says which context time is leaving the speaker now, `latencyMs` behind `currentTime`, with
 * optional jitter; `currentTime` moves in render quanta (128 frames).
 */
import type { AudioLike } from '../context.ts';

export interface FakeAudioOptions {
  /** The page clock (ms) the fake reads its own time from. */
  readonly pageNow: () => number;
  /** performance.now() for the same instant: the page clock minus this offset (ms). */
  readonly perfOffsetMs?: number;
  /** The audio clock's origin: context time 0 at this page time (ms). */
  readonly originMs?: number;
  /** Audio clock rate error, parts per million. */
  readonly driftPpm?: number;
  /** Output latency: `currentTime` minus the context time being heard (ms). */
  readonly latencyMs?: number;
  /** Uniform jitter between the two halves of getOutputTimestamp's pair, ± this many ms. */
  readonly jitterMs?: number;
  /** Whether the context has getOutputTimestamp (Safari before 14.1 has not). */
  readonly outputTimestamp?: boolean;
  readonly sampleRate?: number;
  readonly random?: () => number;
}

export interface Started {
  readonly id: number;
  readonly kind: 'oscillator' | 'buffer';
  readonly when: number;
  stopped: boolean;
}

export interface ParamEvent {
  readonly node: number;
  readonly param: string;
  readonly type: 'set' | 'linear' | 'exponential' | 'target' | 'cancel';
  readonly value: number;
  readonly time: number;
}

/** A fake AudioContext and what it recorded. */
export function createFakeAudio(options: FakeAudioOptions) {
  const { pageNow, perfOffsetMs = 0, originMs = pageNow(), driftPpm = 0, latencyMs = 0, jitterMs = 0, sampleRate = 48_000 } = options;
  const random = options.random ?? Math.random;
  const started: Started[] = [];
  const params: ParamEvent[] = [];
  let nextId = 1;
  const rate = 1 + driftPpm / 1e6;
  /** The exact context time at a page time (seconds). */
  const contextAt = (pageMs: number) => ((pageMs - originMs) / 1000) * rate;
  /** The page time (ms) at which context time `when` is heard. */
  const heardAt = (when: number) => originMs + ((when + latencyMs / 1000) / rate) * 1000;
  const quantum = 128 / sampleRate;

  const param = (node: number, name: string, initial: number) => {
    const record = (type: ParamEvent['type'], value: number, time: number) => params.push({ node, param: name, type, value, time });
    const p = {
      value: initial,
      setValueAtTime: (v: number, t: number) => event('set', v, t),
      linearRampToValueAtTime: (v: number, t: number) => event('linear', v, t),
      exponentialRampToValueAtTime: (v: number, t: number) => event('exponential', v, t),
      setTargetAtTime: (v: number, t: number, _c: number) => event('target', v, t),
      cancelScheduledValues: (t: number) => event('cancel', 0, t),
      cancelAndHoldAtTime: (t: number) => event('cancel', 0, t),
    };
    const event = (type: ParamEvent['type'], value: number, time: number) => {
      record(type, value, time);
      return p;
    };
    return p;
  };
  const node = () => ({ connect: <T>(n: T) => n, disconnect: () => undefined });
  const source = (kind: Started['kind']) => {
    const id = nextId++;
    const entry: Started = { id, kind, when: Number.NaN, stopped: false };
    return {
      id,
      ...node(),
      onended: null as null | (() => void),
      start(when = 0) {
        (entry as { when: number }).when = when;
        started.push(entry);
      },
      stop(when?: number) {
        if (when === undefined) entry.stopped = true;
      },
    };
  };

  const ctx = {
    sampleRate,
    state: 'running' as AudioContextState,
    get currentTime() {
      return Math.floor(contextAt(pageNow()) / quantum) * quantum;
    },
    destination: node(),
    resume: async () => undefined,
    createGain() {
      const n = { ...node(), gain: param(nextId, 'gain', 1) };
      nextId++;
      return n;
    },
    createOscillator() {
      const s = source('oscillator');
      return { ...s, type: 'sine', frequency: param(s.id, 'frequency', 440), detune: param(s.id, 'detune', 0) };
    },
    createBiquadFilter() {
      const id = nextId++;
      return { ...node(), type: 'lowpass', frequency: param(id, 'frequency', 350), Q: param(id, 'Q', 1) };
    },
    createBuffer(channels: number, length: number, rateHz: number) {
      const data = Array.from({ length: channels }, () => new Float32Array(length));
      return { length, sampleRate: rateHz, numberOfChannels: channels, getChannelData: (c: number) => data[c]! };
    },
    createBufferSource() {
      const s = source('buffer');
      return { ...s, buffer: null as unknown, loop: false, playbackRate: param(s.id, 'playbackRate', 1) };
    },
    ...(options.outputTimestamp === false
      ? {}
      : {
          getOutputTimestamp() {
            // The pair is read at slightly different moments: the jitter is between its two halves.
            const jitter = (random() * 2 - 1) * jitterMs;
            return { contextTime: contextAt(pageNow()) - latencyMs / 1000, performanceTime: pageNow() + jitter - perfOffsetMs };
          },
        }),
  };

  return {
    ctx: ctx as unknown as AudioLike,
    started,
    params,
    heardAt,
    /** The context time that is heard at page time `pageMs` (what a perfect scheduler asks for). */
    whenHeardAt: (pageMs: number) => contextAt(pageMs) - latencyMs / 1000,
    perfNow: () => pageNow() - perfOffsetMs,
  };
}
