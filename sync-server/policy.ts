/**
 * The relay's policy, shared by every adapter (Node with ws, Cloudflare Durable Objects): limits,
 * room ids, signed room tokens, rate limiting, and the codes each refusal gets. It imports neither
 * `ws` nor Node APIs; crypto is WebCrypto, present in both runtimes.
 */
import {
  APP_PROTOCOL,
  CLOSE,
  DEFAULT_MAX_FRAME_BYTES,
  PRESENCE_PROTOCOL_PREFIX,
  ROOM_ID_PATTERN,
  TOKEN_PROTOCOL_PREFIX,
  type CloseKind,
  type LimitKind,
} from '../src/shared/room-protocol.ts';
import { FIELD_ABOVE } from '../src/shared/room-field.ts';

export { APP_PROTOCOL, CLOSE, PRESENCE_PROTOCOL_PREFIX, TOKEN_PROTOCOL_PREFIX, type CloseKind, type LimitKind };

export interface RelayLimits {
  /** Largest WebSocket message accepted, in bytes; larger closes the socket with 1009. */
  readonly maxFrameBytes: number;
  /** Per connection: sustained messages a second and the burst allowed above it (token bucket). */
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  /**
   * Per connection and per client address: bytes a second of work (bytes received, and bytes of
   * document a sync request makes the relay encode) and the burst above it (a first sync of a
   * full room must fit); past it the socket is closed with 4029. Messages alone do not bound CPU:
   * a 256 KiB update costs a thousand times a presence update to decode.
   */
  readonly bytesPerSecond: number;
  readonly bytesBurst: number;
  /** Per connection: awareness (presence) messages a second; more are dropped, not relayed. */
  readonly awarenessPerSecond: number;
  /** Per client address: HTTP requests a minute for pages and utility routes; more get 429. */
  readonly httpPerMinute: number;
  /** Per client address: room upgrades a minute (their own budget: page loads do not spend it); more get 429. */
  readonly upgradesPerMinute: number;
  /** Per client address: rooms it may bring into existence an hour (a room id nothing is stored for); more get 429. */
  readonly newRoomsPerHour: number;
  /** Open room connections per client address; one more gets 429 before the upgrade. */
  readonly maxConnectionsPerClient: number;
  /** Members per room; one more is closed with 4005. */
  readonly maxMembersPerRoom: number;
  /** A room with more members than this is a field (src/shared/room-field.ts): presence is summarised, not relayed. */
  readonly fieldAbove: number;
  /**
   * Workers only: members one Durable Object holds. Past it the room's object hands newcomers to
   * shard objects of this size (worker/shard-object.ts); never below `fieldAbove` + 1, so a room is
   * a field before it has shards.
   */
  readonly shardMembers: number;
  /** A room's document may grow to this many bytes (its real encoded size); an update past it closes its sender with 4013. */
  readonly maxRoomBytes: number;
  /** Structs (items, deletions and gaps as Yjs stores them) one update may carry; more closes its sender with 1009. */
  readonly maxUpdateStructs: number;
  /** Structs and nested shared types (Y.Map, Y.Array, ... inside the document) a room may hold; past either, 4013. */
  readonly maxRoomStructs: number;
  readonly maxRoomTypes: number;
  /** All stored rooms together, in bytes; past it new rooms get 503 and growing updates 4507 (deletions still pass). */
  readonly diskQuotaBytes: number;
  /** Estimated heap all loaded rooms may take, in bytes (null: the adapter picks, on Node half the heap limit); past it idle rooms unload, then new rooms get 503. */
  readonly memoryBudgetBytes: number | null;
  /** A room without members is flushed and unloaded after this long. */
  readonly unloadIdleRoomAfterMs: number;
  /** Rooms held in memory at once; past it idle rooms are unloaded early, then new rooms get 503. */
  readonly maxRoomsLoaded: number;
  /** A stored room nobody opened for this long is deleted. */
  readonly deleteRoomAfterMs: number;
  /**
   * The origin people reach the relay at (`https://breathe.example`). When set, a browser's Origin
   * must be it (or on `allowedOrigins`); when not, the relay's own origin counts only for a Host
   * that no DNS name can rebind (an IP literal or localhost).
   */
  readonly publicOrigin: string | null;
  /** Further origins allowed to open a room. */
  readonly allowedOrigins: readonly string[];
  /** When set, joining needs a room token signed with this secret (HMAC-SHA256). */
  readonly tokenSecret: string | null;
}

export const DEFAULT_LIMITS: RelayLimits = {
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  messagesPerSecond: 20,
  messageBurst: 60,
  // A member sends presence (~300 bytes, 4/s at most) and small changes: 32 KiB/s is 25 times that.
  bytesPerSecond: 32 * 1024,
  bytesBurst: 2 << 20,
  awarenessPerSecond: 4,
  httpPerMinute: 100,
  // A full room behind one address (re)joining at once, with room to spare.
  upgradesPerMinute: 300,
  newRoomsPerHour: 20,
  // As many as one full room: a studio behind one NAT address must still fit, one script must not hold thousands.
  maxConnectionsPerClient: 200,
  // A field (above `fieldAbove`) costs the relay O(N): a room of 10,000 holds on one core (bench/relay-load.ts).
  maxMembersPerRoom: 10_000,
  fieldAbove: FIELD_ABOVE,
  // One object holds about 2,000 members at 1 Hz presence in local workerd (bench/relay-shards.ts).
  shardMembers: 2000,
  maxRoomBytes: 1 << 20,
  maxUpdateStructs: 10_000,
  // The app's document is a few maps of JSON values: a struct or two per member and per change.
  // A room at this limit costs about 22 MiB of heap (bench/room-heap.ts).
  maxRoomStructs: 50_000,
  maxRoomTypes: 1000,
  diskQuotaBytes: 1 << 30,
  memoryBudgetBytes: null,
  unloadIdleRoomAfterMs: 60_000,
  maxRoomsLoaded: 10_000,
  deleteRoomAfterMs: 30 * 24 * 60 * 60 * 1000,
  publicOrigin: null,
  allowedOrigins: [],
  tokenSecret: null,
};

/** Thrown for a setting that cannot be used; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

/** A whole-number setting; empty counts as unset (HOST="" would bind everything, PORT="" pick any port). */
export function intSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** A decimal setting (`0.5`), with the same rules as `intSetting` otherwise. */
export function numberSetting(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n >= min && n <= max)) throw new ConfigError(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
  return n;
}

/** An origin as browsers send it (`https://host[:port]`, no path); anything else is a configuration error. */
function originSetting(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must hold origins like https://breathe.example, got "${raw}"`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.origin !== raw.replace(/\/$/, '')) {
    throw new ConfigError(
      `${name} must hold origins like https://breathe.example (scheme, host, optional port, nothing else), got "${raw}"`,
    );
  }
  return url.origin;
}

/** The relay's limits from environment variables (process.env on Node, the Worker's vars), with the defaults. */
export function limitsFromEnv(env: Env): RelayLimits {
  const d = DEFAULT_LIMITS;
  const int = (name: string, fallback: number, min: number, max: number) => intSetting(env, name, fallback, min, max);
  return {
    maxFrameBytes: int('RELAY_MAX_FRAME_BYTES', d.maxFrameBytes, 1024, 1 << 20),
    messagesPerSecond: int('RELAY_MESSAGES_PER_SECOND', d.messagesPerSecond, 1, 10_000),
    messageBurst: int('RELAY_MESSAGE_BURST', d.messageBurst, 1, 100_000),
    bytesPerSecond: int('RELAY_BYTES_PER_SECOND', d.bytesPerSecond, 1024, 1 << 30),
    bytesBurst: int('RELAY_BYTES_BURST', d.bytesBurst, 1024, 1 << 30),
    awarenessPerSecond: int('RELAY_PRESENCE_PER_SECOND', d.awarenessPerSecond, 1, 1000),
    httpPerMinute: int('RELAY_HTTP_PER_MINUTE', d.httpPerMinute, 1, 1_000_000),
    upgradesPerMinute: int('RELAY_UPGRADES_PER_MINUTE', d.upgradesPerMinute, 1, 1_000_000),
    newRoomsPerHour: int('RELAY_NEW_ROOMS_PER_HOUR', d.newRoomsPerHour, 1, 1_000_000),
    maxConnectionsPerClient: int('RELAY_MAX_CONNECTIONS_PER_CLIENT', d.maxConnectionsPerClient, 1, 1_000_000),
    maxMembersPerRoom: int('RELAY_MAX_MEMBERS', d.maxMembersPerRoom, 1, 100_000),
    fieldAbove: int('RELAY_FIELD_ABOVE', d.fieldAbove, 2, 100_000),
    shardMembers: int('RELAY_SHARD_MEMBERS', d.shardMembers, 2, 100_000),
    maxRoomBytes: int('RELAY_MAX_ROOM_BYTES', d.maxRoomBytes, 1024, 64 << 20),
    maxUpdateStructs: int('RELAY_MAX_UPDATE_STRUCTS', d.maxUpdateStructs, 1, 10_000_000),
    maxRoomStructs: int('RELAY_MAX_ROOM_STRUCTS', d.maxRoomStructs, 1, 10_000_000),
    maxRoomTypes: int('RELAY_MAX_ROOM_TYPES', d.maxRoomTypes, 0, 1_000_000),
    diskQuotaBytes: int('RELAY_DISK_QUOTA_MB', d.diskQuotaBytes / (1 << 20), 1, 16 << 20) * (1 << 20),
    memoryBudgetBytes: env.RELAY_MEMORY_BUDGET_MB ? int('RELAY_MEMORY_BUDGET_MB', 0, 16, 1 << 20) * (1 << 20) : null,
    unloadIdleRoomAfterMs: int('RELAY_UNLOAD_AFTER_MS', d.unloadIdleRoomAfterMs, 0, 86_400_000),
    maxRoomsLoaded: int('RELAY_MAX_ROOMS', d.maxRoomsLoaded, 1, 1_000_000),
    // Fractions of a day too (0.5 is 12 hours; a test waits seconds for a room or a tombstone to go).
    deleteRoomAfterMs: Math.round(numberSetting(env, 'ROOM_RETENTION_DAYS', 30, 0.00001, 3650) * 86_400_000),
    publicOrigin: env.PUBLIC_ORIGIN ? originSetting('PUBLIC_ORIGIN', env.PUBLIC_ORIGIN) : null,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean)
      .map((o) => originSetting('ALLOWED_ORIGINS', o)),
    tokenSecret: env.ROOM_TOKEN_SECRET || null,
  };
}

/** HTTP refusals before the WebSocket upgrade. */
export const HTTP = {
  badRoomId: { status: 400, body: 'Room ids are 22 base64url characters.' },
  badToken: { status: 401, body: 'A valid room token is needed for this room.' },
  badOrigin: { status: 403, body: 'This origin may not open rooms here.' },
  ownerKeyNeeded: { status: 401, body: "Deleting a room needs its owner key: 'Authorization: Bearer <key>'." },
  ownerKeyWrong: { status: 403, body: 'This key does not open this room.' },
  rateLimited: { status: 429, body: 'Sacred pause required: too many requests, try again shortly.' },
  tooManyConnections: { status: 429, body: 'Sacred pause required: too many open rooms from this address.' },
  tooManyNewRooms: { status: 429, body: 'Sacred pause required: too many new rooms from this address; try again later.' },
  busy: { status: 503, body: 'The relay holds as many rooms as it may; try again shortly.' },
  storageFull: { status: 503, body: 'The relay has no room left to store new rooms; try again later.' },
} as const;

/** The room id of a `/room/<id>` path, or null when the path is not a room or the id is malformed. */
export function roomIdFromPath(pathname: string): { id: string } | { error: 'not-a-room' | 'bad-id' } {
  const m = /^\/room\/([^/]*)$/.exec(pathname);
  if (!m) return { error: 'not-a-room' };
  return ROOM_ID_PATTERN.test(m[1]!) ? { id: m[1]! } : { error: 'bad-id' };
}

/** A Host no DNS answer can stand for: an IP literal (v4 or [v6]) or localhost, with an optional port. */
export const unrebindableHost = (host: string): boolean =>
  /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/.test(host);

/**
 * Whether a browser Origin may connect. With `publicOrigin` set, it and the allow-list are the
 * only origins; without it the relay's own origin (scheme + Host) also counts, but only when the
 * Host is an IP literal or localhost (or `hostIsRouted`): a DNS-rebinding page sends its own name
 * as both Origin and Host, so a named Host proves nothing.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, limits: RelayLimits, hostIsRouted = false): boolean {
  if (origin === undefined) return true; // not a browser (a native client or a test tool)
  if (origin === limits.publicOrigin || limits.allowedOrigins.includes(origin)) return true;
  // On Workers the platform routes by Host to the zone that owns the name: a rebound name lands elsewhere.
  if (limits.publicOrigin !== null || host === undefined || !(hostIsRouted || unrebindableHost(host))) return false;
  return origin === `http://${host}` || origin === `https://${host}`;
}

/** A token bucket: `rate` tokens a second, holding at most `burst`. */
export interface TokenBucket {
  take(nowMs: number, cost?: number): boolean;
}

export function createTokenBucket(rate: number, burst: number, nowMs: number): TokenBucket {
  let tokens = burst;
  let last = nowMs;
  return {
    take(now, cost = 1) {
      tokens = Math.min(burst, tokens + ((now - last) / 1000) * rate);
      last = now;
      if (tokens < cost) return false;
      tokens -= cost;
      return true;
    },
  };
}

/**
 * Token buckets per client key (`rate` a second, `burst` at most); the key is only ever a map key,
 * never logged. Idle keys are forgotten past `maxKeys`, so memory stays bounded.
 */
export function createKeyedLimiter(rate: number, burst: number, maxKeys = 100_000) {
  const buckets = createKeyed((nowMs) => createTokenBucket(rate, burst, nowMs), maxKeys);
  return {
    /** True when `key` may go on (one token taken). */
    allow: (key: string, nowMs: number): boolean => buckets.get(key, nowMs).take(nowMs),
    /** Seconds until one more is allowed again (at worst). */
    retryAfterSeconds: (): number => Math.ceil(1 / rate),
    /** Keys held. */
    size: () => buckets.size(),
  };
}

/**
 * State per client key (a limiter, a budget), made on first use, at most `maxKeys` of them: past
 * that the key used longest ago is forgotten, in O(1) (a Map iterates in insertion order, and a
 * key is moved to the end each time it is used).
 */
export function createKeyed<T>(make: (nowMs: number) => T, maxKeys = 100_000) {
  const entries = new Map<string, T>();
  return {
    get(key: string, nowMs: number): T {
      let entry = entries.get(key);
      if (entry === undefined) {
        if (entries.size >= maxKeys) entries.delete(entries.keys().next().value!);
        entry = make(nowMs);
      } else entries.delete(key);
      entries.set(key, entry);
      return entry;
    },
    size: () => entries.size,
  };
}

/** HTTP rate limiting per client key: `perMinute` requests a minute, as a burst or spread out. */
export const createHttpLimiter = (perMinute: number, maxKeys = 100_000) => createKeyedLimiter(perMinute / 60, perMinute, maxKeys);

const enc = new TextEncoder();

/** Compares without an early exit, so the time taken says nothing about where strings differ. */
export function constantTimeEqual(a: string, b: string): boolean {
  const x = enc.encode(a);
  const y = enc.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** The presence secret among the offered subprotocols, when well formed. */
export function presenceKeyFromProtocols(header: string | undefined): string | undefined {
  const offered = header
    ?.split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith(PRESENCE_PROTOCOL_PREFIX))
    ?.slice(PRESENCE_PROTOCOL_PREFIX.length);
  return offered && /^[A-Za-z0-9_-]{16,64}$/.test(offered) ? `secret:${offered}` : undefined;
}
