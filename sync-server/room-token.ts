/**
 * Room tokens for private relays (ROOM_TOKEN_SECRET set): standard JWTs (HS256 through `jose`),
 * with the room in the audience (`sacred-breathing:room:<id>`) and an expiry, so an operator can
 * mint them with any JWT library. They travel in Sec-WebSocket-Protocol as `token.<jwt>`, never in
 * a URL (URLs end up in logs). jose checks the signature in constant time (WebCrypto).
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { TOKEN_PROTOCOL_PREFIX } from '../src/shared/room-protocol.ts';

/** The audience a room's tokens name. */
export const roomAudience = (roomId: string): string => `sacred-breathing:room:${roomId}`;

/** A JWT longer than this is refused unread (a valid room token is about 200 characters). */
const MAX_TOKEN_LENGTH = 2048;

const key = (secret: string) => new TextEncoder().encode(secret);

/** Signs a token for a room, valid until `expiresAtSeconds` (for operators: see the README). */
export function signRoomToken(secret: string, roomId: string, expiresAtSeconds: number): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setAudience(roomAudience(roomId))
    .setExpirationTime(expiresAtSeconds)
    .sign(key(secret));
}

export type TokenVerdict = 'ok' | 'missing' | 'malformed' | 'expired' | 'bad-signature';

/** Whether `token` lets its bearer into `roomId` at `nowMs`: a signature by `secret`, this room's audience, not expired. */
export async function verifyRoomToken(secret: string, roomId: string, token: string | undefined, nowMs: number): Promise<TokenVerdict> {
  if (!token) return 'missing';
  if (token.length > MAX_TOKEN_LENGTH || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) return 'malformed';
  try {
    await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      audience: roomAudience(roomId),
      requiredClaims: ['exp'],
      currentDate: new Date(nowMs),
    });
    return 'ok';
  } catch (error) {
    if (error instanceof errors.JWTExpired) return 'expired';
    // Another secret, or a token for another room: either way not valid here.
    if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWTClaimValidationFailed) return 'bad-signature';
    return 'malformed';
  }
}

/** The token among the offered subprotocols (`Sec-WebSocket-Protocol: sacred-breathing, token.<t>`). */
export function tokenFromProtocols(header: string | undefined): string | undefined {
  return header
    ?.split(',')
    .map((p) => p.trim())
    .find((p) => p.startsWith(TOKEN_PROTOCOL_PREFIX))
    ?.slice(TOKEN_PROTOCOL_PREFIX.length);
}
