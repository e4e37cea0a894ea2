import { describe, expect, it } from 'vitest';
import type { RoomRecord } from '../core/journal.ts';
import { sampleEntry } from '../core/testing/entries.ts';
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
    expect(csv.split('\r\n')[0]).toMatch(/,note,room,group_kind,group_figure,people,facilitated$/);
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
