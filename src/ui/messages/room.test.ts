import { describe, expect, it } from 'vitest';
import { BadRoomLinkError } from '../../room/link.ts';
import { ChangeTooLargeError, closeKindOf, RoomClosedError, RoomOpenError } from '../../room/status.ts';
import { CLOSE, type CloseKind } from '../../shared/room-protocol.ts';
import { describeError } from './index.ts';
import { memberName, roomStatusWords, roomWords } from './room.ts';

const closed = (kind: CloseKind) => new RoomClosedError(CLOSE[kind].code, closeKindOf(CLOSE[kind].code, CLOSE[kind].reason));

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
});
