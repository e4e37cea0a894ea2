import { afterEach, describe, expect, it } from 'vitest';
import { dict as de } from '../../i18n/de/index.ts';
import { dict as en } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import { calendarEvent, InvalidCalendarEventError } from '../../core/ics.ts';
import { describeError } from './index.ts';
import { calendarDescription, calendarWords } from './share.ts';

const event = { uid: 'u', startMs: 0, durationMs: 60_000, title: 't', description: 'd', url: 'https://example.org/room/x', nowMs: 0 };
const thrownBy = (action: () => unknown): unknown => {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('no error');
};

afterEach(() => useDictionary('en', en));

describe('words for sharing and calendars', () => {
  it('put the link in the event’s description, on a line of its own', () => {
    expect(calendarDescription('https://example.org/room/x').split('\n').at(-1)).toBe('Join with this link: https://example.org/room/x');
  });

  it('say why a session cannot go in a calendar, and nothing of other errors', () => {
    const noLength = thrownBy(() => calendarEvent({ ...event, durationMs: 0 }));
    const badStart = thrownBy(() => calendarEvent({ ...event, startMs: Number.NaN }));
    expect(noLength).toBeInstanceOf(InvalidCalendarEventError);
    expect(calendarWords(noLength)).toBe('This session has no length yet, so it cannot go in a calendar.');
    expect(calendarWords(badStart)).toBe('This session’s start time cannot go in a calendar. Ask the host to set it again.');
    expect(calendarWords(new Error('other'))).toBeUndefined();
  });

  it('leave a part of the app that did not load to the shared words', () => {
    expect(describeError(new TypeError('Failed to fetch dynamically imported module: /assets/index-abc.js'))).toBe(
      'Part of the app could not be loaded. Check your connection, then reload.',
    );
  });

  it('write the event’s description and the reasons in the showing language', () => {
    useDictionary('de', de);
    expect(calendarDescription('https://example.org/room/x').split('\n').at(-1)).toBe(
      'Mit diesem Link teilnehmen: https://example.org/room/x',
    );
    expect(calendarWords(thrownBy(() => calendarEvent({ ...event, durationMs: 0 })))).toBe(
      'Diese Sitzung hat noch keine Länge und kann daher nicht in einen Kalender.',
    );
  });
});
