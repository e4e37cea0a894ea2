import { describe, expect, it } from 'vitest';
import type { RoomRecord } from '../core/journal.ts';
import { sampleEntry } from '../core/testing/entries.ts';
import { sampleFinderHeart, sampleHeart } from '../core/testing/heart.ts';
import { toCsv, toJson } from './plain-export.ts';

const GROUP: RoomRecord = { group: { kind: 'group', value: 0.724, counted: 5 }, people: 6, facilitated: true };
const PAIR: RoomRecord = { group: { kind: 'pair', value: 0.005, counted: 2 }, people: 2, facilitated: true };
const ALONE: RoomRecord = { group: null, people: 3, facilitated: false };

const entries = [
  { id: 'solo', entry: sampleEntry(1) },
  { id: 'group', entry: sampleEntry(2, { room: GROUP }) },
  { id: 'pair', entry: sampleEntry(3, { room: PAIR }) },
  { id: 'alone', entry: sampleEntry(4, { room: ALONE }) },
];

/** The CSV as one object per row, keyed by the header's column names. */
function rows(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trimEnd().split('\r\n');
  const names = header!.split(',');
  // The sample notes hold no comma or quote, so a plain split is exact here.
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [names[i], v])));
}

describe('plain export of room sessions', () => {
  it('writes the room record into the JSON as it is kept, and none for a solo session', () => {
    const sessions = JSON.parse(toJson(entries)).sessions;
    expect(sessions[0]).not.toHaveProperty('room');
    expect(sessions.slice(1).map((s: { room: RoomRecord }) => s.room)).toEqual([GROUP, PAIR, ALONE]);
  });

  it('adds room, group kind, group figure (0-100), people and facilitated columns, empty for a solo session', () => {
    const csv = toCsv(entries);
    expect(csv.split('\r\n')[0]).toMatch(/,note,room,group_kind,group_figure,people,facilitated,/);
    const pick = ({ id, room, group_kind, group_figure, people, facilitated }: Record<string, string>) => ({
      id,
      room,
      group_kind,
      group_figure,
      people,
      facilitated,
    });
    expect(rows(csv).map(pick)).toEqual([
      { id: 'solo', room: '', group_kind: '', group_figure: '', people: '', facilitated: '' },
      { id: 'group', room: 'yes', group_kind: 'group', group_figure: '72', people: '6', facilitated: 'yes' },
      { id: 'pair', room: 'yes', group_kind: 'pair', group_figure: '1', people: '2', facilitated: 'yes' },
      { id: 'alone', room: 'yes', group_kind: '', group_figure: '', people: '3', facilitated: 'no' },
    ]);
    // Every row has as many cells as the header.
    for (const line of csv.trimEnd().split('\r\n')) expect(line.split(',')).toHaveLength(csv.split('\r\n')[0]!.split(',').length);
  });
});

describe('plain export of heart summaries', () => {
  const HEART = sampleHeart({ meanBpm: 64.34, rmssdMs: 42.46, coherence: 71.6, peakCoherence: 88.2 });
  const FINDER = sampleFinderHeart({ source: 'camera', rmssdMs: null, rr: [1010, 998.5, 1003] });
  const hearts = [
    { id: 'solo', entry: sampleEntry(1) },
    { id: 'strap', entry: sampleEntry(2, { heart: HEART }) },
    { id: 'finder', entry: sampleEntry(3, { heart: FINDER, room: GROUP }) },
  ];
  const { rr: _a, ...strapFigures } = HEART;
  const { rr: _b, ...finderFigures } = FINDER;

  it('writes the heart figures into the JSON but not the raw heartbeats, unless asked for', () => {
    for (const options of [undefined, {}, { includeHeartbeats: false }]) {
      const sessions = JSON.parse(toJson(hearts, options)).sessions;
      expect(sessions[0]).not.toHaveProperty('heart');
      expect(sessions[1].heart).toEqual(strapFigures);
      expect(sessions[2].heart).toEqual(finderFigures);
      expect(toJson(hearts, options)).not.toMatch(/"rr"/);
    }
    const sessions = JSON.parse(toJson(hearts, { includeHeartbeats: true })).sessions;
    expect(sessions[0]).not.toHaveProperty('heart');
    expect(sessions[1].heart).toEqual(HEART);
    expect(sessions[2].heart).toEqual(FINDER);
    expect(sessions[2].room).toEqual(GROUP);
  });

  it('adds heart columns, empty for a session without one; the RR column only when asked for', () => {
    const csv = toCsv(hearts);
    const header = csv.split('\r\n')[0]!;
    expect(header).toMatch(
      /,facilitated,heart_source,heart_mean_bpm,heart_rmssd_ms,heart_coherence,heart_peak_coherence,heart_beats,heart_rejected,resonance_rate$/,
    );
    const pick = (row: Record<string, string>) => Object.fromEntries(Object.entries(row).filter(([k]) => /^(id|heart_|resonance)/.test(k)));
    expect(rows(csv).map(pick)).toEqual([
      {
        id: 'solo',
        heart_source: '',
        heart_mean_bpm: '',
        heart_rmssd_ms: '',
        heart_coherence: '',
        heart_peak_coherence: '',
        heart_beats: '',
        heart_rejected: '',
        resonance_rate: '',
      },
      {
        id: 'strap',
        heart_source: 'strap',
        heart_mean_bpm: '64.3',
        heart_rmssd_ms: '42.5',
        heart_coherence: '72',
        heart_peak_coherence: '88',
        heart_beats: '318',
        heart_rejected: '2',
        resonance_rate: '',
      },
      {
        id: 'finder',
        heart_source: 'camera',
        heart_mean_bpm: '61.4',
        heart_rmssd_ms: '',
        heart_coherence: '80',
        heart_peak_coherence: '95',
        heart_beats: '318',
        heart_rejected: '2',
        resonance_rate: '5.5',
      },
    ]);

    const withBeats = toCsv(hearts, { includeHeartbeats: true });
    expect(withBeats.split('\r\n')[0]).toBe(`${header},heart_rr_ms`);
    expect(rows(withBeats).map((r) => r.heart_rr_ms)).toEqual(['', HEART.rr.join(' '), '1010 998.5 1003']);
    for (const csvText of [csv, withBeats]) {
      const width = csvText.split('\r\n')[0]!.split(',').length;
      for (const line of csvText.trimEnd().split('\r\n')) expect(line.split(',')).toHaveLength(width);
    }
  });
});
