import { describe, expect, it } from 'vitest';
import { InvalidEntryError, parseEntry, parseRoom, type RoomRecord } from './journal.ts';
import { seeded } from './random.ts';
import { sampleEntry } from './testing/entries.ts';

const GROUP: RoomRecord = { group: { kind: 'group', value: 0.72, counted: 5 }, people: 5, facilitated: true };

/** The problem parseEntry names for `raw`, or 'ok'. */
function problemOf(raw: unknown): string {
  try {
    parseEntry(raw);
    return 'ok';
  } catch (error) {
    if (!(error instanceof InvalidEntryError)) throw error;
    return error.problem;
  }
}

describe('room sessions in the journal', () => {
  it('keeps a room record: a group, a pair, no figure, and a room pattern breathed alone', () => {
    const records: RoomRecord[] = [
      GROUP,
      { group: { kind: 'pair', value: 0, counted: 2 }, people: 2, facilitated: true },
      { group: { kind: 'group', value: 1, counted: 3 }, people: 4, facilitated: true },
      { group: null, people: 1, facilitated: true },
      { group: null, people: 3, facilitated: false },
    ];
    for (const room of records) expect(parseEntry(sampleEntry(1, { room })).room).toEqual(room);
  });

  it('reads entries without one as before (older records and backups)', () => {
    const { room: _none, ...old } = sampleEntry(1);
    const parsed = parseEntry(JSON.parse(JSON.stringify(old)));
    expect(parsed).not.toHaveProperty('room');
    expect(parsed).toEqual(parseEntry(sampleEntry(1)));
  });

  it('carries nothing but the figures: names, ids and the room id stay out, at every level', () => {
    const raw = {
      ...sampleEntry(1),
      room: {
        ...GROUP,
        id: 'kG7x2b9QmV4pT1sWc8NzAa',
        roomId: 'kG7x2b9QmV4pT1sWc8NzAa',
        members: [{ id: 'm1', name: 'Ada' }],
        group: { ...GROUP.group, names: ['Ada', 'Grace'] },
      },
    };
    const parsed = parseEntry(raw);
    expect(parsed.room).toEqual(GROUP);
    expect(JSON.stringify(parsed)).not.toMatch(/Ada|Grace|kG7x2b9Q|m1/);
    expect(parseRoom(raw.room)).toEqual(GROUP);
  });

  it.each([
    ['not an object', 'yes'],
    ['null', null],
    ['an array', [GROUP]],
    ['no people', { group: null, facilitated: true }],
    ['nobody in the room', { group: null, people: 0, facilitated: true }],
    ['half a person', { group: null, people: 2.5, facilitated: true }],
    ['people as text', { group: null, people: '3', facilitated: true }],
    ['no facilitated flag', { group: null, people: 3 }],
    ['facilitated as a number', { group: null, people: 3, facilitated: 1 }],
    ['a figure above 1', { ...GROUP, group: { kind: 'group', value: 1.01, counted: 5 } }],
    ['a negative figure', { ...GROUP, group: { kind: 'pair', value: -0.1, counted: 2 } }],
    ['a figure that is not a number', { ...GROUP, group: { kind: 'group', value: Number.NaN, counted: 5 } }],
    ['a figure as text', { ...GROUP, group: { kind: 'group', value: '0.7', counted: 5 } }],
    ['kind none (no figure is null)', { ...GROUP, group: { kind: 'none', value: 0, counted: 1 } }],
    ['an unknown kind', { ...GROUP, group: { kind: 'crowd', value: 0.5, counted: 9 } }],
    ['a pair of three', { ...GROUP, group: { kind: 'pair', value: 0.5, counted: 3 } }],
    ['a group of two', { ...GROUP, group: { kind: 'group', value: 0.5, counted: 2 } }],
    ['a fractional count', { ...GROUP, group: { kind: 'group', value: 0.5, counted: 3.5 } }],
    ['a group as an array', { ...GROUP, group: [] }],
  ])('refuses a room record with %s, naming the room', (_label, room) => {
    expect(problemOf({ ...sampleEntry(1), room })).toBe('room');
  });

  it('accepts every well-formed record and refuses every record with one field broken (random records)', () => {
    const random = seeded(20260501);
    for (let i = 0; i < 500; i++) {
      const counted = 2 + Math.floor(random() * 20);
      const room: RoomRecord = {
        group: random() < 0.2 ? null : { kind: counted === 2 ? 'pair' : 'group', value: random(), counted },
        people: 1 + Math.floor(random() * 50),
        facilitated: random() < 0.8,
      };
      expect(parseEntry(sampleEntry(i, { room })).room).toEqual(room);
      const broken = [
        { ...room, people: -Math.floor(random() * 5) },
        { ...room, facilitated: 'yes' },
        { ...room, group: { kind: counted === 2 ? 'group' : 'pair', value: random(), counted } },
        { ...room, group: { kind: 'group', value: 1 + random() + Number.EPSILON, counted: 3 } },
      ][i % 4];
      expect(problemOf({ ...sampleEntry(i), room: broken })).toBe('room');
    }
  });
});
