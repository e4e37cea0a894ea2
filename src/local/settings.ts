/** Practice settings, kept on the device. */
import { createSignal } from 'solid-js';
import { isLanguage, type LanguageChoice } from '../core/languages.ts';
import type { LocalDb } from './db.ts';

export type Theme = 'system' | 'light' | 'dark';

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
};

const KEY = 'practice';

/** Coerces a stored value into Settings, falling back to defaults field by field. */
export function parseSettings(raw: unknown): Settings {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const bool = (k: keyof Settings) => (typeof r[k] === 'boolean' ? (r[k] as boolean) : (DEFAULT_SETTINGS[k] as boolean));
  const prep = r.prepSeconds;
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
