/** Words for room sessions in the journal (core/journal.ts RoomRecord): the mark and the room's figures. */
import type { RoomRecord } from '../../core/journal.ts';
import { t } from '../../i18n/index.ts';

/** The mark on a room session: breathed with the room, or the room's pattern breathed on one's own. */
export const roomMarkWords = (room: RoomRecord): string => (room.facilitated ? t('journal.room.session') : t('journal.room.pattern'));

/** "5 people", "1 person": how many were in the room at the end; "alone" when the room's pattern was breathed on one's own. */
export const roomPeopleWords = (room: RoomRecord): string =>
  room.facilitated ? t('journal.room.people', room.people) : t('journal.room.alone');

/** A sync figure on the room's own scale, "72 / 100" (0..1 kept, 0-100 shown). */
export const syncFigure = (value: number): string => `${Math.round(value * 100)} / 100`;

/** "group sync 72 / 100", "pair sync 40 / 100" (two counted); undefined when the room had no figure. */
export const roomSyncWords = (room: RoomRecord): string | undefined =>
  room.group
    ? room.group.kind === 'pair'
      ? t('journal.room.pairSync', syncFigure(room.group.value))
      : t('journal.room.groupSync', syncFigure(room.group.value))
    : undefined;

/** All of it in one line: "Room session · group sync 72 / 100 · 5 people". */
export const roomSessionWords = (room: RoomRecord): string =>
  [roomMarkWords(room), roomSyncWords(room), roomPeopleWords(room)].filter((p) => p !== undefined).join(' · ');
