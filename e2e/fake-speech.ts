/**
 * A test double of window.speechSynthesis for Playwright (headless Chromium has no voices: its
 * getVoices() is empty and speak() fails with 'synthesis-failed'). Installed with
 * page.addInitScript(fakeSpeech, options): one local voice per language (or none), and each
 * utterance starting `latencyMs ± jitterMs` after speak(). It records in `window.__fakeSpeech`
 * what was spoken and when each cue started (performance.now()).
 *
 * A real voice runs in its own process: when it starts does not depend on the page's event loop,
 * only the 'start' event's delivery does. So the start recorded here is speak() plus the latency,
 * not the moment the fake's timer happens to fire (a loaded machine's timers run hundreds of ms
 * late, which would be the fake's lateness measured, not the engine's). The event itself is
 * dispatched by a timer, late or not, as a busy page would receive it.
 */

export interface FakeSpeechOptions {
  /** false: no voice at all, as on a device without speech. */
  readonly voices: boolean;
  readonly latencyMs: number;
  readonly jitterMs: number;
}

export interface FakeSpeechLog {
  readonly spoken: { text: string; spokenAt: number; startedAt: number | null; voice: string | null }[];
}

/** Runs in the page before its scripts (serialised by Playwright: no closures over this module). */
export function fakeSpeech(options: FakeSpeechOptions): void {
  const log: FakeSpeechLog = { spoken: [] };
  (window as unknown as { __fakeSpeech: FakeSpeechLog }).__fakeSpeech = log;
  const voices = options.voices
    ? [
        ['en-GB', 'Fake English'],
        ['es-ES', 'Fake Español'],
        ['de-DE', 'Fake Deutsch'],
      ].map(([lang, name]) => ({ voiceURI: `fake:${lang}`, name, lang, localService: true, default: lang === 'en-GB' }))
    : [];

  class FakeUtterance extends EventTarget {
    text: string;
    lang = '';
    voice: unknown = null;
    rate = 1;
    pitch = 1;
    volume = 1;
    onstart: ((e: Event) => void) | null = null;
    onend: ((e: Event) => void) | null = null;
    onerror: ((e: Event) => void) | null = null;
    constructor(text = '') {
      super();
      this.text = text;
    }
  }

  let current: { utterance: FakeUtterance; timers: number[] } | null = null;
  const fire = (u: FakeUtterance, type: 'start' | 'end' | 'error', error?: string) => {
    const event = Object.assign(new Event(type), error ? { error } : {});
    u[`on${type}`]?.(event);
    u.dispatchEvent(event);
  };
  const synth = Object.assign(new EventTarget(), {
    speaking: false,
    pending: false,
    paused: false,
    onvoiceschanged: null,
    getVoices: () => voices,
    speak(u: FakeUtterance) {
      if (u.text === '') return; // the engine's unlock: nothing to hear
      if (!options.voices) {
        setTimeout(() => fire(u, 'error', 'synthesis-failed'), 10);
        return;
      }
      const entry = {
        text: u.text,
        spokenAt: performance.now(),
        startedAt: null as number | null,
        voice: (u.voice as { name?: string } | null)?.name ?? null,
      };
      log.spoken.push(entry);
      synth.speaking = true;
      const latency = options.latencyMs + (Math.random() * 2 - 1) * options.jitterMs;
      const timers = [
        window.setTimeout(() => {
          entry.startedAt = entry.spokenAt + latency;
          fire(u, 'start');
        }, latency),
        window.setTimeout(() => {
          synth.speaking = false;
          fire(u, 'end');
        }, latency + 600),
      ];
      current = { utterance: u, timers };
    },
    cancel() {
      if (!current) return;
      for (const t of current.timers) clearTimeout(t);
      fire(current.utterance, 'error', 'interrupted');
      current = null;
      synth.speaking = false;
    },
    pause: () => undefined,
    resume: () => undefined,
  });
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: FakeUtterance, configurable: true });
}
