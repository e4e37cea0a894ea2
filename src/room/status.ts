/** A room connection's state, and why the relay closed it: codes and data, never words (src/ui/messages/room.ts has those). */
import { CLOSE, type CloseKind, REFUSED_CODES } from '../shared/room-protocol.ts';

/** The relay closed this device's connection to a room: its close code and, where the contract names it, the kind. */
export class RoomClosedError extends Error {
  override readonly name = 'RoomClosedError';
  /** The WebSocket close code. */
  readonly code: number;
  /** What the contract calls it, or null for a code it does not name (1006: the connection dropped). */
  readonly kind: CloseKind | null;
  constructor(code: number, kind: CloseKind | null) {
    super(`room connection closed: ${code} ${kind ?? ''}`.trim());
    this.code = code;
    this.kind = kind;
  }
  /** Final: connecting again would be refused again (a full room, a change too large to take). */
  get final(): boolean {
    return this.code === CLOSE.roomFull.code || REFUSED_CODES.has(this.code);
  }
}

/** A room could not be opened on this device: its code did not load (offline, not cached) or its local copy was refused. */
export class RoomOpenError extends Error {
  override readonly name = 'RoomOpenError';
  constructor(cause: unknown) {
    super('room not opened', { cause });
  }
}

/** A local change too large to share (`bytes` over `limit`): refused, never queued. */
export class ChangeTooLargeError extends Error {
  override readonly name = 'ChangeTooLargeError';
  readonly code = 'change-too-large';
  readonly bytes: number;
  readonly limit: number;
  constructor(bytes: number, limit: number) {
    super(`change of ${bytes} bytes over the ${limit} byte limit`);
    this.bytes = bytes;
    this.limit = limit;
  }
}

/** A change only the room's host may make, tried by someone else (the role moved in the meantime). */
export class NotHostError extends Error {
  override readonly name = 'NotHostError';
  readonly code = 'not-host';
  constructor() {
    super('only the host can do this');
  }
}

/** Why a room was not deleted: this device did not make it, it has no connection, or the relay refused (`status`). */
export class RoomDeleteError extends Error {
  override readonly name = 'RoomDeleteError';
  readonly code: 'not-owner' | 'offline' | 'refused';
  readonly status: number | undefined;
  constructor(code: RoomDeleteError['code'], status?: number, cause?: unknown) {
    super(`room not deleted: ${code}${status ? ` ${status}` : ''}`, { cause });
    this.code = code;
    this.status = status;
  }
}

/** The close kind the relay sent: by code and reason (kinds that share a code differ in reason), else the first kind with that code. */
export function closeKindOf(code: number, reason: string): CloseKind | null {
  const kinds = Object.keys(CLOSE) as CloseKind[];
  return kinds.find((k) => CLOSE[k].code === code && CLOSE[k].reason === reason) ?? kinds.find((k) => CLOSE[k].code === code) ?? null;
}

/** Where a room's connection is. */
export type RoomStatus =
  | { readonly kind: 'connecting' }
  | { readonly kind: 'online' }
  /** No connection: the device has no network (`closed` null, nothing scheduled), or the relay closed and a retry is due at `retryAt` (local ms). */
  | { readonly kind: 'offline'; readonly closed: RoomClosedError | null; readonly retryAt: number | null }
  /** The relay refused this device for good (`closed.final`): no retry. */
  | { readonly kind: 'refused'; readonly closed: RoomClosedError }
  /** The room's owner deleted it from the relay; this device's copy is removed too. */
  | { readonly kind: 'deleted' };
