import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { randomBytes, toBase64Url } from './bytes.ts';
import { OWNER_KEY_BYTES, ownerKeyOpens, parseOwnerKey, roomIdOfOwnerKey } from './room-owner.ts';
import { ROOM_ID_PATTERN } from './room-protocol.ts';

const flipBit = (bytes: Uint8Array, bit: number): Uint8Array => {
  const copy = bytes.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
};

describe('room owner keys', () => {
  it('derive the id as base64url of the first 16 bytes of SHA-256 (a fixed vector)', () => {
    const key = new Uint8Array(OWNER_KEY_BYTES); // all zeros
    // SHA-256 of 16 zero bytes starts 374708fff7719dd5979ec875d56cd228.
    expect(Buffer.from(sha256(key).subarray(0, 16)).toString('hex')).toBe('374708fff7719dd5979ec875d56cd228');
    expect(roomIdOfOwnerKey(key)).toBe(Buffer.from('374708fff7719dd5979ec875d56cd228', 'hex').toString('base64url'));
  });

  it('for random keys: the id is a room id, the key opens it, and a key or an id one bit off does not', () => {
    for (let i = 0; i < 500; i++) {
      const key = randomBytes(OWNER_KEY_BYTES);
      const text = toBase64Url(key);
      const id = roomIdOfOwnerKey(key);
      expect(id).toMatch(ROOM_ID_PATTERN);
      expect(parseOwnerKey(text)).toEqual(key);
      expect(ownerKeyOpens(id, text)).toBe(true);
      const bit = i % (OWNER_KEY_BYTES * 8);
      expect(ownerKeyOpens(id, toBase64Url(flipBit(key, bit)))).toBe(false);
      const otherId = toBase64Url(flipBit(Buffer.from(id, 'base64url'), bit));
      expect(otherId).toMatch(ROOM_ID_PATTERN);
      expect(ownerKeyOpens(otherId, text)).toBe(false);
    }
  });

  it('parse exactly 22 canonical base64url characters, and nothing else', () => {
    const text = toBase64Url(randomBytes(OWNER_KEY_BYTES));
    for (const bad of [
      '',
      text.slice(0, 21),
      `${text}A`,
      `${text.slice(0, 21)}+`, // base64, not base64url
      `${text.slice(0, 21)}=`,
      ` ${text.slice(1)}`,
      `${text.slice(0, 21)}B`, // unused low bits set: not the canonical spelling of any key
      toBase64Url(randomBytes(17)),
      toBase64Url(randomBytes(15)),
    ])
      expect(parseOwnerKey(bad), bad).toBeNull();
    expect(parseOwnerKey(`${text.slice(0, 21)}A`)).not.toBeNull();
  });

  it('open nothing with a malformed key or an id of another length', () => {
    const key = randomBytes(OWNER_KEY_BYTES);
    const id = roomIdOfOwnerKey(key);
    expect(ownerKeyOpens(id, 'not a key')).toBe(false);
    expect(ownerKeyOpens(id.slice(0, 21), toBase64Url(key))).toBe(false);
    expect(ownerKeyOpens(`${id}A`, toBase64Url(key))).toBe(false);
    expect(ownerKeyOpens('', toBase64Url(key))).toBe(false);
  });
});
