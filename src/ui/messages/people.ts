/** Words for the people in a room: the one-line counts, each person's state, and the order they are listed in. */
import type { PresentMember } from '../../room/presence.ts';
import { memberName } from './room.ts';
import { count } from './words.ts';

const LOCALE = 'en-GB';
// Case and accents aside ("ada" beside "Ada", "Émile" beside "Emile"), numbers by value ("Mat 2" before "Mat 10").
const byName = new Intl.Collator(LOCALE, { sensitivity: 'base', numeric: true });

/** "12 here · 9 breathing · 4 pressing". */
export const presenceCountsWords = (c: { here: number; breathing: number; pressing: number }): string =>
  `${c.here} here · ${c.breathing} breathing · ${c.pressing} pressing`;

/** The people list's name for assistive technology: "12 people in the room". */
export const peopleListLabel = (here: number): string => `${count(here, 'person', 'people')} in the room`;

/** What a person is doing, in words for screen readers (the dot shows it by its shape): '' when neither. */
export const personStateWords = (m: Pick<PresentMember, 'pressed' | 'breathing'>): string =>
  m.pressed ? 'pressing' : m.breathing ? 'breathing along' : '';

/** "coherence 72", or '' without a score. */
export const personScoreWords = (score: number | null): string => (score === null ? '' : `coherence ${score}`);

/** People in the order listed: you first, then by the name shown (ignoring case), ties by id so the order never flickers. */
export function peopleInOrder<M extends PresentMember>(members: readonly M[]): M[] {
  const shown = new Map(members.map((m) => [m, memberName(m.name, false)]));
  return [...members].sort(
    (a, b) =>
      Number(b.me) - Number(a.me) ||
      byName.compare(shown.get(a)!, shown.get(b)!) ||
      (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0),
  );
}
