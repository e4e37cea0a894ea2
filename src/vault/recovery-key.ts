/**
 * Recovery keys: 256 random bits written in Crockford base32 (no I, L, O or U to misread), in
 * groups of four. Being random, a recovery key needs no slow KDF: HKDF turns it into a wrapping key.
 */
import { randomBytes } from '../shared/bytes.ts';
import { RecoveryKeyFormatError } from './errors.ts';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_BYTES = 32;

export function encodeRecoveryKey(bytes: Uint8Array): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.match(/.{1,4}/g)!.join('-');
}

/** A recovery key as typed, in canonical form: any case, spaces or dashes, look-alikes (O→0, I/L→1). */
export const normalizeRecoveryKey = (text: string): string =>
  text.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');

/** Reads a recovery key as typed (see normalizeRecoveryKey). */
export function decodeRecoveryKey(text: string): Uint8Array<ArrayBuffer> {
  const clean = normalizeRecoveryKey(text);
  const expected = Math.ceil((KEY_BYTES * 8) / 5);
  if (clean.length !== expected || /[^0-9A-HJKMNP-TV-Z]/.test(clean)) {
    throw new RecoveryKeyFormatError(expected);
  }
  const out = new Uint8Array(KEY_BYTES);
  let bits = 0;
  let value = 0;
  let i = 0;
  for (const ch of clean) {
    value = ((value << 5) | ALPHABET.indexOf(ch)) & 0xffff;
    bits += 5;
    if (bits >= 8 && i < KEY_BYTES) {
      out[i++] = (value >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  return out;
}

export const newRecoveryKey = (): string => encodeRecoveryKey(randomBytes(KEY_BYTES));
