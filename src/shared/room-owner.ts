/**
 * The owner key of a room: 16 random bytes the creator's device keeps; the room id is derived from
 * it (`base64url(SHA-256(key)[0..16])`), so whoever presents a key whose hash gives the id is the
 * room's host and may delete it, and the relay needs no state to check that. Runtime-free: the
 * page makes keys, the relays (Node, Workers) check them.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64Url, toBase64Url } from './bytes.ts';

/** Bytes of an owner key (128 bits, as the room id it gives). */
export const OWNER_KEY_BYTES = 16;

/** The room id an owner key opens: the first 16 bytes of its SHA-256, in base64url (22 characters). */
export const roomIdOfOwnerKey = (key: Uint8Array): string => toBase64Url(sha256(key).subarray(0, 16));

/** The owner key in `text`: exactly 22 base64url characters, canonical, decoding to 16 bytes; else null. */
export function parseOwnerKey(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(text)) return null;
  const key = fromBase64Url(text);
  // The last character carries 4 unused bits: only the one spelling with them at zero is a key.
  return key.length === OWNER_KEY_BYTES && toBase64Url(key) === text ? key : null;
}

/** Whether the owner key in `keyText` opens room `id`; the comparison takes the same time wherever they differ. */
export function ownerKeyOpens(id: string, keyText: string): boolean {
  const key = parseOwnerKey(keyText);
  if (!key) return false;
  const derived = roomIdOfOwnerKey(key);
  let diff = derived.length ^ id.length;
  for (let i = 0; i < derived.length; i++) diff |= derived.charCodeAt(i) ^ (id.charCodeAt(i) || 0);
  return diff === 0;
}
