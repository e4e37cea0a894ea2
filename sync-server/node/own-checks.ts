/**
 * The Node adapter's side of an upgrade: its own checks, run by `admitUpgrade` after the shared
 * ones and before the token (shutting down, connections per client, the disk quota and new rooms,
 * rooms in memory, in that order), and the HTTP answer that refuses an upgrade. A room deletion
 * gets the same shutdown check and, for an id nothing is held for (its tombstone would be new
 * data), the same disk quota and new-rooms budget, run by `admitDelete` once the key opened it.
 */
import type { Duplex } from 'node:stream';
import { createKeyedLimiter, HTTP, type RelayLimits } from '../policy.ts';
import { REFUSAL_HEADER_LINES } from '../headers.ts';
import type { DeleteCheck } from '../room-delete.ts';
import type { Refusal, UpgradeCheck } from '../upgrade-checks.ts';
import type { RoomRegistry } from './rooms.ts';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};

/** Answers an upgrade with an HTTP refusal (and `extra` header lines), then drops the socket. */
export function refuse(socket: Duplex, refusal: { status: number; body: string }, extra = ''): void {
  // As ws's own abortHandshake: once the answer is out the socket goes, whatever the client does.
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status]}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(refusal.body)}\r\nConnection: close\r\n${REFUSAL_HEADER_LINES}${extra}\r\n${refusal.body}`,
  );
}

/** What the own checks read of the relay. */
export interface OwnChecksOptions {
  readonly limits: RelayLimits;
  readonly rooms: Pick<RoomRegistry, 'exists' | 'storageFull' | 'roomForAnother' | 'deletedAt'>;
  /** Whether the relay is shutting down. */
  readonly closing: () => boolean;
}

/** The Node adapter's own checks, for an upgrade (its socket and client) and for a room deletion (its client). */
export interface OwnChecks {
  upgrade(socket: Duplex, client: string): UpgradeCheck[];
  deletion(client: string): DeleteCheck[];
}

/** Makes the Node adapter's own checks, in their order. */
export function createOwnChecks(options: OwnChecksOptions): OwnChecks {
  const { limits, rooms } = options;
  const newRooms = createKeyedLimiter(limits.newRoomsPerHour / 3600, limits.newRoomsPerHour);
  // Room connections held (or being opened) per client address.
  const perClient = new Map<string, number>();
  const release = (key: string) => {
    const held = (perClient.get(key) ?? 1) - 1;
    if (held > 0) perClient.set(key, held);
    else perClient.delete(key);
  };

  const shuttingDown = (): Refusal | null =>
    options.closing() ? { kind: 'shutting-down', status: 503, body: 'Relay shutting down.' } : null;
  /** Data for an id nothing is stored for: within the disk quota and the client's new-rooms budget. */
  const newData = (client: string, nowMs: number): Refusal | null => {
    if (rooms.storageFull()) return { kind: 'storage-full', ...HTTP.storageFull, retryAfterSeconds: 3600 };
    if (!newRooms.allow(client, nowMs))
      return { kind: 'new-rooms', ...HTTP.tooManyNewRooms, retryAfterSeconds: newRooms.retryAfterSeconds() };
    return null;
  };

  const upgrade = (socket: Duplex, client: string): UpgradeCheck[] => [
    shuttingDown,
    () => {
      const held = perClient.get(client) ?? 0;
      if (held >= limits.maxConnectionsPerClient)
        return { kind: 'connections-per-client', ...HTTP.tooManyConnections, retryAfterSeconds: 30 };
      // The slot is taken now, not once upgraded (a burst of upgrades waiting on token checks
      // counts too), and given back when the TCP socket closes, whichever way.
      perClient.set(client, held + 1);
      socket.once('close', () => release(client));
      return null;
    },
    (request, roomId) => (rooms.exists(roomId) ? null : newData(client, request.nowMs)),
    (_request, roomId) => (rooms.roomForAnother(roomId) ? null : { kind: 'rooms-loaded', ...HTTP.busy, retryAfterSeconds: 30 }),
  ];
  const deletion = (client: string): DeleteCheck[] => [
    shuttingDown,
    (roomId) => (rooms.exists(roomId) || rooms.deletedAt(roomId) !== null ? null : newData(client, Date.now())),
  ];
  return { upgrade, deletion };
}
