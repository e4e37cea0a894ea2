/**
 * The web app manifest in each language: the words a browser shows when it installs the app (name,
 * description, screenshots' labels, shortcuts) from the dictionaries. public/manifest.webmanifest is
 * the English one; the build writes manifest-es.webmanifest and manifest-de.webmanifest beside it,
 * and the page points its `<link rel="manifest">` at the showing language's (see ./index.ts).
 */
import type { Language } from '../core/languages.ts';
import type { Dict } from './en/index.ts';

/** The part of a manifest this touches; everything else is kept as it is. */
export interface Manifest {
  readonly name: string;
  readonly short_name: string;
  readonly description: string;
  readonly lang: string;
  readonly dir: string;
  readonly screenshots: readonly { readonly form_factor: string; readonly label: string }[];
  readonly shortcuts: readonly { readonly url: string; readonly name: string; readonly short_name: string; readonly description: string }[];
  readonly [field: string]: unknown;
}

/** Where a language's manifest is served. */
export const manifestPath = (language: Language): string =>
  language === 'en' ? '/manifest.webmanifest' : `/manifest-${language}.webmanifest`;

/** `base` with its words in `language`. */
export function localiseManifest(base: Manifest, dict: Dict, language: Language): Manifest {
  const words = dict.common.manifest;
  return {
    ...base,
    name: dict.common.appName,
    short_name: words.shortName,
    description: words.description,
    lang: language,
    dir: 'ltr',
    screenshots: base.screenshots.map((s) => ({ ...s, label: s.form_factor === 'wide' ? words.screenshotWide : words.screenshotNarrow })),
    shortcuts: base.shortcuts.map((s) =>
      s.url === '/journal'
        ? { ...s, name: words.journal, short_name: words.journal, description: words.journalDescription }
        : { ...s, name: words.breatheNow, short_name: words.breatheNowShort, description: words.breatheNowDescription },
    ),
  };
}
