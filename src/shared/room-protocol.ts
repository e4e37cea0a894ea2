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
  // 4410 like HTTP 410 (gone): in 4400-4499, so the stock y-websocket client stops reconnecting.
  roomDeleted: { code: 4410, reason: 'room deleted by its host' },
  roomUnavailable: { code: 4500, reason: 'room could not be loaded; it was set aside' },
  storageFull: { code: 4507, reason: 'relay storage full' },
} as const;

export type CloseKind = keyof typeof CLOSE;

/**
 * The relay's notice that the host deleted this room: `[varUint 8][varUint deletedAt]` (lib0
 * encoding, as the y-websocket messages; `deletedAt` in the relay's epoch milliseconds). While the
 * relay keeps the deletion's tombstone (the room retention time), it sends this FIRST, before its
 * sync step 1 and presence, to every connection that offered APP_PROTOCOL, and never to the stock
 * y-websocket client (which offers no subprotocol and would not know the type). The app's client
 * drops a local copy of the room made before `deletedAt` on reading it, before it answers the
 * sync, so that a member who was offline when the room was deleted does not bring it back; the
 * room that follows is a new, empty one that works as any other.
 */
export const ROOM_DELETED_MESSAGE = 8;

/**
 * How the host deletes a room: `DELETE /room/<id>` with `Authorization: Bearer <owner key>`, the
 * owner key in base64url (src/shared/room-owner.ts: the room id is derived from it). Answers: 204
 * deleted (also when nothing was stored: the tombstone is left all the same), 400 not a room id,
 * 401 no key or a malformed one, 403 a key that does not open this id or a browser Origin the relay
 * does not serve, 429 over the client's HTTP budget (Retry-After), 503 the relay cannot take it now.
 */
export const ROOM_DELETE = {
  method: 'DELETE',
  /** The room's path is this and its id (the WebSocket and the page use the same). */
  pathPrefix: '/room/',
  header: 'Authorization',
  scheme: 'Bearer',
} as const;

/** The relay refused what this client sends (too big for it, or no room left to store it): sending it again would be refused again. */
export const REFUSED_CODES: ReadonlySet<number> = new Set([CLOSE.tooBig.code, CLOSE.roomTooLarge.code, CLOSE.storageFull.code]);

/**
 * Every limit the relay counts (`relay_limit_hits_total{kind}`) and logs, on every adapter: the
 * close kinds, the refusals of an upgrade or a request, what the room drops, and the errors
 * counted beside them.
 */
export type LimitKind =
  | CloseKind
  // Refusals of an upgrade or a request (both adapters unless marked Node).
  /** A request target that is not an origin-form path (400). */
  | 'bad-target'
  /** A room path whose id is not 22 base64url characters (400). */
  | 'bad-id'
  /** An upgrade to a path that is not a room (404). */
  | 'not-a-room'
  /** Node: an upgrade or a room deletion during shutdown (503). */
  | 'shutting-down'
  /** Room upgrades per client over budget (429). */
  | 'upgrade-rate'
  /** Page loads per client over budget (429). */
  | 'http-rate'
  /** A browser Origin the relay does not serve (403). */
  | 'origin'
  /** A private relay's upgrade without a token (401). */
  | 'token-missing'
  /** A token that is no JWT of the expected shape (401). */
  | 'token-malformed'
  /** A token past its expiry (401). */
  | 'token-expired'
  /** A token not signed with the relay's secret, or for another room (401). */
  | 'token-bad-signature'
  /** A room deletion without an owner key (401). */
  | 'owner-key-missing'
  /** A room deletion whose Authorization is no `Bearer <owner key>` (401). */
  | 'owner-key-malformed'
  /** A room deletion with an owner key that does not open the room id (403). */
  | 'owner-key-wrong'
  /** Node: room connections per client over the limit (429). */
  | 'connections-per-client'
  /** Node: a new room (or the tombstone of a room never stored) while the disk quota is used up (503). */
  | 'storage-full'
  /** Node: new rooms (or tombstones of rooms never stored) per client over budget (429). */
  | 'new-rooms'
  /** Node: no room left in memory for another room (503). */
  | 'rooms-loaded'
  // Node: sockets and the HTTP parser.
  /** Sockets in all over the limit: closed on arrival. */
  | 'max-sockets'
  /** Plain sockets from one address over the limit: closed on arrival. */
  | 'sockets-per-client'
  /** A request head not complete in time (408). */
  | 'request-timeout'
  /** A request head over the parser's size (431). */
  | 'headers-too-large'
  /** A request the parser refused (400). */
  | 'bad-request'
  /** A refused upgrade's socket still open past its time: destroyed. */
  | 'upgrade-timeout'
  // What a room drops (both adapters).
  /** A presence update over the member's presence rate, dropped. */
  | 'presence-rate'
  /** A presence update not queued for a member whose send queue is backed up. */
  | 'presence-backlog'
  /** Structs or deletions Yjs held pending, dropped: the relay lacks what they build on. */
  | 'pending-dropped'
  /** A checkpoint's proof failed: the room went back to a good state and its members sync again. */
  | 'restored'
  // Errors, counted beside the limits.
  /** A socket threw while a frame was sent to it (counted, never logged). */
  | 'send-failed'
  /** Node: a WebSocket error other than an oversized frame. */
  | 'socket-error'
  /** Node: the room store failed to take a change or a fold (the sockets closed for it count as storageFailed). */
  | 'storage-failed'
  /** Node: a route threw (500). */
  | 'route-error'
  /** Node: the separate metrics listener failed. */
  | 'metrics-listener-error'
  /** Node: /metrics asked for without its token, or from an address not allowed (403). */
  | 'metrics-token'
  /** Node: the upgrade checks or the upgrade itself threw (the socket is destroyed). */
  | 'upgrade-failed';
