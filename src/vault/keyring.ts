/**
 * The keyring: the data key, wrapped (AES-256-GCM) by each way of opening the vault.
 *
 * - device: a non-extractable AES-GCM key kept in IndexedDB. The default, until a passphrase is set.
 * - passphrase: a key derived with Argon2id (kdf.ts), parameters stored beside it.
 * - recovery: a key derived with HKDF-SHA256 from the generated recovery key.
 * - inbox: not a wrap of the data key but a key pair sealed by it, so a locked journal can still
 *   take new sessions (inbox.ts).
 *
 * Each wrap authenticates its kind as additional data, so one cannot be passed off as another.
 */
import { importAesKey, open, seal, utf8, type Sealed } from './aead.ts';
import { WrongPassphraseError, WrongRecoveryKeyError } from './errors.ts';
import { randomBytes } from '../shared/bytes.ts';
import type { InboxKeys } from './inbox.ts';
import { deriveKey, type KdfParams } from './kdf.ts';
import { decodeRecoveryKey } from './recovery-key.ts';

export const DATA_KEY_BYTES = 32;

export interface PassphraseWrap {
  readonly kdf: KdfParams;
  readonly sealed: Sealed;
}

export interface RecoveryWrap {
  readonly salt: Uint8Array<ArrayBuffer>;
  readonly sealed: Sealed;
}

export interface Keyring {
  readonly version: 1;
  readonly device?: Sealed;
  readonly passphrase?: PassphraseWrap;
  readonly recovery?: RecoveryWrap;
  readonly inbox?: InboxKeys;
}

const aad = (kind: 'device' | 'passphrase' | 'recovery') => utf8(`sacred-breathing/keyring/v1/${kind}`);

export const newDataKey = (): Uint8Array<ArrayBuffer> => randomBytes(DATA_KEY_BYTES);

/** A fresh non-extractable device key: script can use it, never read it out. */
export const newDeviceKey = (): Promise<CryptoKey> =>
  crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);

export const wrapWithDevice = (deviceKey: CryptoKey, dataKey: Uint8Array<ArrayBuffer>): Promise<Sealed> =>
  seal(deviceKey, dataKey, aad('device'));

export const unwrapWithDevice = (deviceKey: CryptoKey, sealed: Sealed): Promise<Uint8Array<ArrayBuffer>> =>
  open(deviceKey, sealed, aad('device'));

export async function wrapWithPassphrase(passphrase: string, dataKey: Uint8Array<ArrayBuffer>, kdf: KdfParams): Promise<PassphraseWrap> {
  const kek = await importAesKey(await deriveKey(passphrase, kdf));
  return { kdf, sealed: await seal(kek, dataKey, aad('passphrase')) };
}

export async function unwrapWithPassphrase(passphrase: string, wrap: PassphraseWrap): Promise<Uint8Array<ArrayBuffer>> {
  const kek = await importAesKey(await deriveKey(passphrase, wrap.kdf));
  try {
    return await open(kek, wrap.sealed, aad('passphrase'));
  } catch {
    // reason: AES-GCM reports a wrong key only as a failed authentication (OperationError).
    throw new WrongPassphraseError();
  }
}

async function recoveryKek(recoveryKey: string, salt: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', decodeRecoveryKey(recoveryKey), 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt, info: utf8('sacred-breathing/recovery/v1') },
    ikm,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

export async function wrapWithRecoveryKey(recoveryKey: string, dataKey: Uint8Array<ArrayBuffer>): Promise<RecoveryWrap> {
  const salt = randomBytes(16);
  return { salt, sealed: await seal(await recoveryKek(recoveryKey, salt), dataKey, aad('recovery')) };
}

export async function unwrapWithRecoveryKey(recoveryKey: string, wrap: RecoveryWrap): Promise<Uint8Array<ArrayBuffer>> {
  const kek = await recoveryKek(recoveryKey, wrap.salt);
  try {
    return await open(kek, wrap.sealed, aad('recovery'));
  } catch {
    // reason: as above, a wrong key shows only as a failed authentication.
    throw new WrongRecoveryKeyError();
  }
}
