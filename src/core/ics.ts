/**
 * A calendar file (RFC 5545 iCalendar) for one scheduled session, so a person can put it in their
 * own calendar. Pure: the caller gives every time and word; times are written in UTC, and each
 * calendar shows them in its owner's time zone.
 */

/** One session to put in a calendar. */
export interface CalendarEventInput {
  /** Stable across downloads of the same session, so a second import updates instead of duplicating. */
  readonly uid: string;
  readonly startMs: number;
  readonly durationMs: number;
  readonly title: string;
  readonly description: string;
  readonly url: string;
  /** When the file is made (DTSTAMP). */
  readonly nowMs: number;
}

/** What is wrong with an event's times: a code for the words, the field for logs. */
export type CalendarEventProblem =
  | { readonly code: 'time-out-of-range'; readonly field: 'startMs' | 'nowMs' | 'endMs' }
  | { readonly code: 'duration-not-positive' };

/** Thrown when an event cannot be written (a time no calendar can hold, a session of no length). */
export class InvalidCalendarEventError extends Error {
  override readonly name = 'InvalidCalendarEventError';
  readonly problem: CalendarEventProblem;
  constructor(problem: CalendarEventProblem) {
    super(`Invalid calendar event: ${problem.code}`);
    this.problem = problem;
  }
}

/** How long before the start the calendar reminds (VALARM). */
export const REMINDER_MINUTES = 5;

/** RFC 5545 3.1: a content line is at most 75 octets before its line break. */
const MAX_LINE_OCTETS = 75;
const CRLF = '\r\n';

/** Years a DATE-TIME can hold (four digits); `toISOString` writes others with a sign and six digits. */
const MIN_MS = Date.parse('0000-01-01T00:00:00Z');
const MAX_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** An instant as an iCalendar UTC DATE-TIME: `YYYYMMDDTHHMMSSZ` (seconds truncated, never rounded up). */
export function utcDateTime(ms: number, field: 'startMs' | 'nowMs' | 'endMs' = 'startMs'): string {
  if (!Number.isFinite(ms) || ms < MIN_MS || ms > MAX_MS) throw new InvalidCalendarEventError({ code: 'time-out-of-range', field });
  // 2026-03-05T09:07:03.250Z → 20260305T090703Z
  return new Date(ms)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** A TEXT value escaped (RFC 5545 3.3.11): backslash, semicolon, comma, and any line break as `\n`; other control characters dropped. */
export function escapeText(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // TEXT allows no control characters but tab (3.3.11); one in a title would make the file invalid.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters removed
      .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')
  );
}

/** Octets of one code point in UTF-8. */
const utf8Length = (codePoint: number): number => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * A content line folded (RFC 5545 3.1): at most 75 octets of UTF-8 per line, each continuation
 * starting with one space, never splitting a character's octets across lines.
 */
export function foldLine(line: string): string {
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  // for…of walks code points, so a surrogate pair (an emoji) is never split.
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    // A continuation line's leading space is one of its 75 octets.
    const room = lines.length === 0 ? MAX_LINE_OCTETS : MAX_LINE_OCTETS - 1;
    if (octets + size > room) {
      lines.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  lines.push(current);
  return lines.join(`${CRLF} `);
}

/** An iCalendar file (VCALENDAR) holding one VEVENT for the session, with a reminder before it; CRLF line endings. */
export function calendarEvent(event: CalendarEventInput): string {
  if (!(event.durationMs > 0)) throw new InvalidCalendarEventError({ code: 'duration-not-positive' });
  const summary = escapeText(event.title);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Sacred Breathing//Room session//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${utcDateTime(event.nowMs, 'nowMs')}`,
    `DTSTART:${utcDateTime(event.startMs, 'startMs')}`,
    `DTEND:${utcDateTime(event.startMs + event.durationMs, 'endMs')}`,
    `SUMMARY:${summary}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    // A URI value, not TEXT: escaping its commas or semicolons would change the link.
    `URL:${event.url.replace(/[\r\n]/g, '')}`,
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${summary}`,
    `TRIGGER:-PT${REMINDER_MINUTES}M`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}

/** Letters and digits of a title for a file name: accents dropped, everything else one hyphen, at most 40 characters. */
const slug = (title: string): string =>
  title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, 40)
    .replace(/^-+|-+$/g, '');

/**
 * A file name for the session's calendar file, safe on every system: the title's letters and the
 * start in UTC without colons (`breathe-together-2026-03-05T0907Z.ics`); `fallback` (the caller's
 * word for a session) stands in for a title with no letter a file name can hold.
 */
export function icsFileName(title: string, startMs: number, fallback = 'session'): string {
  const when = utcDateTime(startMs);
  const stamp = `${when.slice(0, 4)}-${when.slice(4, 6)}-${when.slice(6, 8)}T${when.slice(9, 13)}Z`;
  return `${slug(title) || slug(fallback) || 'session'}-${stamp}.ics`;
}
