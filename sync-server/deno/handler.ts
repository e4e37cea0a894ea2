/**
 * The Deno relay's requests: /healthz and /time (GET and HEAD), the per-client budgets (pages, and
 * room upgrades apart), the shared checks before a WebSocket upgrade (upgrade-checks.ts) or a room
 * deletion (room-delete.ts) with this adapter's own in Node's order (node/own-checks.ts: shutdown,
 * connections per client, the disk quota and new rooms, rooms in memory), the room loaded before
 * the upgrade is answered (one that cannot be is upgraded, then closed with 4500 or the storage
 * failure's code, as on Node), the glyph pack's gateway (/ipfs/, /ipns/, /routing/), and the built app,
 * all with the Node server's headers.
 */
import { answerIpfs, answerUnserved, gatewayPart, plain } from '../gateway/answer.ts';
import { answerIpns } from '../gateway/ipns.ts';
import type { GatewayAnswer, PackState } from '../gateway/types.ts';
import { securityHeaders } from '../headers.ts';
import { freeOfHttpBudget, isAppShell } from '../http-budget.ts';
import { APP_PROTOCOL, CLOSE, createHttpLimiter, createKeyedLimiter, HTTP, type LimitKind, presenceKeyFromProtocols } from '../policy.ts';
import { newCounters } from '../room.ts';
import { admitDelete, isRoomDelete, refusalHeaders } from '../room-delete.ts';
import { admitUpgrade, type Refusal, type UpgradeCheck } from '../upgrade-checks.ts';
import type { DenoConfig } from './config.ts';
import type { KvRoomStore } from './kv-store.ts';
import { createLimitLog } from '../limit-log.ts';
import { createMemberSockets } from './member-socket.ts';
import { createRoomRegistry, type OpenedRoom, RoomUnavailableError } from './rooms.ts';
import { deno, type ServeInfo } from './runtime.ts';
import { findFile, serveBuild } from './static-files.ts';

/** Members' sockets are pinged after this long without a frame (Deno's own heartbeat), and dropped when they do not answer. */
const IDLE_TIMEOUT_SECONDS = 30;
/** A handshake whose socket neither opens nor closes by then (its client hung up before the 101) frees its connection slot. */
const OPEN_TIMEOUT_MS = 10_000;
/** A socket refused after its upgrade is closed once its client has sent nothing for this long, or after CLOSE_GRACE_MS (member-socket.ts's rule: Deno drops a connection whose client sends after the close frame, and the client would see 1006). */
const QUIET_BEFORE_CLOSE_MS = 50;
const CLOSE_GRACE_MS = 1000;

/** Closes an upgraded socket with a code once it is open and its client quiet; nothing it sends is read. */
function closeOnceQuiet(socket: WebSocket, code: number, reason: string): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let deadline = Number.POSITIVE_INFINITY;
  const close = () => {
    // reason: a socket its client already closed throws on close; it is gone either way
    try {
      socket.close(code, reason);
    } catch {}
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(close, Date.now() >= deadline ? 0 : QUIET_BEFORE_CLOSE_MS);
  };
  socket.addEventListener('open', () => {
    deadline = Date.now() + CLOSE_GRACE_MS;
    later();
  });
  socket.addEventListener('message', () => socket.readyState === WebSocket.OPEN && later());
  socket.addEventListener('close', () => clearTimeout(timer));
}

/** What the relay is made from. */
export interface DenoRelayOptions {
  readonly config: DenoConfig;
  readonly store: KvRoomStore;
  /** The glyph pack the build publishes, verified (null: none is served). */
  readonly pack: PackState | null;
  /** One line per event, never an address, a name or a room's content. */
  readonly log: (line: string) => void;
  /** Called after a room's deletion is stored (the KV file is scrubbed of it). */
  readonly afterDelete?: () => void;
}

/** The relay's request handler and its shutdown. */
export interface DenoRelay {
  handle(request: Request, info: ServeInfo): Promise<Response>;
  /** Stops taking rooms, folds every room, closes every member with 1001, waits for the writes. */
  shutdown(): Promise<void>;
}

const text = (status: number, body: string, extra: Record<string, string> = {}) =>
  new Response(body, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra } });
const json = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
const isRead = (request: Request) => request.method === 'GET' || request.method === 'HEAD';
const notAllowed = () => new Response(null, { status: 405, headers: { Allow: 'GET, HEAD', 'Cache-Control': 'no-store' } });
const gatewayResponse = ({ status, headers, body }: GatewayAnswer) =>
  new Response(body as Uint8Array<ArrayBuffer> | null, { status, headers });

/** Makes the Deno relay over a room store. */
export function createDenoRelay(options: DenoRelayOptions): DenoRelay {
  const { config, store } = options;
  const { limits } = config;
  const counters = newCounters();
  const limitLog = createLimitLog(options.log);
  counters.limitHits = limitLog.hits;
  const hit = (kind: LimitKind, connection?: object) => limitLog.hit(kind, connection);
  const rooms = createRoomRegistry({ limits, store, counters, hit, log: options.log });
  let closing = false;
  // A member's room is let go by its own copy's release (member-socket.ts, on the socket's close), never by id: a
  // copy loaded after a failure or a deletion must not be counted down by the old copy's members.
  const members = createMemberSockets({ limits, hit, closing: () => closing });
  const pages = createHttpLimiter(limits.httpPerMinute);
  const upgrades = createHttpLimiter(limits.upgradesPerMinute);
  const headers = Object.entries(securityHeaders(config.glyphGateways, { hsts: config.hsts }));
  // Room connections held (or being opened) per client address, as on Node.
  const perClient = new Map<string, number>();
  // New rooms a client address brings into being (upgrades and deletions of ids nothing is stored for), as on Node.
  const newRooms = createKeyedLimiter(limits.newRoomsPerHour / 3600, limits.newRoomsPerHour);

  const withHeaders = (response: Response): Response => {
    if (response.status === 101) return response; // a WebSocket: its headers are the handshake's
    for (const [name, value] of headers) response.headers.set(name, value);
    return response;
  };
  const refused = (kind: LimitKind, status: number, body: string, extra: Record<string, string> = {}) => {
    hit(kind);
    return text(status, body, extra);
  };
  const release = (client: string) => {
    const held = (perClient.get(client) ?? 1) - 1;
    if (held > 0) perClient.set(client, held);
    else perClient.delete(client);
  };

  const shuttingDown = (): Refusal | null => (closing ? { kind: 'shutting-down', status: 503, body: 'Relay shutting down.' } : null);
  /** Data for an id nothing is stored for: within the disk quota and the client's new-rooms budget (node/own-checks.ts). */
  const newData = (client: string, nowMs: number): Refusal | null => {
    if (rooms.storageFull()) return { kind: 'storage-full', ...HTTP.storageFull, retryAfterSeconds: 3600 };
    if (!newRooms.allow(client, nowMs))
      return { kind: 'new-rooms', ...HTTP.tooManyNewRooms, retryAfterSeconds: newRooms.retryAfterSeconds() };
    return null;
  };

  /**
   * This adapter's own checks, after the shared ones and before the token, in Node's order: shutdown,
   * connections per client, the disk quota and new rooms, rooms in memory. They are synchronous as
   * on Node: whether a room exists and the bytes stored are read from the store's memory (kv-store.ts).
   * One difference: a room still loading from KV counts as existing (Node loads in one step).
   */
  const ownChecks = (client: string, held: { taken: boolean }): UpgradeCheck[] => [
    shuttingDown,
    () => {
      const count = perClient.get(client) ?? 0;
      if (count >= limits.maxConnectionsPerClient)
        return { kind: 'connections-per-client', ...HTTP.tooManyConnections, retryAfterSeconds: 30 };
      perClient.set(client, count + 1);
      held.taken = true;
      return null;
    },
    (request, roomId) => (rooms.exists(roomId) ? null : newData(client, request.nowMs)),
    (_request, roomId) => (rooms.roomForAnother(roomId) ? null : { kind: 'rooms-loaded', ...HTTP.busy, retryAfterSeconds: 30 }),
  ];

  async function upgrade(request: Request, url: URL, client: string): Promise<Response> {
    const protocols = request.headers.get('Sec-WebSocket-Protocol') ?? undefined;
    const held = { taken: false };
    const admitted = await admitUpgrade(
      { pathname: url.pathname, origin: request.headers.get('Origin') ?? undefined, host: url.host, protocols, client, nowMs: Date.now() },
      { limits, upgrades, hostIsRouted: false },
      ownChecks(client, held),
    );
    if ('refusal' in admitted) {
      if (held.taken) release(client);
      const { kind, status, body, retryAfterSeconds } = admitted.refusal;
      return refused(kind, status, body, retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) });
    }
    const offered = protocols?.split(',').map((p) => p.trim()) ?? [];
    const protocol = offered.includes(APP_PROTOCOL) ? APP_PROTOCOL : undefined;
    let opened: OpenedRoom | null = null;
    let failure: 'roomUnavailable' | 'storageFailed' = 'storageFailed';
    try {
      // The room answers nobody before its document is back from storage.
      opened = await rooms.open(admitted.roomId);
    } catch (error) {
      // As on Node: the socket is upgraded, then closed with the code that says why (4500 or the storage failure's).
      if (error instanceof RoomUnavailableError) failure = 'roomUnavailable';
      else options.log(`room storage failed: ${(error as Error).name}`);
    }
    let upgraded: ReturnType<typeof deno.upgradeWebSocket>;
    try {
      upgraded = deno.upgradeWebSocket(request, { idleTimeout: IDLE_TIMEOUT_SECONDS, ...(protocol ? { protocol } : {}) });
    } catch {
      // Not a WebSocket handshake after all (no key, no `Connection: Upgrade`): what it held is let go.
      release(client);
      opened?.release();
      return refused('bad-request', 400, 'Not a WebSocket upgrade.');
    }
    const { socket, response } = upgraded;
    // A client that hangs up before the handshake's answer is out gets neither open nor close from
    // Deno: its connection slot is let go after OPEN_TIMEOUT_MS all the same (the room's hold stays
    // until the socket ends, see the README's Deno section).
    let slotHeld = true;
    const letGo = () => {
      if (slotHeld) release(client);
      slotHeld = false;
      clearTimeout(openTimer);
    };
    const openTimer = setTimeout(() => socket.readyState === WebSocket.CONNECTING && letGo(), OPEN_TIMEOUT_MS);
    socket.addEventListener('open', () => clearTimeout(openTimer));
    socket.addEventListener('close', letGo);
    if (!opened) {
      hit(failure, socket);
      closeOnceQuiet(socket, CLOSE[failure].code, CLOSE[failure].reason);
      return response;
    }
    const presenceKey = presenceKeyFromProtocols(protocols) ?? `address:${client}`;
    const copy = opened;
    // Registered before the member's own: a copy its host deleted (or whose store failed) between the
    // open above and the socket's open is joined by nobody. Closed at once, the socket reads nothing
    // (a WebSocket dispatches no message once closing) and sends nothing, so none of its content
    // goes out; the client may see 1006 rather than the code, and its reconnection gets the next copy.
    socket.addEventListener('open', () => {
      const ended = copy.ended();
      if (!ended) return;
      hit(ended, socket);
      // reason: a socket its client already closed throws on close; it is gone either way
      try {
        socket.close(CLOSE[ended].code, CLOSE[ended].reason);
      } catch {}
    });
    // The member lets go of its own copy when its socket ends (member-socket.ts).
    members.attach({ socket, opened, client, presenceKey, protocol });
    return response;
  }

  async function remove(request: Request, url: URL, client: string): Promise<Response> {
    // A deletion spends the page budget (never free of it), then the shared checks.
    if (!pages.allow(client, Date.now()))
      return refused('http-rate', HTTP.rateLimited.status, HTTP.rateLimited.body, { 'Retry-After': String(pages.retryAfterSeconds()) });
    const admitted = admitDelete(
      {
        pathname: url.pathname,
        origin: request.headers.get('Origin') ?? undefined,
        host: url.host,
        authorization: request.headers.get('Authorization') ?? undefined,
      },
      { limits, hostIsRouted: false },
      // A deletion of an id nothing is held for leaves a tombstone: new data, with the same budgets as on Node.
      [shuttingDown, (roomId) => (rooms.exists(roomId) || store.tombstoned(roomId) ? null : newData(client, Date.now()))],
    );
    if ('refusal' in admitted) {
      const { kind, status, body } = admitted.refusal;
      return refused(kind, status, body, refusalHeaders(admitted.refusal));
    }
    const closed = await rooms.delete(admitted.roomId, Date.now());
    counters.roomsDeleted++;
    limitLog.event(`room deleted by its host (${closed} members closed)`);
    options.afterDelete?.();
    return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  }

  function gateway(request: Request, url: URL, part: NonNullable<ReturnType<typeof gatewayPart>>): Response {
    const asked = { method: request.method, url, header: (name: string) => request.headers.get(name) };
    if (!options.pack) return gatewayResponse(part === 'ipfs' ? plain(404, 'No glyph pack is served here.') : answerUnserved(asked));
    if (part !== 'ipfs') return gatewayResponse(answerIpns(asked, options.pack.record) ?? answerUnserved(asked));
    return gatewayResponse(answerIpfs(asked, options.pack.blocks));
  }

  async function route(request: Request, url: URL, client: string): Promise<Response> {
    if (url.pathname === '/healthz') return isRead(request) ? json({ status: 'ok' }) : notAllowed();
    if (url.pathname === '/time') {
      if (!isRead(request)) return notAllowed();
      const t1 = Date.now();
      return json({ t1, t2: Date.now() });
    }
    if (isRoomDelete(request.method, url.pathname)) return remove(request, url, client);
    if (request.headers.get('Upgrade')?.toLowerCase() === 'websocket') return upgrade(request, url, client);
    // Glyph blocks (/ipfs/) and the build's files (what the service worker precaches) are free; page
    // loads, misses, /ipns/ and /routing/ spend the page budget, as on Node (http-budget.ts).
    const part = gatewayPart(url.pathname);
    const file = !part && isRead(request) ? await findFile(config.distDir, url.pathname) : null;
    if (!freeOfHttpBudget(request.method, url.pathname, file !== null && !isAppShell(url.pathname)) && !pages.allow(client, Date.now()))
      return refused('http-rate', HTTP.rateLimited.status, HTTP.rateLimited.body, { 'Retry-After': String(pages.retryAfterSeconds()) });
    if (part) return gateway(request, url, part);
    if (!isRead(request)) return notAllowed();
    return serveBuild(config.distDir, request, url, file);
  }

  return {
    async handle(request, info) {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        return withHeaders(refused('bad-target', 400, 'Bad request target.'));
      }
      const forwarded = config.trustProxy ? request.headers.get('X-Forwarded-For')?.split(',').at(-1)?.trim() : undefined;
      const client = forwarded || info.remoteAddr.hostname;
      try {
        return withHeaders(await route(request, url, client));
      } catch (error) {
        // What a route threw is not the client's to see: its name is logged (never a message, which may
        // hold an id) under the limit log's ceiling, so a client cannot fill the disk with it; the process goes on.
        limitLog.event(`route error: ${(error as Error).name}`);
        return withHeaders(refused('route-error', 500, 'Internal error.'));
      }
    },
    async shutdown() {
      closing = true;
      await rooms.shutdown();
    },
  };
}
