/**
 * The sound of a session: chimes at each phase change, a soundscape that breathes with the pacer,
 * spoken cues, an end chime. One look-ahead scheduler (scheduler.ts) hands out the pacer's
 * boundaries; chimes and ramps are placed on the AudioContext clock through the clock map
 * (context.ts), spoken cues on a timer ahead by the voice's measured latency (voice.ts).
 * It keeps the session's contract (unlock/start/stop/finish of practice/tones.ts) and reads the
 * rest of the sound settings itself.
 */
import { createSignal } from 'solid-js';
import { phaseAt } from '../core/pacer.ts';
import { playChime, chimeSet, type ChimeKind } from './chimes.ts';
import { createClockMap, type AudioLike } from './context.ts';
import { firstStepAfter, startScheduler, type SoundTimeline } from './scheduler.ts';
import { soundscapeName, startSoundscape, type Soundscape } from './soundscape.ts';
import {
  browserSpeech,
  countTicks,
  createLatency,
  MAX_LEAD_MS,
  pickVoice,
  SKIP_LATE_MS,
  speak,
  voiceInfo,
  voicesFor,
  wakeSpeech,
  type SpeechLike,
  type VoiceInfo,
} from './voice.ts';

export type { SoundTimeline } from './scheduler.ts';

/** The settings the engine reads (local/settings.ts's Settings has these fields). */
export interface SoundSettings {
  readonly chimes: string;
  readonly soundscape: string;
  readonly voice: boolean;
  /** While the voice speaks, the seconds within each phase after its word; absent is off. */
  readonly voiceCount: boolean;
  /** A SpeechSynthesisVoice.voiceURI, or '' for the best local voice in the language. */
  readonly voiceName: string;
  readonly voiceRate: number;
  readonly voiceVolume: number;
  readonly chimeVolume: number;
  readonly ambienceVolume: number;
}

/** The words the engine speaks and shows the OS, in the person's language (main.tsx reads the dictionaries). */
export interface SoundWords {
  /** BCP 47 tag of the words' language: voices are chosen by it. */
  readonly lang: string;
  readonly appName: string;
  readonly inhale: string;
  readonly hold: string;
  readonly exhale: string;
  readonly rest: string;
  /** A second within a phase as the voice says it (2, 3, …; the phase's word stands for 1). */
  readonly count: (n: number) => string;
}

/** 'loading' until the device lists its voices; 'none' when none speaks the language (or the one there failed). */
export type VoiceState = 'loading' | 'ready' | 'none';

export interface SoundEngine {
  /** Creates or resumes the AudioContext and wakes speech; call from a user gesture. */
  unlock(): void;
  /** Schedules the session's sounds from `now()` on, until stop() or finish(). */
  start(timeline: SoundTimeline, now: () => number): void;
  /** Silences everything scheduled (pause, stop). */
  stop(): void;
  /** Stops scheduling but lets the end chime ring out and the soundscape fade. */
  finish(): void;
  /** The app's name, for the OS's media controls. */
  appName(): string;
  /** The device's voices for `lang`, best first (reactive). */
  voicesFor(lang: string): VoiceInfo[];
  voiceState(lang: string): VoiceState;
  /** Speaks the inhale cue now (the chime where there is no voice); call from a user gesture. */
  tryVoice(): void;
}

export interface SoundEngineOptions {
  readonly settings: () => SoundSettings;
  readonly words: () => SoundWords;
  readonly createContext?: () => AudioLike;
  /** The speech synthesiser; null where there is none. */
  readonly speech?: SpeechLike | null;
  /** performance.now(), which the page clock is built on. */
  readonly perfNow?: () => number;
}

/** How long to wait for the device to list its voices before saying it has none (ms). */
const VOICES_WAIT_MS = 2_000;
const FADE_S = 0.05;

interface Running {
  readonly timeline: SoundTimeline;
  cancel(finishing: boolean): void;
  /** Moves the schedule to `timeline`, the same session a little earlier or later on this clock. */
  retime(timeline: SoundTimeline): void;
}

/**
 * A new timeline for the session already sounding, only moved on this device's clock (a room's
 * clock estimate improved): it is moved, not started again, so nothing plays twice or is cut.
 */
const isRetiming = (a: SoundTimeline, b: SoundTimeline): boolean =>
  a.pattern === b.pattern &&
  a.soundscape === b.soundscape &&
  a.endMs - a.startMs === b.endMs - b.startMs &&
  Math.abs(a.startMs - b.startMs) < MAX_RETIME_MS;

/** The most a session may move on this clock and still be retimed rather than started again (ms). */
const MAX_RETIME_MS = 1_000;

export function createSoundEngine(options: SoundEngineOptions): SoundEngine {
  const { settings, words } = options;
  const speech = options.speech === undefined ? browserSpeech() : options.speech;
  const perfNow = options.perfNow ?? (() => performance.now());
  const createContext = options.createContext ?? (() => new AudioContext() as AudioLike);
  let ctx: AudioLike | undefined;
  let running: Running | undefined;
  // The session asked for before the page allowed sound (no gesture yet): it starts on unlock().
  let waiting: { timeline: SoundTimeline; now: () => number } | undefined;
  const latency = createLatency();

  const [voices, setVoices] = createSignal<readonly SpeechSynthesisVoice[]>([]);
  const [listed, setListed] = createSignal(speech === null);
  // The voice (language and choice) that failed to speak: that one is given up, until the person
  // chooses another voice or language (an online voice offline fails; another may not).
  const [failedFor, setFailedFor] = createSignal<string | null>(null);
  const choiceKey = () => `${words().lang}|${settings().voiceName}`;
  const failed = () => failedFor() === choiceKey();
  if (speech) {
    const read = () => {
      const list = speech.synth.getVoices();
      setVoices(list);
      if (list.length > 0) setListed(true);
    };
    read();
    speech.synth.addEventListener('voiceschanged', read);
    setTimeout(() => setListed(true), VOICES_WAIT_MS);
  }
  const voice = () => (speech && !failed() ? pickVoice(voices(), words().lang, settings().voiceName) : null);

  function say(text: string, now: () => number): void {
    const s = settings();
    if (!speech) return;
    speak(speech, text, {
      voice: voice(),
      lang: words().lang,
      rate: s.voiceRate,
      volume: s.voiceVolume,
      now,
      started: (at, issued) => latency.add(at - issued),
      // reason: 'not-allowed' is a speak() before any gesture (Android), not a missing voice
      failed: (error) => error !== 'not-allowed' && setFailedFor(choiceKey()),
    });
  }

  function run(context: AudioLike, timeline: SoundTimeline, now: () => number): Running {
    const s = settings();
    const map = createClockMap(context, now, perfNow);
    const chimes = chimeSet(s.chimes);
    const chimeOut = context.createGain();
    chimeOut.gain.value = s.chimeVolume;
    chimeOut.connect(context.destination);
    const ambienceOut = context.createGain();
    ambienceOut.gain.value = s.ambienceVolume;
    ambienceOut.connect(context.destination);
    const scapeName = soundscapeName(timeline.soundscape ?? s.soundscape);
    const scape: Soundscape | null = scapeName === 'none' ? null : startSoundscape(context, ambienceOut, scapeName);
    const speaking = s.voice && voice() !== null;
    // Each source with the context time it starts at and its boundary's phase number (-1 for the
    // end), so a retime stops only those still ahead and never sounds a begun boundary again.
    const sources = new Map<AudioScheduledSourceNode, { at: number; step: number }>();
    const cueTimers = new Set<ReturnType<typeof setTimeout>>();
    let volumes = [s.chimeVolume, s.ambienceVolume];

    const chime = (kind: ChimeKind, at: number, step: number) => {
      for (const src of playChime(context, chimeOut, chimes, kind, at)) {
        sources.set(src, { at, step });
        src.onended = () => sources.delete(src);
      }
    };
    // A cue waits until MAX_LEAD_MS before its instant, then for the latency measured by then.
    const cue = (atMs: number, text: () => string) => {
      const wait = (ms: number, then: () => void) => {
        const timer = setTimeout(
          () => {
            cueTimers.delete(timer);
            then();
          },
          Math.max(0, ms),
        );
        cueTimers.add(timer);
      };
      wait(atMs - MAX_LEAD_MS - now(), () =>
        wait(atMs - latency.lead() - now(), () => {
          if (now() <= atMs + SKIP_LATE_MS) say(text(), now);
        }),
      );
    };
    // Each whole second within a phase (if counting), from `fromMs` on.
    const counts = (atMs: number, untilMs: number, fromMs: number) => {
      const count = words().count;
      if (!settings().voiceCount) return;
      for (const tick of countTicks(atMs, untilMs)) if (tick.atMs >= fromMs) cue(tick.atMs, () => count(tick.n));
    };
    // Started within a phase (a resume, a room joined late): its count carries on, without its word.
    const countOn = (t: SoundTimeline) => {
      const t0 = now();
      if (!speaking || t0 <= t.startMs || t0 >= t.endMs) return;
      const p = phaseAt(t.pattern, t.startMs, t0);
      counts(p.startMs, Math.min(p.endMs, t.endMs), t0);
    };
    countOn(timeline);

    const handlers: Parameters<typeof startScheduler>[2] = {
      tick() {
        map.sample();
        const v = settings();
        if (v.chimeVolume !== volumes[0] || v.ambienceVolume !== volumes[1]) {
          volumes = [v.chimeVolume, v.ambienceVolume];
          chimeOut.gain.setTargetAtTime(v.chimeVolume, context.currentTime, FADE_S);
          ambienceOut.gain.setTargetAtTime(v.ambienceVolume, context.currentTime, FADE_S);
        }
      },
      boundary(b) {
        // Within the scheduler's lateness allowance a boundary can have just passed: it sounds at once.
        const at = Math.max(map.toAudio(b.atMs), context.currentTime);
        chime(b.kind, at, b.step);
        scape?.follow(b.kind, at, map.toAudio(b.untilMs));
        if (speaking) {
          cue(b.atMs, () => words()[b.kind]);
          counts(b.atMs, b.untilMs, b.atMs);
        }
      },
      end(atMs) {
        const at = Math.max(map.toAudio(atMs), context.currentTime);
        chime('end', at, -1);
        scape?.fade(at);
      },
    };
    let current = timeline;
    let scheduler = startScheduler(timeline, now, handlers);
    const clearCues = () => {
      for (const timer of cueTimers) clearTimeout(timer);
      cueTimers.clear();
    };

    return {
      get timeline() {
        return current;
      },
      cancel(finishing) {
        scheduler.cancel();
        clearCues();
        if (finishing) {
          scape?.fade(context.currentTime);
          return;
        }
        for (const src of sources.keys()) src.stop();
        sources.clear();
        scape?.stop();
        if (speaking && speech?.synth.speaking) speech.synth.cancel();
      },
      retime(next) {
        // What has begun stays as it sounds; what was placed ahead is placed again on the new times,
        // from the first phase that had not begun on the old ones (so none is heard twice). A chime
        // begins on the context's clock a little before it is heard (the output latency), so a
        // boundary whose chime has begun counts as begun even if the page clock is not yet there.
        let fromStep = firstStepAfter(current, now());
        scheduler.cancel();
        clearCues();
        const t = context.currentTime;
        for (const [src, { at, step }] of sources) {
          if (at <= t) {
            fromStep = Math.max(fromStep, step + 1);
            continue;
          }
          src.stop();
          sources.delete(src);
        }
        scape?.hold(t);
        current = next;
        countOn(next);
        scheduler = startScheduler(next, now, handlers, fromStep);
      },
    };
  }

  const engine: SoundEngine = {
    unlock() {
      ctx ??= createContext();
      void ctx.resume();
      if (speech && settings().voice) wakeSpeech(speech);
      if (waiting && !running) {
        const { timeline, now } = waiting;
        waiting = undefined;
        running = run(ctx, timeline, now);
      }
    },
    start(timeline, now) {
      if (running && isRetiming(running.timeline, timeline)) return running.retime(timeline);
      engine.stop();
      if (ctx) running = run(ctx, timeline, now);
      else waiting = { timeline, now };
    },
    stop() {
      waiting = undefined;
      running?.cancel(false);
      running = undefined;
    },
    finish() {
      waiting = undefined;
      running?.cancel(true);
      running = undefined;
    },
    appName: () => words().appName,
    voicesFor: (lang) => voicesFor(voices(), lang).map(voiceInfo),
    voiceState(lang) {
      if (!listed()) return 'loading';
      return failed() || voicesFor(voices(), lang).length === 0 ? 'none' : 'ready';
    },
    tryVoice() {
      engine.unlock();
      if (voice()) return say(words().inhale, () => performance.now());
      if (ctx) {
        const out = ctx.createGain();
        out.gain.value = settings().chimeVolume;
        out.connect(ctx.destination);
        playChime(ctx, out, chimeSet(settings().chimes), 'inhale', ctx.currentTime);
      }
    },
  };
  return engine;
}
