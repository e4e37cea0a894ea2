/** Practice settings, kept on the device. */
import { createSignal } from 'solid-js';
import { isLanguage, type LanguageChoice } from '../core/languages.ts';
import type { LocalDb } from './db.ts';

export type Theme = 'system' | 'light' | 'dark';

/** Chime sets and soundscapes, by the names the sound engine (src/audio) knows them by. */
export const CHIME_CHOICES = ['tones', 'bowl', 'bell'] as const;
export const SOUNDSCAPE_CHOICES = ['none', 'ocean', 'wind', 'drone'] as const;
export type ChimeChoice = (typeof CHIME_CHOICES)[number];
export type SoundscapeChoice = (typeof SOUNDSCAPE_CHOICES)[number];
/** The range of the voice's speaking rate (1 = the voice's own). */
export const VOICE_RATE = { min: 0.7, max: 1.3 } as const;

export interface Settings {
  readonly patternId: string;
  readonly tones: boolean;
  readonly vibration: boolean;
  readonly prepSeconds: number;
  readonly theme: Theme;
  /** The safety note for hold-heavy patterns is shown once, then never again. */
  readonly safetyNoteSeen: boolean;
  /** Lock a passphrase-protected journal after this many idle minutes; 0 = never. */
  readonly autoLockMinutes: number;
  /** The guide: 'suggested' (a glyph chosen for the pattern and hour), 'shape' (the drawn circle) or a glyph's CID. */
  readonly glyph: string;
  /** The last chosen session length in minutes; 0 = the pattern's own length. */
  readonly minutes: number;
  /** The language of every word, or `auto` for the first of the browser's languages the app speaks. */
  readonly language: LanguageChoice;
  /** What marks each phase change while `tones` (the "Sound" switch) is on. */
  readonly chimes: ChimeChoice;
  /** A sound that breathes with the pacer, or 'none'. */
  readonly soundscape: SoundscapeChoice;
  /** Spoken cues (in, hold, out) besides the chimes. */
  readonly voice: boolean;
  /** While the voice speaks: the seconds within each phase after its word ("Breathe in", 2, 3, 4). */
  readonly voiceCount: boolean;
  /** A SpeechSynthesisVoice.voiceURI, or '' for the best voice on the device in the showing language. */
  readonly voiceName: string;
  readonly voiceRate: number;
  /** Volumes, 0 to 1. */
  readonly voiceVolume: number;
  readonly chimeVolume: number;
  readonly ambienceVolume: number;
}

export const AUTO_LOCK_CHOICES = [0, 1, 5, 15, 60] as const;
/** Session lengths offered on the practice screen, in minutes (0 = the pattern's own). */
export const MINUTES_CHOICES = [0, 1, 3, 5, 10, 15, 20, 30] as const;

export const DEFAULT_SETTINGS: Settings = {
  patternId: 'preset:coherent',
  tones: false,
  vibration: true,
  prepSeconds: 3,
  theme: 'system',
  safetyNoteSeen: false,
  autoLockMinutes: 15,
  glyph: 'suggested',
  minutes: 0,
  language: 'auto',
  chimes: 'tones',
  soundscape: 'none',
  voice: false,
  voiceCount: false,
  voiceName: '',
  voiceRate: 1,
  voiceVolume: 1,
  chimeVolume: 0.8,
  ambienceVolume: 0.5,
};

const KEY = 'practice';

/** Coerces a stored value into Settings, falling back to defaults field by field. */
export function parseSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const bool = (k: keyof Settings) => (typeof r[k] === 'boolean' ? (r[k] as boolean) : (DEFAULT_SETTINGS[k] as boolean));
  const prep = r.prepSeconds;
  const inRange = (k: keyof Settings, min: number, max: number) => {
    const v = r[k];
    return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : (DEFAULT_SETTINGS[k] as number);
  };
  const oneOf = <T extends string>(k: keyof Settings, choices: readonly T[]) =>
    (choices as readonly unknown[]).includes(r[k]) ? (r[k] as T) : (DEFAULT_SETTINGS[k] as T);
  return {
    patternId: typeof r.patternId === 'string' ? r.patternId : DEFAULT_SETTINGS.patternId,
    tones: bool('tones'),
    vibration: bool('vibration'),
    prepSeconds: typeof prep === 'number' && Number.isInteger(prep) && prep >= 0 && prep <= 30 ? prep : DEFAULT_SETTINGS.prepSeconds,
    theme: r.theme === 'light' || r.theme === 'dark' || r.theme === 'system' ? r.theme : DEFAULT_SETTINGS.theme,
    safetyNoteSeen: bool('safetyNoteSeen'),
    glyph: typeof r.glyph === 'string' && r.glyph.length > 0 && r.glyph.length < 200 ? r.glyph : DEFAULT_SETTINGS.glyph,
    autoLockMinutes: (AUTO_LOCK_CHOICES as readonly unknown[]).includes(r.autoLockMinutes)
      ? (r.autoLockMinutes as number)
      : DEFAULT_SETTINGS.autoLockMinutes,
    minutes: (MINUTES_CHOICES as readonly unknown[]).includes(r.minutes) ? (r.minutes as number) : DEFAULT_SETTINGS.minutes,
    language: isLanguage(r.language) ? r.language : DEFAULT_SETTINGS.language,
    chimes: oneOf('chimes', CHIME_CHOICES),
    soundscape: oneOf('soundscape', SOUNDSCAPE_CHOICES),
    voice: bool('voice'),
    voiceCount: bool('voiceCount'),
    voiceName: typeof r.voiceName === 'string' && r.voiceName.length < 300 ? r.voiceName : DEFAULT_SETTINGS.voiceName,
    voiceRate: inRange('voiceRate', VOICE_RATE.min, VOICE_RATE.max),
    voiceVolume: inRange('voiceVolume', 0, 1),
    chimeVolume: inRange('chimeVolume', 0, 1),
    ambienceVolume: inRange('ambienceVolume', 0, 1),
  };
}

/**
 * The settings as a store: call it to read them (reactively), `update` to change some. A change
 * applies at once; the write follows, and one that fails (storage full) only loses it on reload.
 */
export interface SettingsStore {
  (): Settings;
  /** Applies `patch` now; resolves once it is written (or its failure logged), never rejects. */
  update(patch: Partial<Settings>): Promise<void>;
}

/** Reads the stored settings (defaults for what is missing or broken) and returns them as a store. */
export async function openSettingsStore(db: LocalDb): Promise<SettingsStore> {
  const [settings, setSettings] = createSignal(parseSettings(await db.get('settings', KEY)));
  const update = async (patch: Partial<Settings>) => {
    const next = { ...settings(), ...patch };
    setSettings(next);
    // reason: the setting applies now either way; a failed write only loses it on reload
    await db.put('settings', next, KEY).catch((error: unknown) => console.error('settings not saved', error));
  };
  return Object.assign(() => settings(), { update });
}
