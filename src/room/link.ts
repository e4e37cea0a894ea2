/** Room links: `<origin>/room/<id>`, the id being 128 random bits in base64url (22 characters). */
import { toBase64Url } from '../shared/base64url.ts';
import { ROOM_ID_PATTERN } from '../shared/room-protocol.ts';

export type RoomId = string & { readonly __brand: 'RoomId' };

export const isRoomId = (s: string): s is RoomId => ROOM_ID_PATTERN.test(s);

export const newRoomId = (): RoomId => toBase64Url(crypto.getRandomValues(new Uint8Array(16))) as RoomId;

export const roomUrl = (origin: string, id: RoomId): string => `${origin}/room/${id}`;
