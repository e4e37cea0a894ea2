import { afterEach, describe, expect, it } from 'vitest';
import { dict as de } from '../../i18n/de/index.ts';
import { dict as en } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import { roomMarkWords, roomPeopleWords, roomSessionWords, roomSyncWords, syncFigure } from './journal-room.ts';

afterEach(() => useDictionary('en', en));

describe('room session words', () => {
  it('name the group figure, a pair, no figure, and the people, in the plural they need', () => {
    expect(roomSessionWords({ group: { kind: 'group', value: 0.72, counted: 5 }, people: 5, facilitated: true })).toBe(
      'Room session · group sync 72 / 100 · 5 people',
    );
    expect(roomSessionWords({ group: { kind: 'pair', value: 0.404, counted: 2 }, people: 2, facilitated: true })).toBe(
      'Room session · pair sync 40 / 100 · 2 people',
    );
    expect(roomSessionWords({ group: null, people: 1, facilitated: true })).toBe('Room session · 1 person');
    expect(roomSyncWords({ group: null, people: 4, facilitated: true })).toBeUndefined();
    expect(roomSyncWords({ group: { kind: 'group', value: 1, counted: 3 }, people: 7, facilitated: true })).toBe('group sync 100 / 100');
    expect(roomPeopleWords({ group: null, people: 7, facilitated: true })).toBe('7 people');
  });

  it('say when the room’s pattern was breathed on one’s own', () => {
    expect(roomMarkWords({ group: null, people: 3, facilitated: false })).toBe('Room pattern');
    expect(roomPeopleWords({ group: null, people: 3, facilitated: false })).toBe('alone');
    expect(roomSessionWords({ group: null, people: 3, facilitated: false })).toBe('Room pattern · alone');
    expect(roomMarkWords({ group: null, people: 3, facilitated: true })).toBe('Room session');
  });

  it('round the figure to the 0-100 scale the room shows', () => {
    expect([0, 0.004, 0.005, 0.5, 0.994, 1].map(syncFigure)).toEqual([
      '0 / 100',
      '0 / 100',
      '1 / 100',
      '50 / 100',
      '99 / 100',
      '100 / 100',
    ]);
  });

  it('speak the showing language, with its plurals', () => {
    useDictionary('de', de);
    expect(roomSessionWords({ group: { kind: 'group', value: 0.72, counted: 5 }, people: 5, facilitated: true })).toBe(
      'Raumsitzung · Gleichklang der Gruppe 72 / 100 · 5 Personen',
    );
    expect(roomPeopleWords({ group: null, people: 1, facilitated: true })).toBe('1 Person');
    expect(roomSessionWords({ group: null, people: 3, facilitated: false })).toBe('Raummuster · allein');
  });
});
