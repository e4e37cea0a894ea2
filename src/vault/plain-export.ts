/** Unencrypted exports, on explicit request: people own their data and may take it anywhere. */
import type { HeartSummary } from '../core/heart/beat.ts';
import type { JournalEntry } from '../core/journal.ts';
import type { StoredEntry } from './vault.ts';

/** What a plain export holds beyond the figures. */
export interface PlainExportOptions {
  /**
   * The raw RR intervals of sessions with a heart sensor: a fingerprint of a person's heart, so
   * they leave the encrypted journal only when asked for. Without them the heart's figures still go.
   */
  readonly includeHeartbeats?: boolean;
}

/** An entry as exported: its heart summary may go without its RR series. */
type ExportedEntry = Omit<JournalEntry, 'heart'> & { readonly heart?: HeartSummary | Omit<HeartSummary, 'rr'> };

/** The entry as exported: its heart summary without the RR series unless asked for. */
function exported(entry: JournalEntry, options: PlainExportOptions): ExportedEntry {
  if (!entry.heart || options.includeHeartbeats) return entry;
  const { rr: _kept, ...heart } = entry.heart;
  return { ...entry, heart };
}

/** Every session as readable JSON, room records and heart figures included (raw heartbeats only on request). */
export function toJson(entries: readonly StoredEntry[], options: PlainExportOptions = {}): string {
  return JSON.stringify(
    { format: 'sacred-breathing-journal', version: 1, sessions: entries.map((e) => ({ id: e.id, ...exported(e.entry, options) })) },
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
  // Sessions with a heart sensor (core/heart/beat.ts HeartSummary); empty for one without.
  'heart_source',
  'heart_mean_bpm',
  'heart_rmssd_ms',
  'heart_coherence',
  'heart_peak_coherence',
  'heart_beats',
  'heart_rejected',
  'resonance_rate',
] as const;

/** The last column, only when raw heartbeats are asked for: the RR intervals in ms, space-separated. */
const RR_COLUMN = 'heart_rr_ms';

/** A figure with at most `digits` decimals, trailing zeros dropped ("64.3", "72"). */
const fixed = (v: number | null | undefined, digits: number): string | undefined =>
  v === null || v === undefined ? undefined : String(Number(v.toFixed(digits)));

/** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet never runs a note as a formula. */
function cell(value: string | number | boolean | undefined | null): string {
  if (value === undefined || value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Every session as a CSV row (RFC 4180), one column per figure; the RR series in a last column on request. */
export function toCsv(entries: readonly StoredEntry[], options: PlainExportOptions = {}): string {
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
      e.heart?.source,
      fixed(e.heart?.meanBpm, 1),
      fixed(e.heart?.rmssdMs, 1),
      fixed(e.heart?.coherence, 0),
      fixed(e.heart?.peakCoherence, 0),
      e.heart?.beats,
      e.heart?.rejected,
      e.heart?.resonance?.chosenRate,
      ...(options.includeHeartbeats ? [e.heart?.rr.join(' ')] : []),
    ]
      .map(cell)
      .join(','),
  );
  const header = [...CSV_COLUMNS, ...(options.includeHeartbeats ? [RR_COLUMN] : [])].join(',');
  return `${[header, ...rows].join('\r\n')}\r\n`;
}
