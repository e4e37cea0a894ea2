/**
 * A stand-in for speechSynthesis (unit tests, bench): one local voice per language, and each
 * utterance's 'start' event `latency()` ms after speak() (on the test's timers). It records when
 * each cue was spoken and when it started, on the page clock it is given.
 */
import type { SpeechLike } from '../voice.ts';

export interface SpokenCue {
  readonly text: string;
  readonly spokenAt: number;
  startedAt: number;
}

export function createFakeSpeech(options: { now: () => number; latency: () => number; langs?: readonly string[] }) {
  const spoken: SpokenCue[] = [];
  const voices = (options.langs ?? ['en-GB', 'es-ES', 'de-DE']).map(
    (lang) => ({ voiceURI: `fake-${lang}`, name: `Fake ${lang}`, lang, localService: true, default: false }) as SpeechSynthesisVoice,
  );
  let current: { cancel(): void } | null = null;
  const synth = {
    speaking: false,
    getVoices: () => voices,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    cancel() {
      current?.cancel();
      current = null;
      synth.speaking = false;
    },
    speak(u: SpeechSynthesisUtterance) {
      if (u.text === '') return;
      const cue: SpokenCue = { text: u.text, spokenAt: options.now(), startedAt: Number.NaN };
      spoken.push(cue);
      synth.speaking = true;
      const started = setTimeout(() => {
        cue.startedAt = options.now();
        u.onstart?.({} as SpeechSynthesisEvent);
      }, options.latency());
      const ended = setTimeout(() => (synth.speaking = false), options.latency() + 500);
      current = {
        cancel() {
          clearTimeout(started);
          clearTimeout(ended);
          u.onerror?.({ error: 'interrupted' } as SpeechSynthesisErrorEvent);
        },
      };
    },
  };
  const speech: SpeechLike = {
    synth: synth as unknown as SpeechLike['synth'],
    utterance: (text) =>
      ({ text, volume: 1, rate: 1, lang: '', voice: null, onstart: null, onerror: null }) as unknown as SpeechSynthesisUtterance,
  };
  return { speech, spoken };
}
