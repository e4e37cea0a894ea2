/**
 * The small pieces sentences are built from, in the showing language: lists through Intl (which
 * does each language's grammar). Counts are the dictionaries' own plural messages (src/i18n/plural.ts).
 */
export { joinAnd, joinOr } from '../../i18n/format.ts';
