/**
 * The one place where something that went wrong becomes words for a person. Domain errors carry a
 * code and the data the words need; each domain's words live in a file beside this one, and this
 * module asks them in turn. Nothing else in the UI shows an error's `message` (a test holds it to
 * that): the words come from the showing language's dictionary (src/i18n).
 */
import { t } from '../../i18n/index.ts';
import { glyphWords } from './glyphs.ts';
import { patternWords } from './patterns.ts';
import { roomWords } from './room.ts';
import { storageWords } from './storage.ts';
import { vaultWords } from './vault.ts';

/**
 * A part of the app loaded on demand (a screen, the glyph store) that did not arrive: browsers say
 * so only in a TypeError's message (Chromium and Firefox: "…dynamically imported module…";
 * Safari: "Importing a module script failed.").
 */
const partNotLoaded = (error: unknown): string | undefined =>
  error instanceof TypeError && /dynamically imported module|importing a module script failed/i.test(error.message)
    ? t('common.errors.partNotLoaded')
    : undefined;

/** Each domain's words for the errors it knows (undefined for any other error), asked in turn. */
const DOMAINS: readonly ((error: unknown) => string | undefined)[] = [
  vaultWords,
  patternWords,
  glyphWords,
  roomWords,
  storageWords,
  partNotLoaded,
];

/** What a person reads when something they did could not be done. */
export function describeError(error: unknown): string {
  for (const words of DOMAINS) {
    const text = words(error);
    if (text !== undefined) return text;
  }
  // reason: an error no domain names is a bug; the person gets a plain sentence, the console the detail.
  console.error(error);
  return t('common.errors.unexpected');
}
