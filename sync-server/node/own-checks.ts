/**
 * The Node adapter's side of an upgrade: its own checks, run by `admitUpgrade` after the shared
 * ones and before the token (shutting down, connections per client, the disk quota and new rooms,
 * rooms in memory, in that order), and the HTTP answer that refuses an upgrade.
 */
import type { Duplex } from 'node:stream';
import { createKeyedLimiter, HTTP, type RelayLimits } from '../policy.ts';
import { REFUSAL_HEADER_LINES } from '../headers.ts';
import type { UpgradeCheck } from '../upgrade-checks.ts';
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
  readonly rooms: Pick<RoomRegistry, 'exists' | 'storageFull' | 'roomForAnother'>;
  /** Whether the relay is shutting down. */
  readonly closing: () => boolean;
}

/** Makes the Node adapter's own checks: for each upgrade, its socket and client, the checks in their order. */
export function createOwnChecks(options: OwnChecksOptions): (socket: Duplex, client: string) => UpgradeCheck[] {
  const { limits, rooms } = options;
  const newRooms = createKeyedLimiter(limits.newRoomsPerHour / 3600, limits.newRoomsPerHour);
  // Room connections held (or being opened) per client address.
  const perClient = new Map<string, number>();
  const release = (key: string) => {
    const held = (perClient.get(key) ?? 1) - 1;
    if (held > 0) perClient.set(key, held);
    else perClient.delete(key);
  };

  return (socket, client) => [
    () => (options.closing() ? { kind: 'shutting-down', status: 503, body: 'Relay shutting down.' } : null),
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
    (request, roomId) => {
      if (rooms.exists(roomId)) return null;
      if (rooms.storageFull()) return { kind: 'storage-full', ...HTTP.storageFull, retryAfterSeconds: 3600 };
      if (!newRooms.allow(client, request.nowMs))
        return { kind: 'new-rooms', ...HTTP.tooManyNewRooms, retryAfterSeconds: newRooms.retryAfterSeconds() };
      return null;
    },
    (_request, roomId) => (rooms.roomForAnother(roomId) ? null : { kind: 'rooms-loaded', ...HTTP.busy, retryAfterSeconds: 30 }),
  ];
}
