/**
 * The languages the app speaks, and which one a person gets. A pure module: no DOM, no dictionary,
 * so the first load can decide before any words arrive.
 */

/** The languages with a full dictionary, in the order the picker lists them. */
export const LANGUAGES = ['en', 'es', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

/**
 * Pseudo-locales for checking layout, reachable only by `?lang=` (never in the picker): en-XA makes
 * every string longer and accented, ar-XB also right to left (Chromium's own pseudo-locale names).
 */
export const PSEUDO_LOCALES = ['en-XA', 'ar-XB'] as const;
export type PseudoLocale = (typeof PSEUDO_LOCALES)[number];

/** What the words on screen are in: a language, or a pseudo-locale built from English. */
export type Locale = Language | PseudoLocale;

/** The stored choice: a language, or `auto` to follow the browser's languages. */
export type LanguageChoice = Language | 'auto';

/** Each language named in itself, as pickers do, so a person finds their own whatever is showing. */
export const ENDONYMS: Readonly<Record<Language, string>> = { en: 'English', es: 'Español', de: 'Deutsch' };

export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);
export const isPseudoLocale = (value: unknown): value is PseudoLocale => (PSEUDO_LOCALES as readonly unknown[]).includes(value);

/** The first of the browser's languages (`navigator.languages`) we speak, by primary subtag; English otherwise. */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const primary = tag.split('-')[0]!.toLowerCase();
    if (isLanguage(primary)) return primary;
  }
  return 'en';
}

/** The locale to show for a stored choice, the browser's languages and an explicit `?lang=` (which wins). */
export function resolveLocale(choice: LanguageChoice, preferred: readonly string[], requested?: string | null): Locale {
  if (isLanguage(requested) || isPseudoLocale(requested)) return requested;
  return choice === 'auto' ? pickLanguage(preferred) : choice;
}

/** Text direction of a locale. */
export const directionOf = (locale: Locale): 'ltr' | 'rtl' => (locale === 'ar-XB' ? 'rtl' : 'ltr');

/**
 * The tag Intl formats with. English is en-GB: the house style has day-month dates and no serial
 * comma. The pseudo-locales format as English so their screenshots stay readable.
 */
export const intlTag = (locale: Locale): string => (locale === 'es' ? 'es-ES' : locale === 'de' ? 'de-DE' : 'en-GB');

/** The `lang` attribute for the document (the pseudo-locales keep their own tags, as Chromium's do). */
export const htmlLang = (locale: Locale): string => locale;
