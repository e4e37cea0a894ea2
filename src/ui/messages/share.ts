/** Words for putting a scheduled session in a calendar (the share panel's own words are the dictionary's `room.share`). */
import { InvalidCalendarEventError } from '../../core/ics.ts';
import { t } from '../../i18n/index.ts';

/** The calendar event's description: what the session is, and the link to join (calendars that ignore URL still show this). */
export const calendarDescription = (url: string): string => t('room.calendar.description', url);

/** Words for the errors of making a calendar file; undefined for any other error. */
export function calendarWords(error: unknown): string | undefined {
  if (!(error instanceof InvalidCalendarEventError)) return undefined;
  return error.problem.code === 'duration-not-positive' ? t('room.calendar.noLength') : t('room.calendar.badStart');
}
