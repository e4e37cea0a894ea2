import { describe, expect, it } from 'vitest';
import { calendarEvent, escapeText, foldLine, icsFileName, InvalidCalendarEventError, utcDateTime } from './ics.ts';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** RFC 5545 3.1 unfolding: a line break followed by one space or tab is removed. */
const unfold = (text: string): string[] => text.replace(/\r\n[ \t]/g, '').split('\r\n');

/** TEXT unescaping (3.3.11), the reverse of escapeText. */
const unescapeText = (value: string): string => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

/** A tiny parser for what calendarEvent writes: components as nested objects, properties by name (no parameters). */
function parse(text: string): Record<string, unknown> {
  const stack: Record<string, unknown>[] = [{}];
  for (const line of unfold(text).filter((l) => l !== '')) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    const top = stack.at(-1)!;
    if (name === 'BEGIN') {
      const component: Record<string, unknown> = {};
      top[value] = component;
      stack.push(component);
    } else if (name === 'END') {
      stack.pop();
    } else {
      top[name] = value;
    }
  }
  expect(stack).toHaveLength(1);
  return stack[0]!;
}

const EVENT = {
  uid: '0123456789abcdef0123456789abcdef@sacred-breathing',
  startMs: Date.UTC(2026, 2, 5, 9, 7, 3, 250),
  durationMs: 20 * 60_000,
  title: 'Breathe together; box, 4-4-4-4 \\ 🌬️',
  description: 'Evening session, with Åsa.\nJoin with this link: https://example.org/room/AbCdEfGhIjKlMnOpQrStUv',
  url: 'https://example.org/room/AbCdEfGhIjKlMnOpQrStUv?x=1,2;3',
  nowMs: Date.UTC(2026, 2, 1, 12, 0, 0),
};

describe('escapeText', () => {
  it('escapes backslash, semicolon and comma, and writes every kind of line break as \\n', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf\rg')).toBe('a\\\\b\\;c\\,d\\ne\\nf\\ng');
  });
  it('keeps tabs and every printable character, accents and emoji included, and drops other control characters', () => {
    expect(escapeText('x\ty\u0000\u0007\u001b\u007fz é 🧘‍♀️')).toBe('x\tyz é 🧘‍♀️');
  });
  it('escapes a backslash once, before the escapes it writes', () => {
    expect(unescapeText(escapeText('\\n is not a newline;,'))).toBe('\\n is not a newline;,');
  });
});

describe('foldLine', () => {
  const octetsOf = (line: string) => utf8.encode(line).length;

  it('leaves a line of 75 octets alone and folds one of 76', () => {
    expect(foldLine('a'.repeat(75))).toBe('a'.repeat(75));
    expect(foldLine('a'.repeat(76))).toBe(`${'a'.repeat(75)}\r\n a`);
  });

  it('never splits a character and never passes 75 octets, whatever character sits at the boundary', () => {
    for (const char of ['é', '€', '🌬', '🧘‍♀️', 'e\u0301']) {
      for (let before = 60; before <= 160; before++) {
        const line = `${'x'.repeat(before)}${char}${char}${'y'.repeat(10)}`;
        const folded = foldLine(line);
        const physical = folded.split('\r\n');
        for (const [i, part] of physical.entries()) {
          expect(octetsOf(part)).toBeLessThanOrEqual(75);
          // Each physical line is valid UTF-8 on its own: no character's octets were cut.
          expect(strictUtf8.decode(utf8.encode(part))).toBe(part);
          if (i > 0) expect(part.startsWith(' ')).toBe(true);
        }
        expect(unfold(folded)).toEqual([line]);
      }
    }
  });

  it('fills each line as far as the next character allows', () => {
    // 73 octets, then a 4-octet emoji: it does not fit (77), so it starts the continuation line.
    const folded = foldLine(`${'x'.repeat(73)}🌬`).split('\r\n');
    expect(folded).toEqual(['x'.repeat(73), ' 🌬']);
    // 73 octets, then a 2-octet letter: 75 exactly, on the first line.
    expect(foldLine(`${'x'.repeat(73)}éé`).split('\r\n')).toEqual([`${'x'.repeat(73)}é`, ' é']);
  });
});

describe('utcDateTime', () => {
  it('writes the instant in UTC, whatever offset it was given in', () => {
    expect(utcDateTime(Date.parse('2026-03-05T10:07:03.999+01:00'))).toBe('20260305T090703Z');
    expect(utcDateTime(Date.parse('2026-12-31T20:30:00-05:00'))).toBe('20270101T013000Z');
    expect(utcDateTime(0)).toBe('19700101T000000Z');
  });
  it('refuses an instant a four-digit year cannot hold', () => {
    for (const ms of [Number.NaN, Number.POSITIVE_INFINITY, Date.parse('+010000-01-01T00:00:00Z'), Date.parse('-000001-12-31T00:00:00Z')]) {
      expect(() => utcDateTime(ms)).toThrow(InvalidCalendarEventError);
    }
  });
});

describe('calendarEvent', () => {
  const text = calendarEvent(EVENT);

  it('ends every line with CRLF, and no line passes 75 octets', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(utf8.encode(line).length).toBeLessThanOrEqual(75);
  });

  it('reads back, unfolded and parsed, as one event with the times in UTC and the words as given', () => {
    const parsed = parse(text) as {
      VCALENDAR: Record<string, unknown> & { VEVENT: Record<string, unknown> & { VALARM: Record<string, string> } };
    };
    const calendar = parsed.VCALENDAR;
    expect(calendar.VERSION).toBe('2.0');
    expect(calendar.PRODID).toBe('-//Sacred Breathing//Room session//EN');
    const event = calendar.VEVENT;
    expect(event.UID).toBe(EVENT.uid);
    expect(event.DTSTAMP).toBe('20260301T120000Z');
    expect(event.DTSTART).toBe('20260305T090703Z');
    expect(event.DTEND).toBe('20260305T092703Z');
    expect(unescapeText(event.SUMMARY as string)).toBe(EVENT.title);
    expect(unescapeText(event.DESCRIPTION as string)).toBe(EVENT.description);
    expect(event.URL).toBe(EVENT.url);
    expect(event.VALARM).toEqual({ ACTION: 'DISPLAY', DESCRIPTION: event.SUMMARY, TRIGGER: '-PT5M' });
  });

  it('holds one VEVENT, inside the VCALENDAR', () => {
    const lines = unfold(text);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-2)).toBe('END:VCALENDAR');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });

  it('refuses a session of no length, or one whose times no calendar can hold', () => {
    const problem = (change: Partial<typeof EVENT>) => {
      try {
        calendarEvent({ ...EVENT, ...change });
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidCalendarEventError);
        return (error as InvalidCalendarEventError).problem;
      }
      throw new Error('no error');
    };
    expect(problem({ durationMs: 0 })).toEqual({ code: 'duration-not-positive' });
    expect(problem({ durationMs: Number.NaN })).toEqual({ code: 'duration-not-positive' });
    expect(problem({ startMs: Number.NaN })).toEqual({ code: 'time-out-of-range', field: 'startMs' });
    expect(problem({ nowMs: 1e17 })).toEqual({ code: 'time-out-of-range', field: 'nowMs' });
  });
});

describe('icsFileName', () => {
  const start = Date.UTC(2026, 2, 5, 9, 7, 3);

  it('is the title’s letters and the start in UTC, with no character a file system refuses', () => {
    expect(icsFileName('Breathe together', start)).toBe('breathe-together-2026-03-05T0907Z.ics');
    expect(icsFileName('Åsa’s évening: box/4-4-4-4 🌬️', start)).toBe('asa-s-evening-box-4-4-4-4-2026-03-05T0907Z.ics');
  });

  it('stands in a word for a title with no letters, and keeps a long one short', () => {
    expect(icsFileName('🌬️ ✨', start)).toBe('session-2026-03-05T0907Z.ics');
    expect(icsFileName('🌬️ ✨', start, 'sesión')).toBe('sesion-2026-03-05T0907Z.ics');
    const long = icsFileName('a very long title '.repeat(10), start);
    expect(long).toMatch(/^[a-z0-9-]+-2026-03-05T0907Z\.ics$/);
    expect(long.length).toBeLessThanOrEqual(40 + '-2026-03-05T0907Z.ics'.length);
  });
});
