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
import { browserSpeech, wakeSpeech } from './voice.ts';

export type { SoundEngine, SoundEngineOptions } from './engine.ts';

/** A SoundEngine whose code loads after the first paint. */
export function createSoundEngine(options: SoundEngineOptions): SoundEngine {
  const [engine, setEngine] = createSignal<SoundEngine>();
  let ctx: AudioLike | undefined;
  let pending: Parameters<SoundEngine['start']> | undefined;
  const createContext = options.createContext ?? (() => new AudioContext() as AudioLike);
  const [broken, setBroken] = createSignal(false);
  let loading = false;
  const load = () => {
    if (loading || engine()) return;
    loading = true;
    import('./engine.ts')
      .then(({ createSoundEngine: create }) => {
        const made = create({ ...options, createContext: () => ctx ?? createContext() });
        if (ctx) made.unlock();
        setEngine(made);
        setBroken(false);
        if (pending) made.start(...pending);
        pending = undefined;
      })
      .catch((error: unknown) => {
        // reason: the chunk did not arrive (offline before the service worker had it); the next tap tries again, and the options say there is no voice
        console.warn('sound engine not loaded', error);
        setBroken(true);
      })
      .finally(() => {
        loading = false;
      });
  };
  load();
  return {
    unlock() {
      const e = engine();
      if (e) return e.unlock();
      load();
      ctx ??= createContext();
      void ctx.resume();
      const speech = options.speech === undefined ? browserSpeech() : options.speech;
      if (speech && options.settings().voice) wakeSpeech(speech);
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
    voiceState: (lang) => engine()?.voiceState(lang) ?? (broken() ? 'none' : 'loading'),
    tryVoice: () => engine()?.tryVoice(),
  };
}
