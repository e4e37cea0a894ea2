/**
 * The words on screen, in the person's language. One dictionary is loaded at a time (each language
 * is its own chunk, English too, so the first load carries none); `t('domain.key', ...args)` reads
 * it reactively, so a change of language redraws every word without a reload.
 *
 * The translator is @solid-primitives/i18n's: a flat, typed key path per message, and a message
 * that needs numbers or names is a function in the dictionary (plurals through ./plural.ts).
 */
import { flatten, translator, type Flatten, type Translator } from '@solid-primitives/i18n';
import { createSignal } from 'solid-js';
import type { Dict } from './en/index.ts';
import { directionOf, htmlLang, intlTag, isLanguage, type Locale } from '../core/languages.ts';
import { manifestPath } from './manifest.ts';

export type { Dict } from './en/index.ts';
/** Every message by its dotted path (`practice.start`). */
export type Messages = Flatten<Dict>;
/** A message's path, for props and tables that name a message rather than hold its words. */
export type MessageKey = keyof Messages;

interface Loaded {
  readonly locale: Locale;
  readonly messages: Messages;
  /** The Intl tag: the browser's regional variant of the language, where it has one. */
  readonly tag: string;
}

const [loaded, setLoaded] = createSignal<Loaded>();

const current = (): Loaded => {
  const state = loaded();
  if (!state) throw new Error('no dictionary loaded: main.tsx loads one before the first render');
  return state;
};

const pseudo = (kind: 'long' | 'rtl') =>
  Promise.all([import('./en/index.ts'), import('./pseudo.ts')]).then(([en, p]) => p.pseudoDict(en.dict, kind));

/** Each locale's dictionary, fetched on demand (Vite makes each its own chunk; the service worker precaches them). */
const LOADERS: Record<Locale, () => Promise<Dict>> = {
  en: () => import('./en/index.ts').then((m) => m.dict),
  es: () => import('./es/index.ts').then((m) => m.dict),
  de: () => import('./de/index.ts').then((m) => m.dict),
  'en-XA': () => pseudo('long'),
  'ar-XB': () => pseudo('rtl'),
};

/** The locale whose words are showing (reactive). */
export const locale = (): Locale => current().locale;

/** The BCP 47 tag Intl formats with for the showing locale (reactive). */
export const intlLocale = (): string => current().tag;

/** The words for a message path; a function message is called with `args` (reactive). */
export const t: Translator<Messages> = translator(() => current().messages);

/** Shows `dict` as `locale`'s words now, and marks the document with its language, direction and manifest. */
export function useDictionary(locale: Locale, dict: Dict): void {
  // Only a page has a person's languages; tests (and any other runtime) get the defaults.
  const preferred = typeof document !== 'undefined' ? navigator.languages : [];
  setLoaded({ locale, messages: flatten(dict), tag: intlTag(locale, preferred) });
  if (typeof document !== 'undefined') {
    document.documentElement.lang = htmlLang(locale);
    document.documentElement.dir = directionOf(locale);
    // Installing reads the manifest the page points at: the app is then named in the showing language.
    document.querySelector('link[rel="manifest"]')?.setAttribute('href', manifestPath(isLanguage(locale) ? locale : 'en'));
  }
}

let latest: Locale | undefined;

/**
 * Loads `locale`'s dictionary and shows it; resolves to whether it is showing (false when a later
 * call overtook it, so flicking through the picker ends on the last choice). Rejects when the chunk
 * cannot be fetched (offline before the service worker has it); the words showing stay.
 */
export async function loadLocale(locale: Locale): Promise<boolean> {
  latest = locale;
  const dict = await LOADERS[locale]();
  if (latest !== locale) return false;
  useDictionary(locale, dict);
  return true;
}

/** Whether any dictionary is showing yet (main.tsx's last resort when the one it asked for did not arrive). */
export const wordsShowing = (): boolean => loaded() !== undefined;
