/**
 * The relay's Node adapter: WebSocket upgrades at /room/<id> on the app's own server (ws), the
 * policy checks before and after the upgrade, rooms loaded from and flushed to the room store,
 * and the relay's HTTP endpoints (/time for clock sync, /metrics).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { APP_PROTOCOL, CLOSE, HTTP, createHttpLimiter, originAllowed, roomIdFromPath, tokenFromProtocols, verifyRoomToken, type CloseKind, type RelayLimits } from '../policy.ts';
import { createRoom, newCounters, type Peer, type Room } from '../room.ts';
import type { Route } from './app.ts';
import { isHashedAsset } from '../headers.ts';
import { createHistogram, renderMetrics } from './metrics.ts';
import type { RoomStore } from './persistence.ts';

export interface RelayOptions {
  readonly limits: RelayLimits;
  readonly store: RoomStore;
  /** One line per event, never with an address, a name or a room's content. */
  readonly log: (line: string) => void;
  /** Debounce for writing a changed room to disk. */
  readonly saveDelayMs?: number;
  /** Behind a reverse proxy: rate-limit by X-Forwarded-For instead of the proxy's address. */
  readonly trustProxy?: boolean;
}

export interface Relay {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** /time and /metrics, and the HTTP rate limit in front of every request. */
  readonly routes: readonly Route[];
  /** Stop accepting, flush every room, close every socket with 1001. */
  shutdown(): void;
  /** After the sockets are gone: close the room store. */
  closeStore(): void;
}

interface Loaded {
  readonly room: Room;
  saveTimer?: ReturnType<typeof setTimeout>;
  unloadTimer?: ReturnType<typeof setTimeout>;
  dirty: boolean;
}

const SLOW_CLOSE_GRACE_MS = 2000;
const HEARTBEAT_MS = 30_000;
const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 429: 'Too Many Requests', 503: 'Service Unavailable' };
const serverNow = () => performance.timeOrigin + performance.now();
const toBytes = (data: RawData): Uint8Array =>
  Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

export function createRelay(options: RelayOptions): Relay {
  const { limits, store, log } = options;
  const saveDelayMs = options.saveDelayMs ?? 1000;
  const counters = newCounters();
  const persist = createHistogram();
  const rooms = new Map<string, Loaded>();
  const httpLimiter = createHttpLimiter(limits.httpPerMinute);
  let connections = 0;
  // Room connections held (or being opened) per client address.
  const perClient = new Map<string, number>();
  const release = (key: string) => {
    const n = (perClient.get(key) ?? 1) - 1;
    if (n > 0) perClient.set(key, n);
    else perClient.delete(key);
  };
  let closing = false;
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxFrameBytes,
    // The stock y-websocket client offers no subprotocol; ours offers "sacred-breathing" (and a token).
    handleProtocols: (protocols) => (protocols.has(APP_PROTOCOL) ? APP_PROTOCOL : false),
  });

  /** Whom a request counts against: the peer address, or the proxy's client address when trusted. */
  const clientKey = (req: IncomingMessage): string => {
    const forwarded = options.trustProxy ? String(req.headers['x-forwarded-for'] ?? '').split(',')[0]!.trim() : '';
    return forwarded || req.socket.remoteAddress || '';
  };
  const hit = (kind: string) => {
    counters.limitHits[kind] = (counters.limitHits[kind] ?? 0) + 1;
    log(`limit ${kind}`);
  };

  let storeClosed = false;
  function save(id: string): void {
    const loaded = rooms.get(id);
    if (!loaded || storeClosed) return;
    clearTimeout(loaded.saveTimer);
    loaded.saveTimer = undefined;
    if (!loaded.dirty) return;
    const started = performance.now();
    store.save(id, Y.encodeStateAsUpdate(loaded.room.doc), Date.now());
    persist.observe((performance.now() - started) / 1000);
    loaded.dirty = false;
  }

  function load(id: string): Loaded {
    let loaded = rooms.get(id);
    if (loaded) {
      clearTimeout(loaded.unloadTimer);
      loaded.unloadTimer = undefined;
      return loaded;
    }
    const room = createRoom(id, {
      limits,
      counters,
      initialState: store.load(id),
      onLimit: hit,
      onDocChange: () => {
        const l = rooms.get(id);
        if (!l) return;
        l.dirty = true;
        l.saveTimer ??= setTimeout(() => save(id), saveDelayMs);
      },
    });
    loaded = { room, dirty: false };
    rooms.set(id, loaded);
    store.touch(id, Date.now());
    return loaded;
  }

  /** Makes room for one more loaded room: unloads idle ones first; false when every room is in use. */
  function roomForAnother(id: string): boolean {
    if (rooms.has(id) || rooms.size < limits.maxRoomsLoaded) return true;
    for (const [other, loaded] of rooms) {
      if (loaded.room.size() > 0) continue;
      save(other);
      clearTimeout(loaded.unloadTimer);
      loaded.room.destroy();
      rooms.delete(other);
      if (rooms.size < limits.maxRoomsLoaded) return true;
    }
    return false;
  }

  function memberLeft(id: string): void {
    const loaded = rooms.get(id);
    if (!loaded || loaded.room.size() > 0) return;
    save(id);
    loaded.unloadTimer = setTimeout(() => {
      if (loaded.room.size() > 0) return;
      save(id);
      loaded.room.destroy();
      rooms.delete(id);
    }, limits.unloadIdleRoomAfterMs);
  }

  function refuse(socket: Duplex, refusal: { status: number; body: string }, extra = ''): void {
    socket.end(
      `HTTP/1.1 ${refusal.status} ${STATUS_TEXT[refusal.status]}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(refusal.body)}\r\nConnection: close\r\n${extra}\r\n${refusal.body}`,
    );
  }

  function attach(ws: WebSocket, id: string): void {
    // First of all: an 'error' without a listener would throw and end the whole process.
    ws.on('error', (error) => hit(/max payload/i.test(error.message) ? 'tooBig' : 'socket-error'));
    const loaded = load(id);
    const { room } = loaded;
    if (room.size() >= limits.maxMembersPerRoom) {
      hit('room-full');
      ws.close(CLOSE.roomFull.code, CLOSE.roomFull.reason);
      memberLeft(id);
      return;
    }
    connections++;
    const peer: Peer = {
      send: (data) => ws.send(data),
      close: (code, reason) => {
        ws.close(code, reason);
        // A member that does not read will not read the close frame either: ws would wait 30 s for
        // the handshake with its backlog in memory. Give it a moment, then drop it.
        if (code === CLOSE.slow.code) setTimeout(() => ws.terminate(), SLOW_CLOSE_GRACE_MS).unref();
      },
      get bufferedAmount() {
        return ws.bufferedAmount;
      },
    };
    const member = room.join(peer, Date.now());
    const closeWith = (kind: CloseKind) => {
      hit(kind);
      ws.close(CLOSE[kind].code, CLOSE[kind].reason);
    };
    ws.on('message', (data) => {
      if (closing) return; // the room has been flushed; late messages would be lost anyway
      const verdict = member.receive(toBytes(data), Date.now());
      if (verdict) closeWith(verdict);
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
      memberLeft(id);
    });
  }

  const purge = () => {
    const deleted = store.deleteIdle(Date.now() - limits.deleteRoomAfterMs);
    if (deleted > 0) log(`deleted ${deleted} idle rooms`);
  };
  purge();
  const purgeTimer = setInterval(purge, 6 * 60 * 60 * 1000);
  purgeTimer.unref();

  const json = (res: ServerResponse, body: unknown) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
  };

  return {
    handleUpgrade(req, socket, head) {
      // Node drops its own socket error handler before 'upgrade': without one, a reset kills the process.
      socket.on('error', () => socket.destroy());
      const url = new URL(req.url ?? '/', 'http://localhost');
      const parsed = roomIdFromPath(url.pathname);
      if ('error' in parsed) {
        hit(parsed.error);
        return refuse(socket, parsed.error === 'bad-id' ? HTTP.badRoomId : { status: 404, body: 'Not a room.' });
      }
      if (closing) return refuse(socket, { status: 404, body: 'Relay shutting down.' });
      if (!httpLimiter.allow(clientKey(req), Date.now())) {
        hit('http-rate');
        return refuse(socket, HTTP.rateLimited, `Retry-After: ${httpLimiter.retryAfterSeconds()}\r\n`);
      }
      const own = `http://${req.headers.host}`;
      if (!originAllowed(req.headers.origin, own, limits) && !originAllowed(req.headers.origin, own.replace(/^http:/, 'https:'), limits)) {
        hit('origin');
        return refuse(socket, HTTP.badOrigin);
      }
      const client = clientKey(req);
      const held = perClient.get(client) ?? 0;
      if (held >= limits.maxConnectionsPerClient) {
        hit('connections-per-client');
        return refuse(socket, HTTP.tooManyConnections, 'Retry-After: 30\r\n');
      }
      if (!roomForAnother(parsed.id)) {
        hit('rooms-loaded');
        return refuse(socket, HTTP.busy, 'Retry-After: 30\r\n');
      }
      if (socket.destroyed) return;
      // The slot is taken now, not once upgraded (a burst of upgrades waiting on token checks counts
      // too), and given back when the TCP socket closes, whichever way: refused, failed or left.
      perClient.set(client, held + 1);
      socket.once('close', () => release(client));
      const upgrade = () => !socket.destroyed && wss.handleUpgrade(req, socket, head, (ws) => attach(ws, parsed.id));
      if (!limits.tokenSecret) return upgrade();
      void verifyRoomToken(limits.tokenSecret, parsed.id, tokenFromProtocols(req.headers['sec-websocket-protocol']), Date.now()).then((verdict) => {
        if (verdict === 'ok') return upgrade();
        hit(`token-${verdict}`);
        refuse(socket, HTTP.badToken);
      });
    },
    routes: [
      {
        name: 'http-rate-limit',
        handle(req, res, url) {
          // Clock sync bursts, immutable assets and glyph blocks (immutable, in memory, many on a
          // first visit) are cheap and expected; the limit is for the rest.
          if (url.pathname === '/time' || isHashedAsset(url.pathname) || url.pathname.startsWith('/ipfs/')) return false;
          if (httpLimiter.allow(clientKey(req), Date.now())) return false;
          hit('http-rate');
          res.writeHead(HTTP.rateLimited.status, { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(httpLimiter.retryAfterSeconds()) });
          res.end(HTTP.rateLimited.body);
          return true;
        },
      },
      {
        name: 'time',
        handle(_req, res, url) {
          if (url.pathname !== '/time') return false;
          const t1 = serverNow();
          json(res, { t1, t2: serverNow() });
          return true;
        },
      },
      {
        name: 'metrics',
        handle(_req, res, url) {
          if (url.pathname !== '/metrics') return false;
          res.writeHead(200, { 'Content-Type': 'text/plain; version=0.0.4', 'Cache-Control': 'no-store' });
          res.end(renderMetrics(counters, { connections, roomsLoaded: rooms.size, persist }));
          return true;
        },
      },
    ],
    shutdown() {
      closing = true;
      clearInterval(purgeTimer);
      for (const [id, loaded] of rooms) {
        save(id);
        clearTimeout(loaded.unloadTimer);
        loaded.room.closeAll('goingAway');
      }
      wss.close();
    },
    closeStore() {
      if (storeClosed) return;
      for (const loaded of rooms.values()) clearTimeout(loaded.saveTimer);
      storeClosed = true;
      store.close();
    },
  };
}
