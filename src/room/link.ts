/** Room links: `<origin>/room/<id>`, the id being 128 random bits in base64url (22 characters). */
import { randomBytes, toBase64Url } from '../shared/bytes.ts';
import { ROOM_ID_PATTERN } from '../shared/room-protocol.ts';

/** A room id: also the room link's secret. */
export type RoomId = string & { readonly __brand: 'RoomId' };

/** Whether `s` has the shape of a room id. */
export const isRoomId = (s: string): s is RoomId => ROOM_ID_PATTERN.test(s);

/** A new random room id. */
export const newRoomId = (): RoomId => toBase64Url(randomBytes(16)) as RoomId;

/** The link to room `id` on `origin`. */
export const roomUrl = (origin: string, id: RoomId): string => `${origin}/room/${id}`;

/** A room link whose id is not a room id (cut short, or mistyped). */
export class BadRoomLinkError extends Error {
  override readonly name = 'BadRoomLinkError';
  /** How many characters the link's id had (never the id: it may be most of a room's secret). */
  readonly length: number;
  constructor(text: string) {
    super(`not a room id: ${text.length} characters`);
    this.length = text.length;
  }
}

/** The room id in a link's path segment, or why it is not one. */
export const parseRoomId = (text: string): RoomId | BadRoomLinkError => (isRoomId(text) ? text : new BadRoomLinkError(text));
