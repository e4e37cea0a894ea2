/** Room links: `<origin>/room/<id>`, the id being 128 random bits in base64url (22 characters). */
import { randomBytes, toBase64Url } from '../vault/bytes.ts';

export type RoomId = string & { readonly __brand: 'RoomId' };

export const isRoomId = (s: string): s is RoomId => /^[A-Za-z0-9_-]{22}$/.test(s);

export const newRoomId = (): RoomId => toBase64Url(randomBytes(16)) as RoomId;

export const roomUrl = (origin: string, id: RoomId): string => `${origin}/room/${id}`;
