/** Words for rooms: the errors a person can meet, and the states of a room's connection. */
import { BadRoomLinkError } from '../../room/link.ts';
import { ChangeTooLargeError, NotHostError, RoomClosedError, RoomDeleteError, RoomOpenError, type RoomStatus } from '../../room/status.ts';
import type { CloseKind } from '../../shared/room-protocol.ts';

const KEPT_HERE = 'changes from this device are kept here only';

/** Why the relay closed, as a person reads it; the final ones end the connection, the others come before a retry. */
const CLOSED: Record<CloseKind, string> = {
  roomFull: 'This room is full',
  tooBig: `The relay refused a change from this device as too large; it is kept here only`,
  updateTooComplex: `The relay refused a change from this device as too large; it is kept here only`,
  roomTooLarge: `This room has grown too large for the relay; ${KEPT_HERE}`,
  storageFull: `The relay has no space left to store this room; ${KEPT_HERE}`,
  goingAway: 'Offline: the relay is restarting',
  malformed: 'Offline: the relay could not read a message from this device',
  badUpdate: 'Offline: the relay refused a change that would damage the room',
  storageFailed: 'Offline: the relay could not store the room',
  slow: 'Offline: the connection was too slow to keep up',
  rateLimited: 'Offline: too many changes at once',
  bytesRateLimited: 'Offline: too many changes at once',
  roomRestored: 'Offline: the room was restored on the relay, syncing afresh',
  incomplete: 'Offline: syncing afresh with the relay',
  roomUnavailable: 'Offline: the relay could not load this room',
  roomDeleted: 'This room was deleted by its host',
};

const OFFLINE = 'Offline: breathing on your own, changes sync later';

/** Words for the room errors a person can meet; undefined for any other error. */
export function roomWords(error: unknown): string | undefined {
  if (error instanceof ChangeTooLargeError) return 'This change is too large to share with the room.';
  if (error instanceof BadRoomLinkError) return 'This room link is not complete. Ask for the link again.';
  if (error instanceof RoomClosedError) return closedWords(error);
  if (error instanceof NotHostError) return 'Only the host can do this, and someone else leads the room now.';
  if (error instanceof RoomDeleteError) return deleteWords(error);
  if (error instanceof RoomOpenError) return 'This room could not be opened on this device. Check your connection and try again.';
  return undefined;
}

function deleteWords(error: RoomDeleteError): string {
  switch (error.code) {
    case 'not-owner':
      return 'Only the device that made this room can delete it.';
    case 'offline':
      return 'The room was not deleted: the relay cannot be reached. Try again when you are online.';
    case 'refused':
      return error.status === 429
        ? 'The room was not deleted: too many requests. Wait a minute and try again.'
        : `The room was not deleted: the relay refused (${error.status}).`;
  }
}

const closedWords = (closed: RoomClosedError): string => (closed.kind ? CLOSED[closed.kind] : OFFLINE);

/** What a person reads about a room's connection; `retryInS` counts down to the next attempt. */
export function roomStatusWords(status: RoomStatus, retryInS: number | null = null): string {
  switch (status.kind) {
    case 'connecting':
      return 'Connecting…';
    case 'online':
      return 'Connected';
    case 'refused':
      return closedWords(status.closed);
    case 'offline': {
      const why = status.closed ? closedWords(status.closed) : OFFLINE;
      if (retryInS === null) return why;
      return retryInS > 0 ? `${why}; reconnecting in ${retryInS} s` : `${why}; reconnecting`;
    }
    case 'deleted':
      return CLOSED.roomDeleted;
  }
}

const UNNAMED = 'Someone';

/** A member's name as shown: their own, or a stand-in. */
export const memberName = (name: string, me: boolean): string => `${name || UNNAMED}${me ? ' (you)' : ''}`;
