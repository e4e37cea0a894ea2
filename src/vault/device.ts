/**
 * The device key (the default protection, until a passphrase is set) and the probe: a full write,
 * read and decrypt through storage, which some browsers fail (a CryptoKey that cannot be stored).
 */
import { importAesKey, open, seal, utf8, type Sealed } from './aead.ts';
import { randomBytes } from '../shared/bytes.ts';
import type { VaultDb } from './db.ts';
import { newDeviceKey, unwrapWithDevice, wrapWithDevice, type Keyring } from './keyring.ts';

const PROBE_AAD = utf8('sacred-breathing/probe/v1');

/** Equal bytes (not constant-time: used only on values this device made itself). */
export const bytesEqual = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Random bytes sealed with the data key, to be written as keys/probe. */
export const sealProbe = (key: CryptoKey): Promise<Sealed> => seal(key, randomBytes(16), PROBE_AAD);

/** Whether the stored probe opens with this key: the key still is the journal's. */
export async function probeOpens(db: VaultDb, key: CryptoKey): Promise<boolean> {
  const sealed = (await db.get('keys', 'probe')) as Sealed | undefined;
  if (!sealed) return false;
  return open(key, sealed, PROBE_AAD).then(
    () => true,
    () => false,
  );
}

/** A full round trip through storage: seal, write, read back, open. Throws where the browser fails it. */
export async function probe(db: VaultDb, raw: Uint8Array<ArrayBuffer>): Promise<void> {
  const k = await importAesKey(raw);
  const secret = randomBytes(16);
  await db.put('keys', await seal(k, secret, PROBE_AAD), 'probe');
  const back = await open(k, (await db.get('keys', 'probe')) as Sealed, PROBE_AAD);
  if (!bytesEqual(back, secret)) throw new Error('probe read back different bytes');
}

/** Creates the device key and keyring, then proves they survive a write and a read; returns the keyring. */
export async function setUpDevice(
  db: VaultDb,
  raw: Uint8Array<ArrayBuffer>,
  makeKey: () => Promise<CryptoKey> = newDeviceKey,
): Promise<Keyring> {
  const deviceKey = await makeKey();
  const keyring: Keyring = { version: 1, device: await wrapWithDevice(deviceKey, raw) };
  const tx = db.transaction('keys', 'readwrite');
  await Promise.all([tx.store.put(deviceKey, 'device'), tx.store.put(keyring, 'keyring'), tx.done]);
  const back = await unwrapWithDevice(
    (await db.get('keys', 'device')) as CryptoKey,
    ((await db.get('keys', 'keyring')) as Keyring).device!,
  );
  if (!bytesEqual(back, raw)) throw new Error('device key round trip changed the data key');
  await probe(db, raw);
  return keyring;
}
