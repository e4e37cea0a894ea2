/**
 * The sound engine off the first load: this facade is all main.tsx carries; engine.ts (synthesis,
 * scheduler, voice) is fetched in its own chunk right after boot. Until it arrives, unlock() still
 * does its part inside the gesture (creating the AudioContext, waking speech), which the engine
 * then takes over; a start() waits for it (it arrives within milliseconds of boot, long before a
 * session's countdown ends).
 */
import { createSignal } from 'solid-js';
import type { AudioLike } from './context.ts';
import type { SoundEngine, SoundEngineOptions } from './engine.ts';
import { browserSpeech } from './voice.ts';

export type { SoundEngine, SoundEngineOptions } from './engine.ts';

/** A SoundEngine whose code loads after the first paint. */
export function createSoundEngine(options: SoundEngineOptions): SoundEngine {
  const [engine, setEngine] = createSignal<SoundEngine>();
  let ctx: AudioLike | undefined;
  let pending: Parameters<SoundEngine['start']> | undefined;
  const createContext = options.createContext ?? (() => new AudioContext() as AudioLike);
  void import('./engine.ts').then(({ createSoundEngine: create }) => {
    const made = create({ ...options, createContext: () => ctx ?? createContext() });
    if (ctx) made.unlock();
    setEngine(made);
    if (pending) made.start(...pending);
    pending = undefined;
  });
  return {
    unlock() {
      const e = engine();
      if (e) return e.unlock();
      ctx ??= createContext();
      void ctx.resume();
      const speech = options.speech === undefined ? browserSpeech() : options.speech;
      if (speech && options.settings().voice) {
        const u = speech.utterance('');
        u.volume = 0;
        speech.synth.speak(u);
      }
    },
    start(timeline, now) {
      const e = engine();
      if (e) e.start(timeline, now);
      else pending = [timeline, now];
    },
    stop() {
      pending = undefined;
      engine()?.stop();
    },
    finish() {
      pending = undefined;
      engine()?.finish();
    },
    appName: () => options.words().appName,
    voicesFor: (lang) => engine()?.voicesFor(lang) ?? [],
    voiceState: (lang) => engine()?.voiceState(lang) ?? 'loading',
    tryVoice: () => engine()?.tryVoice(),
  };
}
