import { afterEach, describe, expect, it } from 'vitest';
import { dict as de } from '../../i18n/de/index.ts';
import { dict as en } from '../../i18n/en/index.ts';
import { useDictionary } from '../../i18n/index.ts';
import { BadRoomLinkError } from '../../room/link.ts';
import { ChangeTooLargeError, closeKindOf, RoomClosedError, RoomDeleteError, RoomOpenError } from '../../room/status.ts';
import { CLOSE, type CloseKind } from '../../shared/room-protocol.ts';
import { describeError } from './index.ts';
import { memberName, roomStatusWords, roomWords } from './room.ts';
import { clockWords, idleWords, scheduledWords, scheduleProblemWords } from './room-screen.ts';

const closed = (kind: CloseKind) => new RoomClosedError(CLOSE[kind].code, closeKindOf(CLOSE[kind].code, CLOSE[kind].reason));

afterEach(() => useDictionary('en', en));

describe('words for rooms', () => {
  it('say what each state of the connection means', () => {
    expect(roomStatusWords({ kind: 'connecting' })).toBe('Connecting…');
    expect(roomStatusWords({ kind: 'online' })).toBe('Connected');
    expect(roomStatusWords({ kind: 'offline', closed: null, retryAt: null })).toBe('Offline: breathing on your own, changes sync later');
    expect(roomStatusWords({ kind: 'offline', closed: new RoomClosedError(1006, null), retryAt: 1 }, 4)).toBe(
      'Offline: breathing on your own, changes sync later; reconnecting in 4 s',
    );
    expect(roomStatusWords({ kind: 'offline', closed: closed('rateLimited'), retryAt: 1 }, 2)).toBe(
      'Offline: too many changes at once; reconnecting in 2 s',
    );
    expect(roomStatusWords({ kind: 'offline', closed: closed('slow'), retryAt: 1 }, 0)).toBe(
      'Offline: the connection was too slow to keep up; reconnecting',
    );
    expect(roomStatusWords({ kind: 'refused', closed: closed('roomFull') })).toBe('This room is full');
    expect(roomStatusWords({ kind: 'refused', closed: closed('tooBig') })).toBe(
      'The relay refused a change from this device as too large; it is kept here only',
    );
  });

  it('name every close the relay can send, telling apart the kinds that share a code', () => {
    const kinds = Object.keys(CLOSE) as CloseKind[];
    const words = kinds.map((k) => roomWords(closed(k)));
    for (const w of words) expect(w).toMatch(/^[A-Z]/);
    expect(roomWords(closed('rateLimited'))).not.toBe(roomWords(closed('slow')));
    expect(roomWords(closed('roomTooLarge'))).not.toBe(roomWords(closed('storageFull')));
  });

  it('turn room errors into words through describeError, and a missing name into a stand-in', () => {
    expect(describeError(new ChangeTooLargeError(70_000, 65_536))).toBe('This change is too large to share with the room.');
    expect(describeError(new BadRoomLinkError('abc'))).toBe('This room link is not complete. Ask for the link again.');
    expect(roomWords(new Error('other'))).toBeUndefined();
    expect(memberName('Ada', true)).toBe('Ada (you)');
    expect(memberName('', false)).toBe('Someone');
    expect(memberName('', true)).toBe('Someone (you)');
    expect(describeError(new RoomOpenError(new TypeError('Failed to fetch')))).toBe(
      'This room could not be opened on this device. Check your connection and try again.',
    );
  });

  it("say why a deletion failed, with the relay's status when it refused", () => {
    expect(roomWords(new RoomDeleteError('not-owner'))).toBe('Only the device that made this room can delete it.');
    expect(roomWords(new RoomDeleteError('refused', 429))).toBe(
      'The room was not deleted: too many requests. Wait a minute and try again.',
    );
    expect(roomWords(new RoomDeleteError('refused', 503))).toBe('The room was not deleted: the relay refused (503).');
  });

  it('say what the guide shows before a session, and why a scheduled start was not set', () => {
    expect(clockWords(3_725_000)).toBe('1:02:05');
    expect(clockWords(59_001)).toBe('1:00');
    const base = { scheduledInMs: null, isHost: false, hostHere: true, finished: false };
    expect(idleWords({ ...base, scheduledInMs: 65_000 })).toBe('Starts in 1:05');
    expect(idleWords({ ...base, finished: true })).toBe('Session over');
    expect(idleWords({ ...base, isHost: true })).toBe('Start when everyone is here');
    expect(idleWords(base)).toBe('Waiting for the host');
    expect(idleWords({ ...base, hostHere: false })).toBe('The host has left');
    expect(scheduleProblemWords('far')).toBe('Choose a time within the next year.');
  });

  it('change with the language: errors, the connection, names, countdowns and the scheduled time', () => {
    useDictionary('de', de);
    expect(describeError(new BadRoomLinkError('abc'))).toBe('Dieser Raumlink ist unvollständig. Lass ihn dir noch einmal schicken.');
    expect(roomStatusWords({ kind: 'offline', closed: closed('slow'), retryAt: 1 }, 3)).toBe(
      'Offline: Die Verbindung war zu langsam, um mitzuhalten; neuer Versuch in 3 s',
    );
    expect(memberName('', true)).toBe('Jemand (du)');
    expect(idleWords({ scheduledInMs: 5_000, isHost: false, hostHere: true, finished: false })).toBe('Beginnt in 0:05');
    // Thursday 5 March 2026, 18:30 in UTC: the German weekday and month, the 24-hour clock.
    const at = Date.UTC(2026, 2, 5, 18, 30);
    const words = scheduledWords(at);
    expect(words).toMatch(/^Do\.?, 5\. März/);
    useDictionary('en', en);
    expect(scheduledWords(at)).toMatch(/^Thu 5 Mar/);
  });
});
