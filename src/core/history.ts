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

/**
 * Current and best streak of consecutive calendar days with a session. The current streak still
 * counts when today has no session yet but yesterday had (the day is not over).
 */
export function streaks(entries: readonly JournalEntry[], timeZone: string, nowIso: string): { current: number; best: number } {
  const days = [...new Set(entries.map((e) => dayKey(e.startedAt, timeZone)))].sort();
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

/** Minutes practised on each of the `count` days ending today (oldest first, zeros included). */
export function minutesPerDay(
  entries: readonly JournalEntry[],
  timeZone: string,
  nowIso: string,
  count: number,
): { day: string; minutes: number }[] {
  const byDay = new Map<string, number>();
  for (const e of entries) {
    const d = dayKey(e.startedAt, timeZone);
    byDay.set(d, (byDay.get(d) ?? 0) + e.durationMs / 60_000);
  }
  const days: string[] = [];
  let d = dayKey(nowIso, timeZone);
  const back = new Date(`${d}T00:00:00Z`);
  back.setUTCDate(back.getUTCDate() - (count - 1));
  d = back.toISOString().slice(0, 10);
  for (let i = 0; i < count; i++) {
    days.push(d);
    d = nextDay(d);
  }
  return days.map((day) => ({ day, minutes: byDay.get(day) ?? 0 }));
}

/** Coherence scores over time, oldest first, for sessions that have one. */
export function coherenceSeries(entries: readonly JournalEntry[]): { at: string; score: number }[] {
  return entries
    .filter((e) => e.coherence !== null)
    .map((e) => ({ at: e.startedAt, score: e.coherence!.score }))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
