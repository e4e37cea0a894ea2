/** Unencrypted exports, on explicit request: people own their data and may take it anywhere. */
import type { StoredEntry } from './vault.ts';

/** Every session as readable JSON, room records included. */
export function toJson(entries: readonly StoredEntry[]): string {
  return JSON.stringify(
    { format: 'sacred-breathing-journal', version: 1, sessions: entries.map((e) => ({ id: e.id, ...e.entry })) },
    null,
    2,
  );
}

const CSV_COLUMNS = [
  'id',
  'started_at',
  'pattern',
  'phases_seconds',
  'duration_seconds',
  'cycles',
  'completed',
  'coherence_score',
  'phase_locking_r',
  'mean_offset_ms',
  'sd_offset_ms',
  'in_phase_percent',
  'breaths_per_minute',
  'mood_before',
  'mood_after',
  'note',
  // Room sessions (journal.ts RoomRecord); empty for a session breathed alone.
  'room',
  'group_kind',
  'group_figure',
  'people',
  'facilitated',
] as const;

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a note as a formula. */
function cell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every session as a CSV row (RFC 4180), one column per figure. */
export function toCsv(entries: readonly StoredEntry[]): string {
  const rows = entries.map(({ id, entry: e }) =>
    [
      id,
      e.startedAt,
      e.pattern.name,
      e.pattern.phases.map((p) => `${p.kind} ${p.seconds}`).join(' / '),
      Math.round(e.durationMs / 1000),
      e.cycles,
      e.completed,
      e.coherence?.score,
      e.coherence?.r.toFixed(3),
      e.coherence ? Math.round(e.coherence.meanOffsetMs) : undefined,
      e.coherence ? Math.round(e.coherence.sdOffsetMs) : undefined,
      e.coherence ? Math.round(e.coherence.inPhaseFraction * 100) : undefined,
      e.coherence?.userBpm?.toFixed(2),
      e.moodBefore,
      e.moodAfter,
      e.note,
      e.room ? 'yes' : undefined,
      e.room?.group?.kind,
      e.room?.group ? Math.round(e.room.group.value * 100) : undefined,
      e.room?.people,
      e.room ? (e.room.facilitated ? 'yes' : 'no') : undefined,
    ]
      .map(cell)
      .join(','),
  );
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
