/**
 * The room protocol's contract, written once for everyone who speaks it: the app's room client
 * (src/room), the Node relay and the Worker relay (sync-server). Runtime-free: no DOM, no Node.
 * Close codes follow the y-websocket convention that the stock client reconnects after any code
 * except 4400-4499, which it takes as final.
 */

/** Room ids: 128 random bits in base64url, 22 characters. */
export const ROOM_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** The subprotocol our client offers (the stock y-websocket client offers none). */
export const APP_PROTOCOL = 'sacred-breathing';
/** A signed room token rides as `token.<token>` in Sec-WebSocket-Protocol, never in a URL. */
export const TOKEN_PROTOCOL_PREFIX = 'token.';
/** A secret of the page as `presence.<secret>`: presence ids it leaves behind are kept for it. */
export const PRESENCE_PROTOCOL_PREFIX = 'presence.';

/** The largest message a relay accepts by default, in bytes (1009 past it). */
export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024;

/** WebSocket close codes the relay uses, and what each means (documented in the README). */
export const CLOSE = {
  goingAway: { code: 1001, reason: 'relay shutting down' },
  malformed: { code: 1007, reason: 'malformed message' },
  tooBig: { code: 1009, reason: 'message too big' },
  updateTooComplex: { code: 1009, reason: 'update has too many parts' },
  badUpdate: { code: 1007, reason: 'update would corrupt the room' },
  storageFailed: { code: 1011, reason: 'relay storage failed' },
  roomFull: { code: 4005, reason: 'room full' },
  slow: { code: 4008, reason: 'too slow to keep up' },
  roomTooLarge: { code: 4013, reason: 'room document too large' },
  rateLimited: { code: 4029, reason: 'too many messages' },
  bytesRateLimited: { code: 4029, reason: 'too many bytes' },
  // 4205 like HTTP 205 (reset content); not in 4400-4499, which the stock y-websocket client takes as final.
  roomRestored: { code: 4205, reason: 'room restored to a good state; sync again' },
  incomplete: { code: 4205, reason: 'update builds on changes the relay lacks; sync again' },
  roomUnavailable: { code: 4500, reason: 'room could not be loaded; it was set aside' },
  storageFull: { code: 4507, reason: 'relay storage full' },
} as const;

export type CloseKind = keyof typeof CLOSE;

/** The relay refused what this client sends (too big for it, or no room left to store it): sending it again would be refused again. */
export const REFUSED_CODES: ReadonlySet<number> = new Set([CLOSE.tooBig.code, CLOSE.roomTooLarge.code, CLOSE.storageFull.code]);

/**
 * Every limit the relay counts (`relay_limit_hits_total{kind}`) and logs, on every adapter: the
 * close kinds, and the refusals of an upgrade or a request.
 */
export type LimitKind =
  | CloseKind
  | 'bad-target'
  | 'bad-id'
  | 'not-a-room'
  | 'shutting-down'
  | 'upgrade-rate'
  | 'http-rate'
  | 'origin'
  | 'token-missing'
  | 'token-malformed'
  | 'token-expired'
  | 'token-bad-signature'
  | 'connections-per-client'
  | 'storage-full'
  | 'new-rooms'
  | 'rooms-loaded';
