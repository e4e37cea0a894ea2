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
 * The tag Intl formats with: the browser's own regional variant of the showing language when it
 * lists one (en-US writes 4:57 PM, es-MX its own dates), else a default: en-GB (the house style:
 * day-month dates, no serial comma), es-ES, de-DE. The pseudo-locales format as that English so
 * their screenshots stay readable.
 */
export function intlTag(locale: Locale, preferred: readonly string[] = []): string {
  const language: Language = isLanguage(locale) ? locale : 'en';
  // Only a tag with a region says how the person writes dates: a bare "en" would mean Intl's en-US.
  const regional = preferred.find((tag) => {
    const [primary, region] = tag.split('-');
    return primary!.toLowerCase() === language && region !== undefined && isValidTag(tag);
  });
  return regional ?? DEFAULT_TAGS[language];
}

const DEFAULT_TAGS: Readonly<Record<Language, string>> = { en: 'en-GB', es: 'es-ES', de: 'de-DE' };

function isValidTag(tag: string): boolean {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    // reason: getCanonicalLocales throws RangeError on a malformed tag, which a browser should never list
    return false;
  }
}

/** The `lang` attribute for the document (the pseudo-locales keep their own tags, as Chromium's do). */
export const htmlLang = (locale: Locale): string => locale;
