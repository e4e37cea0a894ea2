/**
 * Dates, numbers, lists and durations in the showing locale, through Intl. Formatters cost far more
 * to make than to use, so each is made once per locale and options, then reused.
 */
import { intlLocale } from './index.ts';

const cache = new Map<string, unknown>();

function made<T>(kind: string, options: object, make: (tag: string) => T): T {
  const tag = intlLocale();
  const key = `${kind}|${tag}|${JSON.stringify(options)}`;
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make(tag);
    cache.set(key, formatter);
  }
  return formatter;
}

/** A date, a time or both, as `options` asks (reactive on the locale). */
export const formatDate = (at: number | Date, options: Intl.DateTimeFormatOptions): string =>
  made('date', options, (tag) => new Intl.DateTimeFormat(tag, options)).format(at);

/** A number, as `options` asks ("1.234,5" in German). */
export const formatNumber = (n: number, options: Intl.NumberFormatOptions = {}): string =>
  made('number', options, (tag) => new Intl.NumberFormat(tag, options)).format(n);

/** "a", "a and b", "a, b and c" in the showing language. */
export const joinAnd = (parts: readonly string[]): string =>
  made('and', {}, (tag) => new Intl.ListFormat(tag, { type: 'conjunction' })).format(parts);

/** "a", "a or b", "a, b or c" in the showing language. */
export const joinOr = (parts: readonly string[]): string =>
  made('or', {}, (tag) => new Intl.ListFormat(tag, { type: 'disjunction' })).format(parts);

/** Compares names the showing language's way (accents and case aside, numbers by value). */
export const compareNames = (a: string, b: string): number =>
  made('collator', {}, (tag) => new Intl.Collator(tag, { sensitivity: 'base', numeric: true })).compare(a, b);

interface DurationFormatLike {
  format(duration: Record<string, number>): string;
}
type DurationFormatConstructor = new (tag: string, options: object) => DurationFormatLike;

/**
 * A span of time in words, to the second ("12 min 5 s", "12 Min., 5 Sek."): Intl.DurationFormat
 * where the browser has it (Chromium 129+), else the units one by one through NumberFormat.
 */
export function formatDurationWords(ms: number, style: 'short' | 'long' = 'short'): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const parts = { hours: Math.floor(total / 3600), minutes: Math.floor((total % 3600) / 60), seconds: total % 60 };
  const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
  if (DurationFormat) return made('duration', { style }, (tag) => new DurationFormat(tag, { style })).format(parts);
  const units = (['hours', 'minutes', 'seconds'] as const).filter((unit) => parts[unit] > 0);
  if (units.length === 0) units.push('seconds');
  return units.map((unit) => formatNumber(parts[unit], { style: 'unit', unit: unit.slice(0, -1), unitDisplay: style })).join(' ');
}
