/** Words for rooms: the errors a person can meet, and the states of a room's connection. */
import { t } from '../../i18n/index.ts';
import { BadRoomLinkError } from '../../room/link.ts';
import { ChangeTooLargeError, NotHostError, RoomClosedError, RoomDeleteError, RoomOpenError, type RoomStatus } from '../../room/status.ts';
import type { CloseKind } from '../../shared/room-protocol.ts';

/** Why the relay closed, as a person reads it; the final ones end the connection, the others come before a retry. */
const CLOSED: Record<CloseKind, () => string> = {
  roomFull: () => t('room.closed.roomFull'),
  tooBig: () => t('room.closed.tooBig'),
  updateTooComplex: () => t('room.closed.tooBig'),
  roomTooLarge: () => t('room.closed.roomTooLarge'),
  storageFull: () => t('room.closed.storageFull'),
  goingAway: () => t('room.closed.goingAway'),
  malformed: () => t('room.closed.malformed'),
  badUpdate: () => t('room.closed.badUpdate'),
  storageFailed: () => t('room.closed.storageFailed'),
  slow: () => t('room.closed.slow'),
  rateLimited: () => t('room.closed.rateLimited'),
  bytesRateLimited: () => t('room.closed.rateLimited'),
  roomRestored: () => t('room.closed.roomRestored'),
  incomplete: () => t('room.closed.incomplete'),
  roomUnavailable: () => t('room.closed.roomUnavailable'),
  roomDeleted: () => t('room.closed.roomDeleted'),
};

/** Words for the room errors a person can meet; undefined for any other error. */
export function roomWords(error: unknown): string | undefined {
  if (error instanceof ChangeTooLargeError) return t('room.errors.changeTooLarge');
  if (error instanceof BadRoomLinkError) return t('room.errors.badLink');
  if (error instanceof RoomClosedError) return closedWords(error);
  if (error instanceof NotHostError) return t('room.errors.notHost');
  if (error instanceof RoomDeleteError) return deleteWords(error);
  if (error instanceof RoomOpenError) return t('room.errors.openFailed');
  return undefined;
}

function deleteWords(error: RoomDeleteError): string {
  switch (error.code) {
    case 'not-owner':
      return t('room.errors.deleteNotOwner');
    case 'offline':
      return t('room.errors.deleteOffline');
    case 'refused':
      return error.status === 429 ? t('room.errors.deleteTooMany') : t('room.errors.deleteRefused', String(error.status ?? '?'));
  }
}

const closedWords = (closed: RoomClosedError): string => (closed.kind ? CLOSED[closed.kind]() : t('room.status.offline'));

/** What a person reads about a room's connection; `retryInS` counts down to the next attempt. */
export function roomStatusWords(status: RoomStatus, retryInS: number | null = null): string {
  switch (status.kind) {
    case 'connecting':
      return t('room.status.connecting');
    case 'online':
      return t('room.status.online');
    case 'refused':
      return closedWords(status.closed);
    case 'offline': {
      const why = status.closed ? closedWords(status.closed) : t('room.status.offline');
      if (retryInS === null) return why;
      return retryInS > 0 ? t('room.status.reconnectingIn', why, retryInS) : t('room.status.reconnecting', why);
    }
    case 'deleted':
      return CLOSED.roomDeleted();
  }
}

/** A member's name as shown: their own, or a stand-in. */
export const memberName = (name: string, me: boolean): string => {
  const shown = name || t('room.member.someone');
  return me ? t('room.member.you', shown) : shown;
};
