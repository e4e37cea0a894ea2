/**
 * The relay's Node adapter: WebSocket upgrades at /room/<id> on the app's own server (ws), the
 * checks before the upgrade (upgrade-checks.ts and this adapter's own), and the sockets of the
 * members. Rooms, their storage and their memory live in rooms.ts; /time and /metrics in
 * relay-routes.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  APP_PROTOCOL,
  CLOSE,
  createKeyed,
  createKeyedLimiter,
  HTTP,
  type LimitKind,
  presenceKeyFromProtocols,
  type RelayLimits,
} from '../policy.ts';
import { admitUpgrade, type UpgradeCheck, type UpgradeRequest } from '../upgrade-checks.ts';
import { createByteBudget, newCounters, type Peer, type Room } from '../room.ts';
import type { Route } from './app.ts';
import { REFUSAL_HEADER_LINES } from '../headers.ts';
import { parseTarget } from '../request-target.ts';
import { clientKey } from './client-key.ts';
import { createLimitLog, type LimitLog } from './limit-log.ts';
import { createHistogram } from './metrics.ts';
import { metricsRoute, timeRoute } from './relay-routes.ts';
import type { RoomStore } from './persistence.ts';
import { createRoomRegistry, RoomUnavailableError } from './rooms.ts';

export interface RelayOptions {
  readonly limits: RelayLimits;
  readonly store: RoomStore;
  /** One line per event, never with an address, a name or a room's content. */
  readonly log: (line: string) => void;
  /** Counts limit hits and logs them within bounds (shared with the HTTP side, so one ceiling holds for both). */
  readonly limitLog?: LimitLog;
  /** Debounce for folding a changed room's update log into its state. */
  readonly saveDelayMs?: number;
  /** Behind a reverse proxy: rate-limit by X-Forwarded-For instead of the proxy's address. */
  readonly trustProxy?: boolean;
  /** Whether a request may read /metrics (a token check; absent: anyone who reaches the port). */
  readonly metricsAllowed?: (req: IncomingMessage) => boolean;
}

export interface Relay {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** /time and /metrics. */
  readonly routes: readonly Route[];
  /** Stop accepting, flush every room, close every socket with 1001. */
  shutdown(): void;
  /** After the sockets are gone: close the room store. */
  closeStore(): void;
}

const SLOW_CLOSE_GRACE_MS = 2000;
/** A socket the relay decided to close is read no more and destroyed after this, answered or not. */
const CLOSE_GRACE_MS = 1000;
/** Members closed by the room itself (shutdown, storage failure) have this long to answer. */
const SHUTDOWN_GRACE_MS = 3000;
const HEARTBEAT_MS = 30_000;
/** The shared byte budget of one client address is this many connections' worth. */
const CLIENT_BUDGET_CONNECTIONS = 16;
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  503: 'Service Unavailable',
};
const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data)
    ? new Uint8Array(Buffer.concat(data))
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

export function createRelay(options: RelayOptions): Relay {
  const { limits, store, log } = options;
  const counters = newCounters();
  const limitLog = options.limitLog ?? createLimitLog(log);
  counters.limitHits = limitLog.hits;
  const persist = createHistogram();
  const rooms = createRoomRegistry({ limits, store, counters, limitLog, persist, log, foldDelayMs: options.saveDelayMs ?? 1000 });
  const upgrades = createKeyedLimiter(limits.upgradesPerMinute / 60, limits.upgradesPerMinute);
  const newRooms = createKeyedLimiter(limits.newRoomsPerHour / 3600, limits.newRoomsPerHour);
  let connections = 0;
  // Room connections held (or being opened) per client address.
  const perClient = new Map<string, number>();
  const release = (key: string) => {
    const held = (perClient.get(key) ?? 1) - 1;
    if (held > 0) perClient.set(key, held);
    else perClient.delete(key);
  };
  // The byte budget a client's connections share for document traffic: kept past its last
  // connection (closing everything and coming back must not refill it), bounded like the limiters.
  const budgets = createKeyed((now) =>
    createByteBudget(limits.bytesPerSecond * CLIENT_BUDGET_CONNECTIONS, limits.bytesBurst * CLIENT_BUDGET_CONNECTIONS, now),
  );
  let closing = false;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    // The stock y-websocket client offers no subprotocol; ours offers "sacred-breathing" (and a token).
    handleProtocols: (protocols) => (protocols.has(APP_PROTOCOL) ? APP_PROTOCOL : false),
  });

  const hit = (kind: LimitKind, connection?: object) => limitLog.hit(kind, connection);

  function refuse(socket: Duplex, refusal: { status: number; body: string }, extra = ''): void {
    // As ws's own abortHandshake: once the answer is out the socket goes, whatever the client does.
    socket.once('finish', () => socket.destroy());
    socket.end(
      `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status]}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(refusal.body)}\r\nConnection: close\r\n${REFUSAL_HEADER_LINES}${extra}\r\n${refusal.body}`,
    );
  }

  function attach(ws: WebSocket, id: string, client: string, presenceKey: string): void {
    // First of all: an 'error' without a listener would throw and end the whole process.
    ws.on('error', (error) => hit(/max payload/i.test(error.message) ? 'tooBig' : 'socket-error', ws));
    /** Closes with a code, reads nothing more, and drops the socket if the close is not answered in time. */
    const closeWith = (code: number, reason: string, graceMs = CLOSE_GRACE_MS) => {
      ws.close(code, reason);
      ws.pause();
      setTimeout(() => ws.terminate(), graceMs).unref();
    };
    let room: Room;
    try {
      room = rooms.open(id);
    } catch (error) {
      // A room that does not load is refused alone; a store that fails (disk full, I/O) likewise.
      const kind = error instanceof RoomUnavailableError ? 'roomUnavailable' : 'storageFailed';
      hit(kind, ws);
      closeWith(CLOSE[kind].code, CLOSE[kind].reason);
      return;
    }
    if (room.size() >= limits.maxMembersPerRoom) {
      hit('roomFull', ws);
      closeWith(CLOSE.roomFull.code, CLOSE.roomFull.reason);
      rooms.memberLeft(id);
      return;
    }
    connections++;
    const peer: Peer = {
      send: (data) => ws.send(data),
      // A member that does not read will not read the close frame either: ws would wait 30 s for
      // the handshake with its backlog in memory.
      close: (code, reason) => closeWith(code, reason, code === CLOSE.slow.code ? SLOW_CLOSE_GRACE_MS : SHUTDOWN_GRACE_MS),
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
      client: presenceKey,
    };
    const member = room.join(peer, Date.now(), { clientBudget: budgets.get(client, Date.now()) });
    ws.on('message', (data) => {
      if (closing) return; // the room has been flushed; late messages would be lost anyway
      const verdict = member.receive(toBytes(data), Date.now());
      if (!verdict) return;
      hit(verdict, peer);
      closeWith(CLOSE[verdict].code, CLOSE[verdict].reason);
    });
    // Half-open sockets (a phone that slept, a network that vanished) are found by ping and dropped.
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    ws.on('close', () => {
      clearInterval(heartbeat);
      connections--;
      member.leave();
      rooms.memberLeft(id);
    });
  }

  const purge = () => {
    const deleted = store.deleteIdle(Date.now() - limits.deleteRoomAfterMs);
    if (deleted > 0) log(`deleted ${deleted} idle rooms`);
  };
  purge();
  const purgeTimer = setInterval(purge, 6 * 60 * 60 * 1000);
  purgeTimer.unref();

  return {
    handleUpgrade(req, socket, head) {
      // Node drops its own socket error handler before 'upgrade': without one, a reset kills the process.
      socket.on('error', () => socket.destroy());
      const url = parseTarget(req.url);
      if (!url) {
        hit('bad-target');
        return refuse(socket, { status: 400, body: 'Bad request target.' });
      }
      const client = clientKey(req, options.trustProxy ?? false);
      const request: UpgradeRequest = {
        pathname: url.pathname,
        origin: req.headers.origin,
        host: req.headers.host,
        protocols: req.headers['sec-websocket-protocol'],
        client,
        nowMs: Date.now(),
      };
      // This adapter's own checks, after the shared ones (upgrade-checks.ts) and before the token.
      const own: UpgradeCheck[] = [
        () => (closing ? { kind: 'shutting-down', status: 503, body: 'Relay shutting down.' } : null),
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
        (_request, roomId) => {
          if (rooms.exists(roomId)) return null;
          if (rooms.storageFull()) return { kind: 'storage-full', ...HTTP.storageFull, retryAfterSeconds: 3600 };
          if (!newRooms.allow(client, request.nowMs))
            return { kind: 'new-rooms', ...HTTP.tooManyNewRooms, retryAfterSeconds: newRooms.retryAfterSeconds() };
          return null;
        },
        (_request, roomId) => (rooms.roomForAnother(roomId) ? null : { kind: 'rooms-loaded', ...HTTP.busy, retryAfterSeconds: 30 }),
      ];
      admitUpgrade(request, { limits, upgrades, hostIsRouted: false }, own)
        .then((admitted) => {
          if ('refusal' in admitted) {
            hit(admitted.refusal.kind);
            const retry = admitted.refusal.retryAfterSeconds;
            return refuse(socket, admitted.refusal, retry === undefined ? '' : `Retry-After: ${retry}\r\n`);
          }
          if (socket.destroyed) return;
          // Presence ids left behind are kept for the tab that held them (a secret our client offers), or for the address.
          const presenceKey = presenceKeyFromProtocols(request.protocols) ?? `address:${client}`;
          wss.handleUpgrade(req, socket, head, (ws) => attach(ws, admitted.roomId, client, presenceKey));
        })
        .catch(() => {
          // reason: nothing a client sends makes the checks or the upgrade throw, but a throw here must not become an unhandled rejection
          hit('upgrade-failed');
          socket.destroy();
        });
    },
    routes: [
      timeRoute,
      metricsRoute({
        counters,
        gauges: () => ({
          connections,
          roomsLoaded: rooms.size(),
          roomsHeapBytes: rooms.estimatedHeap(),
          storedBytes: store.totalBytes(),
          persist,
        }),
        ...(options.metricsAllowed ? { allowed: options.metricsAllowed } : {}),
        refused: () => hit('metrics-token'),
      }),
    ],
    shutdown() {
      closing = true;
      clearInterval(purgeTimer);
      rooms.shutdown();
      wss.close();
    },
    closeStore: () => rooms.closeStore(),
  };
}
