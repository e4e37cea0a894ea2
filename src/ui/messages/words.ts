/**
 * The small pieces sentences are built from: lists and counts. One place, so the languages issue
 * gives them the person's locale (Intl does the grammar) instead of finding them in every file.
 */

// en-GB lists read "a, b and c": the house style has no serial comma.
const LOCALE = 'en-GB';
const and = new Intl.ListFormat(LOCALE, { type: 'conjunction' });
const or = new Intl.ListFormat(LOCALE, { type: 'disjunction' });
const plurals = new Intl.PluralRules(LOCALE);

/** "a", "a and b", "a, b and c". */
export const joinAnd = (parts: readonly string[]): string => and.format(parts);

/** "a", "a or b", "a, b or c". */
export const joinOr = (parts: readonly string[]): string => or.format(parts);

/** "1 day", "3 days"; `many` for a plural that is not `one` + s ("passes"). */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${plurals.select(n) === 'one' ? one : many}`;
