/** Words for the people in a room: the one-line counts, each person's state, and the order they are listed in. */
import { compareNames, joinAnd } from '../../i18n/format.ts';
import { t } from '../../i18n/index.ts';
import type { Face } from '../../room/field.ts';
import type { PresentMember } from '../../room/presence.ts';
import { memberName } from './room.ts';

/** "12 here · 9 breathing · 4 pressing". */
export const presenceCountsWords = (c: { here: number; breathing: number; pressing: number }): string =>
  t('room.people.counts', c.here, c.breathing, c.pressing);

/** The people list's name for assistive technology: "12 people in the room". */
export const peopleListLabel = (here: number): string => t('room.people.listLabel', here);

/** What a person is doing, in words for screen readers (the dot shows it by its shape): '' when neither. */
export const personStateWords = (m: Pick<PresentMember, 'pressed' | 'breathing'>): string =>
  m.pressed ? t('room.people.pressing') : m.breathing ? t('room.people.breathing') : '';

/** "coherence 72", or '' without a score. */
export const personScoreWords = (score: number | null): string => (score === null ? '' : t('room.people.score', score));

/**
 * People in the order listed: you first, then by the name shown, the showing language's way (case and
 * accents aside, numbers by value: "Mat 2" before "Mat 10"), ties by id so the order never flickers.
 */
export function peopleInOrder<M extends PresentMember>(members: readonly M[]): M[] {
  const shown = new Map(members.map((m) => [m, memberName(m.name, false)]));
  return [...members].sort(
    (a, b) =>
      Number(b.me) - Number(a.me) ||
      compareNames(shown.get(a)!, shown.get(b)!) ||
      (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0),
  );
}

/** The faces on a field's ring in words, for screen readers: "Among those here: Ada, Bo (you) and Someone." ('' for none). */
export const fieldFacesWords = (faces: readonly Pick<Face, 'name' | 'me'>[]): string =>
  faces.length === 0 ? '' : t('room.field.faces', joinAnd(faces.map((f) => memberName(f.name, f.me))));

/** Up to two letters for a face: the first of the first and last words of the name ('' without a name). */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = (word: string | undefined) => (word ? Array.from(word)[0]! : '');
  const letters = words.length > 1 ? first(words[0]) + first(words.at(-1)) : first(words[0]);
  return letters.toLocaleUpperCase();
}
