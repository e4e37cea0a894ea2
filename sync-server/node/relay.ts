/**
 * The relay's Node adapter: WebSocket upgrades at /room/<id> on the app's own server (ws), through
 * the checks before the upgrade (upgrade-checks.ts, with this adapter's own in own-checks.ts), to
 * the sockets of the members (member-socket.ts). Rooms, their storage and their memory live in
 * rooms.ts; /time and /metrics in relay-routes.ts; `DELETE /room/<id>` (the host deletes a room) in
 * delete-route.ts.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { APP_PROTOCOL, createKeyedLimiter, type LimitKind, presenceKeyFromProtocols, type RelayLimits } from '../policy.ts';
import { admitUpgrade, type UpgradeRequest } from '../upgrade-checks.ts';
import { newCounters } from '../room.ts';
import type { Route } from './app.ts';
import { parseTarget } from '../request-target.ts';
import { clientKey } from './client-key.ts';
import { roomDeleteRoute } from './delete-route.ts';
import { createLimitLog, type LimitLog } from '../limit-log.ts';
import { createMemberSockets } from './member-socket.ts';
import { createHistogram } from './metrics.ts';
import { createOwnChecks, refuse } from './own-checks.ts';
import { metricsRoute, timeRoute } from './relay-routes.ts';
import type { RoomStore } from './persistence.ts';
import { createRoomRegistry } from './rooms.ts';

/** What the Node relay is made from. */
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

/** The Node relay, as the app's server uses it. */
export interface Relay {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** /time, /metrics and room deletion. */
  readonly routes: readonly Route[];
  /** Stop accepting, flush every room, close every socket with 1001. */
  shutdown(): void;
  /** After the sockets are gone: close the room store. */
  closeStore(): void;
}

/** Makes the Node relay over a room store: its upgrade handler, its routes and its shutdown. */
export function createRelay(options: RelayOptions): Relay {
  const { limits, store, log } = options;
  const counters = newCounters();
  const limitLog = options.limitLog ?? createLimitLog(log);
  counters.limitHits = limitLog.hits;
  const persist = createHistogram();
  const rooms = createRoomRegistry({ limits, store, counters, limitLog, persist, log, foldDelayMs: options.saveDelayMs ?? 1000 });
  const upgrades = createKeyedLimiter(limits.upgradesPerMinute / 60, limits.upgradesPerMinute);
  let closing = false;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    // The stock y-websocket client offers no subprotocol; ours offers "sacred-breathing" (and a token).
    handleProtocols: (protocols) => (protocols.has(APP_PROTOCOL) ? APP_PROTOCOL : false),
  });
  const hit = (kind: LimitKind, connection?: object) => limitLog.hit(kind, connection);
  const members = createMemberSockets({ limits, rooms, hit, closing: () => closing });
  const ownChecks = createOwnChecks({ limits, rooms, closing: () => closing });
  const deleteRoute = roomDeleteRoute({
    limits,
    trustProxy: options.trustProxy ?? false,
    own: ownChecks.deletion,
    hit,
    remove(id) {
      const closed = rooms.delete(id, Date.now());
      counters.roomsDeleted++;
      limitLog.event(`room deleted by its host (${closed} members closed)`);
    },
  });

  const purge = () => {
    const before = Date.now() - limits.deleteRoomAfterMs;
    const deleted = store.deleteIdle(before);
    if (deleted > 0) log(`deleted ${deleted} idle rooms`);
    const expired = store.expireTombstones(before);
    if (expired > 0) log(`forgot ${expired} room deletions past the retention time`);
  };
  purge();
  // Four times a day, or four times per retention when it is shorter (a retention in fractions of a day).
  const purgeTimer = setInterval(purge, Math.max(1000, Math.min(6 * 60 * 60 * 1000, limits.deleteRoomAfterMs / 4)));
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
      // This adapter's own checks (own-checks.ts) run after the shared ones and before the token.
      admitUpgrade(request, { limits, upgrades, hostIsRouted: false }, ownChecks.upgrade(socket, client))
        .then((admitted) => {
          if ('refusal' in admitted) {
            hit(admitted.refusal.kind);
            const retry = admitted.refusal.retryAfterSeconds;
            return refuse(socket, admitted.refusal, retry === undefined ? '' : `Retry-After: ${retry}\r\n`);
          }
          if (socket.destroyed) return;
          // Presence ids left behind are kept for the tab that held them (a secret our client offers), or for the address.
          const presenceKey = presenceKeyFromProtocols(request.protocols) ?? `address:${client}`;
          wss.handleUpgrade(req, socket, head, (ws) => members.attach(ws, socket, admitted.roomId, client, presenceKey));
        })
        .catch(() => {
          // reason: nothing a client sends makes the checks or the upgrade throw, but a throw here must not become an unhandled rejection
          hit('upgrade-failed');
          socket.destroy();
        });
    },
    routes: [
      timeRoute,
      deleteRoute,
      metricsRoute({
        counters,
        gauges: () => ({
          connections: members.count(),
          roomsLoaded: rooms.size(),
          roomsHeapBytes: rooms.estimatedHeap(),
          storedBytes: store.totalBytes(),
          tombstones: store.tombstones(),
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
