/**
 * Pseudo-locales built from English, for checking layout without a translator: `long` accents every
 * letter and pads each message by about 40% (German runs about 30% longer than English); `rtl` also
 * flips the text with right-to-left overrides, so a layout that assumes left to right shows it.
 */
import type { Dict } from './en/index.ts';

const ACCENTED: Record<string, string> = {
  a: 'á',
  e: 'é',
  i: 'í',
  o: 'ó',
  u: 'ú',
  y: 'ý',
  c: 'ç',
  n: 'ñ',
  s: 'š',
  z: 'ž',
  A: 'Å',
  E: 'É',
  I: 'Í',
  O: 'Ó',
  U: 'Ú',
  Y: 'Ý',
  C: 'Ç',
  N: 'Ñ',
  S: 'Š',
  Z: 'Ž',
};
const RLO = '\u202E';
const PDF = '\u202C';

/** One message's pseudo text. */
export function pseudoText(text: string, kind: 'long' | 'rtl'): string {
  const accented = [...text].map((ch) => ACCENTED[ch] ?? ch).join('');
  const padding = '·'.repeat(Math.ceil(text.length * 0.4));
  const long = text.length === 0 ? text : `⟦${accented}${padding}⟧`;
  return kind === 'rtl' ? `${RLO}${long}${PDF}` : long;
}

function transform(value: unknown, kind: 'long' | 'rtl'): unknown {
  if (typeof value === 'string') return pseudoText(value, kind);
  if (typeof value === 'function') return (...args: unknown[]) => transform((value as (...a: unknown[]) => unknown)(...args), kind);
  if (Array.isArray(value)) return value.map((v) => transform(v, kind));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, transform(v, kind)]));
  }
  return value;
}

/** English's dictionary with every message (and every message a function returns) made pseudo. */
export const pseudoDict = (dict: Dict, kind: 'long' | 'rtl'): Dict => transform(dict, kind) as Dict;
