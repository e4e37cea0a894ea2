/** Words for sharing a room in person (the link, its QR code) and for putting a scheduled session in a calendar. */
import { InvalidCalendarEventError } from '../../core/ics.ts';

/** The words of the share panel. */
export const SHARE = {
  /** The panel's name, as a landmark. */
  panel: 'Share this room',
  shareLink: 'Share the room link',
  linkCopied: 'Link copied.',
  /** The clipboard refused (or there is none: a page served over plain http on a local network). */
  copyRefused: 'This browser would not copy the link. Select it below and copy it by hand.',
  linkLabel: 'Room link',
  showQr: 'Show QR code',
  qrLabel: 'QR code of the room link',
  qrHint: 'Scan to join on another phone',
  qrLoading: 'Drawing the QR code…',
  tryAgain: 'Try again',
} as const;

/** The words of the calendar button. */
export const CALENDAR = {
  add: 'Add to calendar',
  /** What the calendar app reads when the file arrives. */
  saved: 'Calendar file saved. Open it to add the session to your calendar.',
} as const;

/** The calendar event's description: what the session is, and the link to join (calendars that ignore URL still show this). */
export const calendarDescription = (url: string): string => `Breathe together in Sacred Breathing.\nJoin with this link: ${url}`;

/** Words for the errors of making a calendar file; undefined for any other error. */
export function calendarWords(error: unknown): string | undefined {
  if (!(error instanceof InvalidCalendarEventError)) return undefined;
  return error.problem.code === 'duration-not-positive'
    ? 'This session has no length yet, so it cannot go in a calendar.'
    : 'This session’s start time cannot go in a calendar. Ask the host to set it again.';
}
