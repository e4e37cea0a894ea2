import { describe, expect, it } from 'vitest';
import {
  coherenceSeries,
  countsForStreak,
  dayKey,
  hasHeart,
  heartByDay,
  inRange,
  MIN_CYCLES_FOR_STREAK,
  minutesByBucket,
  rangeStart,
  streaks,
  totals,
} from './history.ts';
import { InvalidEntryError, parseEntry, type JournalEntry } from './journal.ts';
import { sampleEntry } from './testing/entries.ts';
import { sampleFinderHeart, sampleHeart } from './testing/heart.ts';

const at = (iso: string, extra: Partial<JournalEntry> = {}) => sampleEntry(0, { startedAt: iso, ...extra });

describe("days in the person's time zone", () => {
  it('puts a late-evening session on its local day', () => {
    // 03:30 UTC on the 2nd is 22:30 on the 1st in New York (EST).
    expect(dayKey('2026-12-02T03:30:00Z', 'America/New_York')).toBe('2026-12-01');
    expect(dayKey('2026-12-02T03:30:00Z', 'Asia/Tokyo')).toBe('2026-12-02');
  });

  it('counts streaks in calendar days, across a DST change', () => {
    const tz = 'Europe/Berlin'; // clocks go back on 2026-10-25
    const entries = [
      '2026-10-23T20:00:00Z',
      '2026-10-24T21:30:00Z',
      '2026-10-25T22:30:00Z',
      '2026-10-27T06:00:00Z',
      '2026-10-28T06:00:00Z',
    ].map((t) => at(t));
    // 21:30Z on the 24th is 23:30 in Berlin (still the 24th); 22:30Z on the 25th is 23:30 (the 25th).
    expect(streaks(entries, tz, '2026-10-28T12:00:00Z')).toEqual({ current: 2, best: 3 });
    // The day is not over: yesterday's session keeps the streak alive until tomorrow.
    expect(streaks(entries, tz, '2026-10-29T12:00:00Z').current).toBe(2);
    expect(streaks(entries, tz, '2026-10-30T12:00:00Z').current).toBe(0);
    expect(streaks([], tz, '2026-10-30T12:00:00Z')).toEqual({ current: 0, best: 0 });
  });

  it('sums totals and minutes per day, zeros included', () => {
    const tz = 'UTC';
    const entries = [
      at('2026-05-01T07:00:00Z', { durationMs: 600_000 }),
      at('2026-05-01T19:00:00Z', { durationMs: 300_000 }),
      at('2026-05-03T07:00:00Z', { durationMs: 60_000 }),
    ];
    expect(totals(entries, tz)).toEqual({ sessions: 3, minutes: 16, days: 2 });
    expect(minutesByBucket(entries, 'week', tz, '2026-05-03T20:00:00Z').slice(-4)).toEqual([
      { start: '2026-04-30', end: '2026-05-01', minutes: 0, sessions: 0 },
      { start: '2026-05-01', end: '2026-05-02', minutes: 15, sessions: 2 },
      { start: '2026-05-02', end: '2026-05-03', minutes: 0, sessions: 0 },
      { start: '2026-05-03', end: '2026-05-04', minutes: 1, sessions: 1 },
    ]);
  });

  it('counts a session for streaks only from one full cycle, and still totals and lists it', () => {
    const tz = 'UTC';
    const entries = [
      at('2026-05-01T07:00:00Z'),
      at('2026-05-02T07:00:00Z', { cycles: 0, durationMs: 2_000 }),
      at('2026-05-03T07:00:00Z', { cycles: MIN_CYCLES_FOR_STREAK }),
    ];
    expect(entries.map(countsForStreak)).toEqual([true, false, true]);
    // The 2nd had only a stopped session: the run breaks there.
    expect(streaks(entries, tz, '2026-05-03T20:00:00Z')).toEqual({ current: 1, best: 1 });
    expect(streaks(entries.slice(1, 2), tz, '2026-05-02T20:00:00Z')).toEqual({ current: 0, best: 0 });
    expect(totals(entries, tz).sessions).toBe(3);
    expect(inRange(entries, 'week', tz, '2026-05-03T20:00:00Z')).toHaveLength(3);
  });

  it("makes week, month and year ranges ending today, in the person's time zone", () => {
    const now = '2026-03-01T02:00:00Z'; // still 28 February in New York
    expect(rangeStart('week', 'UTC', now)).toBe('2026-02-23');
    expect(rangeStart('week', 'America/New_York', now)).toBe('2026-02-22');
    expect(rangeStart('month', 'UTC', now)).toBe('2026-01-31');
    expect(rangeStart('year', 'UTC', now)).toBe('2025-04-01');
    const week = minutesByBucket([], 'week', 'UTC', now);
    expect(week).toHaveLength(7);
    expect(week.at(-1)).toMatchObject({ start: '2026-03-01', end: '2026-03-02' });
    expect(minutesByBucket([], 'month', 'UTC', now)).toHaveLength(30);
    const year = minutesByBucket([at('2025-12-31T23:00:00Z', { durationMs: 120_000 })], 'year', 'UTC', now);
    expect(year.map((b) => b.start)).toEqual([
      '2025-04-01',
      '2025-05-01',
      '2025-06-01',
      '2025-07-01',
      '2025-08-01',
      '2025-09-01',
      '2025-10-01',
      '2025-11-01',
      '2025-12-01',
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
    ]);
    expect(year[8]).toEqual({ start: '2025-12-01', end: '2026-01-01', minutes: 2, sessions: 1 });
    expect(year.at(-1)!.end).toBe('2026-04-01');
  });

  it('keeps in a range only the sessions from its first day to today', () => {
    const now = '2026-05-10T12:00:00Z';
    const entries = ['2026-05-03T23:59:00Z', '2026-05-04T00:00:00Z', '2026-05-10T11:00:00Z', '2026-05-11T01:00:00Z'].map((t) => at(t));
    expect(inRange(entries, 'week', 'UTC', now).map((e) => e.startedAt)).toEqual(['2026-05-04T00:00:00Z', '2026-05-10T11:00:00Z']);
    expect(inRange(entries, 'month', 'UTC', now)).toHaveLength(3);
  });

  it('orders coherence oldest first and leaves out sessions without it', () => {
    const entries = [at('2026-05-03T07:00:00Z'), at('2026-05-01T07:00:00Z'), at('2026-05-02T07:00:00Z', { coherence: null })];
    expect(coherenceSeries(entries).map((p) => p.at)).toEqual(['2026-05-01T07:00:00Z', '2026-05-03T07:00:00Z']);
  });
});

describe('parseEntry', () => {
  it('accepts an entry and normalises its time to UTC', () => {
    expect(parseEntry({ ...sampleEntry(1), startedAt: '2026-05-01T09:00:00+02:00' }).startedAt).toBe('2026-05-01T07:00:00.000Z');
  });
  it.each([
    ['no start', { startedAt: 'yesterday' }, 'start-time'],
    ['negative duration', { durationMs: -1 }, 'duration'],
    ['a mood of 7', { moodAfter: 7 }, 'mood'],
    ['a huge note', { note: 'x'.repeat(5000) }, 'note'],
    ['no pattern', { pattern: null }, 'pattern'],
  ])('refuses %s, naming the part', (_label, patch, problem) => {
    const error = (() => {
      try {
        return parseEntry({ ...sampleEntry(1), ...patch });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(InvalidEntryError);
    expect(error).toMatchObject({ code: 'invalid-entry', problem });
  });
});

describe('heart figures over time', () => {
  it('gives one point per day with a heart sensor, oldest first, days without one left out', () => {
    const entries = [
      at('2026-05-03T07:00:00Z', { heart: sampleHeart({ meanBpm: 70, coherence: 50 }) }),
      at('2026-05-01T07:00:00Z', { heart: sampleHeart({ meanBpm: 64, coherence: 72 }) }),
      at('2026-05-02T07:00:00Z'),
      at('2026-05-04T07:00:00Z', { heart: sampleFinderHeart({ meanBpm: 58, coherence: null, peakCoherence: null }) }),
    ];
    expect(heartByDay(entries, 'UTC')).toEqual([
      { day: '2026-05-01', meanBpm: 64, coherence: 72, sessions: 1 },
      { day: '2026-05-03', meanBpm: 70, coherence: 50, sessions: 1 },
      { day: '2026-05-04', meanBpm: 58, coherence: null, sessions: 1 },
    ]);
    expect(heartByDay([at('2026-05-02T07:00:00Z')], 'UTC')).toEqual([]);
    expect(hasHeart(entries)).toBe(true);
    expect(hasHeart([at('2026-05-02T07:00:00Z')])).toBe(false);
  });

  it("averages a day's sessions: the rate over their beats, coherence over their length, a session without coherence left out of it", () => {
    const entries = [
      at('2026-05-01T07:00:00Z', { durationMs: 600_000, heart: sampleHeart({ meanBpm: 60, beats: 600, coherence: 80 }) }),
      at('2026-05-01T19:00:00Z', { durationMs: 200_000, heart: sampleHeart({ meanBpm: 80, beats: 200, coherence: 40 }) }),
      at('2026-05-01T20:00:00Z', { durationMs: 60_000, heart: sampleHeart({ meanBpm: 90, beats: 0, coherence: null }) }),
    ];
    const [day] = heartByDay(entries, 'UTC');
    expect(day!.sessions).toBe(3);
    expect(day!.meanBpm).toBeCloseTo((60 * 600 + 80 * 200 + 90 * 1) / 801, 10);
    expect(day!.coherence).toBeCloseTo((80 * 600 + 40 * 200) / 800, 10);
  });

  it('puts a session on its local day', () => {
    // 03:30 UTC on the 2nd is 22:30 on the 1st in New York.
    const entries = [at('2026-12-02T03:30:00Z', { heart: sampleHeart() }), at('2026-12-01T15:00:00Z', { heart: sampleHeart() })];
    expect(heartByDay(entries, 'America/New_York').map((d) => [d.day, d.sessions])).toEqual([['2026-12-01', 2]]);
    expect(heartByDay(entries, 'Asia/Tokyo').map((d) => d.day)).toEqual(['2026-12-02']);
  });
});
