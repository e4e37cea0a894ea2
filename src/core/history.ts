/** Figures over a journal: totals, streaks in calendar days of the person's time zone, chart series. */
import type { JournalEntry } from './journal.ts';

// Creating an Intl.DateTimeFormat costs far more than using one, and formatting is not free
// either: totals, streaks and the chart each ask for every session's day. Remember both.
const dayCaches = new Map<string, { format: Intl.DateTimeFormat; days: Map<string, string> }>();

/** YYYY-MM-DD of an instant in a time zone (Intl knows every zone's rules and their changes). */
export function dayKey(iso: string, timeZone: string): string {
  let cache = dayCaches.get(timeZone);
  if (!cache) {
    cache = { format: new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }), days: new Map() };
    dayCaches.set(timeZone, cache);
  }
  let day = cache.days.get(iso);
  if (day === undefined) {
    day = cache.format.format(new Date(iso));
    cache.days.set(iso, day);
  }
  return day;
}

/** The day after a YYYY-MM-DD (calendar arithmetic, independent of any time zone). */
export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface Totals {
  readonly sessions: number;
  readonly minutes: number;
  readonly days: number;
}

export function totals(entries: readonly JournalEntry[], timeZone: string): Totals {
  const days = new Set(entries.map((e) => dayKey(e.startedAt, timeZone)));
  return {
    sessions: entries.length,
    minutes: entries.reduce((s, e) => s + e.durationMs, 0) / 60_000,
    days: days.size,
  };
}

/** Fewest full cycles for a session to count for streaks (a session stopped before one breath is kept, not counted). */
export const MIN_CYCLES_FOR_STREAK = 1;

/** Whether a session counts for streaks: it breathed at least one full cycle. */
export const countsForStreak = (e: JournalEntry): boolean => e.cycles >= MIN_CYCLES_FOR_STREAK;

/**
 * Current and best streak of consecutive calendar days with a session of at least one full cycle.
 * The current streak still counts when today has no session yet but yesterday had (the day is not over).
 */
export function streaks(entries: readonly JournalEntry[], timeZone: string, nowIso: string): { current: number; best: number } {
  const days = [...new Set(entries.filter(countsForStreak).map((e) => dayKey(e.startedAt, timeZone)))].sort();
  let best = 0;
  let run = 0;
  let prev = '';
  for (const d of days) {
    run = prev !== '' && nextDay(prev) === d ? run + 1 : 1;
    best = Math.max(best, run);
    prev = d;
  }
  const today = dayKey(nowIso, timeZone);
  const last = days.at(-1);
  const current = last !== undefined && (last === today || nextDay(last) === today) ? run : 0;
  return { current, best };
}

/** The spans the journal can show: the last 7 days, the last 30 days, the last 12 calendar months. */
export type HistoryRange = 'week' | 'month' | 'year';

export const HISTORY_RANGES: readonly HistoryRange[] = ['week', 'month', 'year'];

/** One bar of the minutes chart: days from `start` up to (not including) `end`, YYYY-MM-DD. */
export interface Bucket {
  readonly start: string;
  readonly end: string;
  readonly minutes: number;
  readonly sessions: number;
}

const addDays = (day: string, n: number): string => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const addMonths = (day: string, n: number): string => {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
};

/** The buckets' bounds of a range ending today: 7 or 30 days, or 12 months (the current one last). */
function bounds(range: HistoryRange, timeZone: string, nowIso: string): { start: string; end: string }[] {
  const today = dayKey(nowIso, timeZone);
  if (range === 'year') {
    return Array.from({ length: 12 }, (_, i) => ({ start: addMonths(today, i - 11), end: addMonths(today, i - 10) }));
  }
  const count = range === 'week' ? 7 : 30;
  return Array.from({ length: count }, (_, i) => ({ start: addDays(today, i - count + 1), end: addDays(today, i - count + 2) }));
}

/** First day (YYYY-MM-DD) a range covers, in the person's time zone. */
export const rangeStart = (range: HistoryRange, timeZone: string, nowIso: string): string => bounds(range, timeZone, nowIso)[0]!.start;

/** The sessions inside a range (from its first day to today, in the person's time zone). */
export function inRange(entries: readonly JournalEntry[], range: HistoryRange, timeZone: string, nowIso: string): JournalEntry[] {
  const first = rangeStart(range, timeZone, nowIso);
  const end = nextDay(dayKey(nowIso, timeZone));
  return entries.filter((e) => {
    const d = dayKey(e.startedAt, timeZone);
    return d >= first && d < end;
  });
}

/** Minutes and sessions per bucket of a range, oldest first, empty buckets included. */
export function minutesByBucket(entries: readonly JournalEntry[], range: HistoryRange, timeZone: string, nowIso: string): Bucket[] {
  const spans = bounds(range, timeZone, nowIso);
  const minutes = spans.map(() => 0);
  const sessions = spans.map(() => 0);
  for (const e of entries) {
    const d = dayKey(e.startedAt, timeZone);
    const i = spans.findIndex((s) => d >= s.start && d < s.end);
    if (i < 0) continue;
    minutes[i]! += e.durationMs / 60_000;
    sessions[i]! += 1;
  }
  return spans.map((s, i) => ({ ...s, minutes: minutes[i]!, sessions: sessions[i]! }));
}

/** Coherence scores over time, oldest first, for sessions that have one. */
export function coherenceSeries(entries: readonly JournalEntry[]): { at: string; score: number }[] {
  return entries
    .filter((e) => e.coherence !== null)
    .map((e) => ({ at: e.startedAt, score: e.coherence!.score }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** One day's heart, over that day's sessions with a heart sensor. */
export interface HeartDay {
  /** YYYY-MM-DD in the person's time zone. */
  readonly day: string;
  /** Mean heart rate over the day's beats, in bpm: each session's mean weighted by its beats kept. */
  readonly meanBpm: number;
  /** Mean heart coherence score (0-100) of the day's sessions that have one, weighted by their length; null when none has. */
  readonly coherence: number | null;
  readonly sessions: number;
}

/** Heart figures per calendar day, oldest first; only days with a session that had a heart sensor. */
export function heartByDay(entries: readonly JournalEntry[], timeZone: string): HeartDay[] {
  const days = new Map<string, { bpm: number; beats: number; score: number; weight: number; sessions: number }>();
  for (const e of entries) {
    if (!e.heart) continue;
    const key = dayKey(e.startedAt, timeZone);
    const d = days.get(key) ?? { bpm: 0, beats: 0, score: 0, weight: 0, sessions: 0 };
    // A session whose beats were all rejected still has a mean: it counts as one beat rather than none.
    const beats = Math.max(1, e.heart.beats);
    d.bpm += e.heart.meanBpm * beats;
    d.beats += beats;
    if (e.heart.coherence !== null) {
      const weight = Math.max(1, e.durationMs);
      d.score += e.heart.coherence * weight;
      d.weight += weight;
    }
    d.sessions += 1;
    days.set(key, d);
  }
  return [...days]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, d]) => ({ day, meanBpm: d.bpm / d.beats, coherence: d.weight > 0 ? d.score / d.weight : null, sessions: d.sessions }));
}

/** Whether any session has heart figures: the heart chart is shown only then. */
export const hasHeart = (entries: readonly JournalEntry[]): boolean => entries.some((e) => e.heart !== undefined);
