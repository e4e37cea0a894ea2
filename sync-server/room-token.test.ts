import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { roomAudience, signRoomToken, tokenFromProtocols, verifyRoomToken } from './room-token.ts';

const secret = 'a long operator secret';
const room = 'AAAAAAAAAAAAAAAAAAAAAA';
const now = 1_800_000_000_000;
const key = new TextEncoder().encode(secret);

describe('room tokens', () => {
  it('accept a token for its room until it expires', async () => {
    const token = await signRoomToken(secret, room, now / 1000 + 60);
    expect(await verifyRoomToken(secret, room, token, now)).toBe('ok');
    expect(await verifyRoomToken(secret, room, token, now + 61_000)).toBe('expired');
  });

  it('are standard JWTs: one minted by any JWT library with the room audience and an expiry works', async () => {
    const token = await new SignJWT({ sub: 'host' })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(roomAudience(room))
      .setExpirationTime(now / 1000 + 60)
      .sign(key);
    expect(await verifyRoomToken(secret, room, token, now)).toBe('ok');
  });

  it('refuse another room, another secret, no expiry, another algorithm, a changed payload, garbage and nothing', async () => {
    const token = await signRoomToken(secret, room, now / 1000 + 60);
    expect(await verifyRoomToken(secret, 'BBBBBBBBBBBBBBBBBBBBBB', token, now)).toBe('bad-signature');
    expect(await verifyRoomToken('another secret', room, token, now)).toBe('bad-signature');
    const forever = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setAudience(roomAudience(room)).sign(key);
    expect(await verifyRoomToken(secret, room, forever, now)).not.toBe('ok');
    const [header, , signature] = token.split('.');
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${token.split('.')[1]}.`;
    expect(await verifyRoomToken(secret, room, unsigned, now)).toBe('malformed');
    const longer = Buffer.from(JSON.stringify({ aud: roomAudience(room), exp: now / 1000 + 99_999 })).toString('base64url');
    expect(await verifyRoomToken(secret, room, `${header}.${longer}.${signature}`, now)).toBe('bad-signature');
    expect(await verifyRoomToken(secret, room, 'v1.abc.def', now)).toBe('malformed');
    expect(await verifyRoomToken(secret, room, 'x'.repeat(5000), now)).toBe('malformed');
    expect(await verifyRoomToken(secret, room, undefined, now)).toBe('missing');
  });

  it('travel in Sec-WebSocket-Protocol', () => {
    expect(tokenFromProtocols('sacred-breathing, token.aaa.bbb.ccc')).toBe('aaa.bbb.ccc');
    expect(tokenFromProtocols('sacred-breathing')).toBeUndefined();
    expect(tokenFromProtocols(undefined)).toBeUndefined();
  });
});
