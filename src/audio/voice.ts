/**
 * Spoken cues through the Web Speech API. speechSynthesis has no clock: a cue is spoken when a
 * timer fires, and the voice starts some time after speak() (tens to hundreds of ms, per engine).
 * That start latency is measured on every cue (speak() to the utterance's 'start' event; the
 * median of the last few) and each cue is issued that much before its boundary.
 */
import { median } from './context.ts';

/** The slice of speechSynthesis the voice uses, so tests can hand in a fake. */
export interface SpeechLike {
  readonly synth: Pick<SpeechSynthesis, 'speak' | 'cancel' | 'getVoices' | 'speaking' | 'addEventListener' | 'removeEventListener'>;
  utterance(text: string): SpeechSynthesisUtterance;
}

/** Android's Chrome speaks only after a first speak() inside a gesture: an empty one, unheard, from unlock(). */
export function wakeSpeech(speech: SpeechLike): void {
  const u = speech.utterance('');
  u.volume = 0;
  speech.synth.speak(u);
}

/** The browser's speech, or null where there is none. */
export const browserSpeech = (): SpeechLike | null =>
  typeof speechSynthesis === 'undefined' || typeof SpeechSynthesisUtterance === 'undefined'
    ? null
    : { synth: speechSynthesis, utterance: (text) => new SpeechSynthesisUtterance(text) };

/** A voice as the options list shows it. */
export interface VoiceInfo {
  readonly uri: string;
  readonly name: string;
  readonly lang: string;
  /** Spoken on the device (works offline), not by a server. */
  readonly local: boolean;
}

/** Speak at most this long before the boundary, whatever the measured latency (ms). */
export const MAX_LEAD_MS = 400;
/** The first guess at the latency, before anything was measured (ms). */
export const FIRST_GUESS_MS = 120;
/** A cue whose boundary passed more than this before it could be spoken is skipped (ms). */
export const SKIP_LATE_MS = 150;
const MEASURES = 5;
/** A count is said only this long or more before its phase ends, so it never runs into the next cue (ms). */
export const COUNT_END_MS = 800;

/** One spoken count: the number `n` at `atMs`. */
export interface CountTick {
  readonly n: number;
  readonly atMs: number;
}

/**
 * The counts within a phase from `atMs` to `untilMs`: one at each whole second after its start,
 * the phase's word standing for 1 ("Breathe in", 2, 3, 4 over 4 s). Each is computed from the
 * boundary, never from the count before it, so counts cannot drift; a fraction of a second at
 * the end (5.45 s) is not counted.
 */
export function countTicks(atMs: number, untilMs: number): CountTick[] {
  const ticks: CountTick[] = [];
  for (let k = 1; atMs + k * 1000 <= untilMs - COUNT_END_MS; k++) ticks.push({ n: k + 1, atMs: atMs + k * 1000 });
  return ticks;
}

const primary = (lang: string) => lang.toLowerCase().split(/[-_]/)[0]!;
const sameTag = (a: string, b: string) => a.toLowerCase().replace('_', '-') === b.toLowerCase().replace('_', '-');

/**
 * The voices for language `lang`, best first: the exact tag before the same language elsewhere,
 * voices on the device before network ones, then the browser's default.
 */
export function voicesFor(voices: readonly SpeechSynthesisVoice[], lang: string): SpeechSynthesisVoice[] {
  const rank = (v: SpeechSynthesisVoice) => (sameTag(v.lang, lang) ? 0 : 2) + (v.localService ? 0 : 4) + (v.default ? 0 : 1);
  return voices.filter((v) => primary(v.lang) === primary(lang)).sort((a, b) => rank(a) - rank(b));
}

/** The voice to speak `lang` with: the chosen one if it speaks that language, else the best local one. */
export function pickVoice(voices: readonly SpeechSynthesisVoice[], lang: string, chosenUri: string): SpeechSynthesisVoice | null {
  const candidates = voicesFor(voices, lang);
  return candidates.find((v) => v.voiceURI === chosenUri) ?? candidates[0] ?? null;
}

export const voiceInfo = (v: SpeechSynthesisVoice): VoiceInfo => ({ uri: v.voiceURI, name: v.name, lang: v.lang, local: v.localService });

/** The running estimate of how long a voice takes to start after speak(). */
export function createLatency() {
  const measured: number[] = [];
  return {
    /** How long before a boundary to speak (ms). */
    lead: () => Math.min(MAX_LEAD_MS, Math.max(0, measured.length ? median(measured) : FIRST_GUESS_MS)),
    add(ms: number) {
      measured.push(ms);
      if (measured.length > MEASURES) measured.shift();
    },
  };
}

export interface SpeakOptions {
  readonly voice: SpeechSynthesisVoice | null;
  readonly lang: string;
  readonly rate: number;
  readonly volume: number;
  /** The page clock now (ms). */
  readonly now: () => number;
  /** When the voice started, on the page clock. */
  readonly started?: (atMs: number, issuedAtMs: number) => void;
  /** The voice could not speak (no voice, the engine failed). */
  readonly failed?: (error: string) => void;
}

/** Speaks `text` now, cutting off a cue still speaking (a cue is never worth being late for). */
export function speak(speech: SpeechLike, text: string, options: SpeakOptions): void {
  if (speech.synth.speaking) speech.synth.cancel();
  const u = speech.utterance(text);
  if (options.voice) u.voice = options.voice;
  u.lang = options.voice?.lang ?? options.lang;
  u.rate = options.rate;
  u.volume = options.volume;
  const issued = options.now();
  u.onstart = () => options.started?.(options.now(), issued);
  // 'interrupted' and 'canceled' are our own cancel(); anything else means the voice cannot speak.
  u.onerror = (e) => e.error !== 'interrupted' && e.error !== 'canceled' && options.failed?.(e.error);
  speech.synth.speak(u);
}
