/** AES-256-GCM through WebCrypto: the one cipher of the vault, for records and for key wrapping. */
import { randomBytes } from '../shared/bytes.ts';

export const IV_BYTES = 12;

export interface Sealed {
  readonly iv: Uint8Array<ArrayBuffer>;
  readonly ct: Uint8Array<ArrayBuffer>;
}

/** Imports 32 raw bytes as a non-extractable AES-GCM key. */
export const importAesKey = (raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> =>
  crypto.subtle.importKey('raw', raw, { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);

/** Encrypts with a fresh random 96-bit IV; `aad` is authenticated but not encrypted. */
export async function seal(key: CryptoKey, plain: Uint8Array<ArrayBuffer>, aad: Uint8Array<ArrayBuffer>): Promise<Sealed> {
  const iv = randomBytes(IV_BYTES);
  const ct = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad }, key, plain));
  return { iv, ct };
}

/** Decrypts and authenticates; rejects (OperationError) on a wrong key, other AAD or changed bytes. */
export async function open(key: CryptoKey, sealed: Sealed, aad: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: aad }, key, sealed.ct));
}

export const utf8 = (s: string): Uint8Array<ArrayBuffer> => new TextEncoder().encode(s);
