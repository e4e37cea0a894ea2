/**
 * A backup's manifest: the ordered list of its records (id and a digest of each ciphertext), their
 * count and the keyring, under one HMAC-SHA256 whose key is derived from the data key. Each record
 * is authenticated on its own already; the manifest authenticates the file as a whole, so a
 * record removed, added, replaced by an older copy or moved is found and the file refused.
 */
import { utf8 } from './aead.ts';
import { fromBase64Url, toBase64Url } from '../shared/bytes.ts';
import type { EncryptedRecord } from './db.ts';
import { BackupManifestError, type ManifestMismatch } from './errors.ts';

/** The manifest as stored in a backup file. */
export interface Manifest {
  readonly count: number;
  /** [id, base64url of the first 16 bytes of SHA-256(iv || ct)], in file order. */
  readonly records: readonly (readonly [id: string, digest: string])[];
  /** base64url HMAC-SHA256 over the format, version, keyring, count and records. */
  readonly mac: string;
}

const INFO = utf8('sacred-breathing/backup-manifest/v1');

/** The manifest's HMAC key, derived from the data key with HKDF-SHA256. */
export async function deriveManifestKey(dataKeyRaw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  const ikm = await crypto.subtle.importKey('raw', dataKeyRaw, 'HKDF', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: INFO },
    ikm,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign', 'verify'],
  );
}

async function digest(record: EncryptedRecord): Promise<string> {
  const both = new Uint8Array(record.iv.length + record.ct.length);
  both.set(record.iv);
  both.set(record.ct, record.iv.length);
  return toBase64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', both)).subarray(0, 16));
}

const macInput = (header: string, count: number, records: Manifest['records']) => utf8(JSON.stringify([header, count, records]));

/** The manifest of `records`; `header` is the file's format, version and keyring in canonical form. */
export async function buildManifest(key: CryptoKey, header: string, records: readonly EncryptedRecord[]): Promise<Manifest> {
  const list = await Promise.all(records.map(async (r) => [r.id, await digest(r)] as const));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, macInput(header, list.length, list)));
  return { count: list.length, records: list, mac: toBase64Url(mac) };
}

const CLEAN: ManifestMismatch = { forged: false, missing: 0, added: 0, replaced: 0, reordered: false };

/** Throws BackupManifestError unless the manifest's MAC verifies (under this key, with this header). */
export async function verifyManifest(key: CryptoKey, header: string, manifest: Manifest): Promise<void> {
  const ok =
    manifest.count === manifest.records.length &&
    (await crypto.subtle.verify('HMAC', key, fromBase64Url(manifest.mac), macInput(header, manifest.count, manifest.records)));
  if (!ok) throw new BackupManifestError({ ...CLEAN, forged: true });
}

/** Throws BackupManifestError unless a verified manifest lists exactly these records, in this order. */
export async function compareManifest(manifest: Manifest, records: readonly EncryptedRecord[]): Promise<void> {
  const listed = new Map(manifest.records.map(([id, d]) => [id, d]));
  const present = new Set(records.map((r) => r.id));
  const digests = await Promise.all(records.map(digest));
  const order = records.map((r) => r.id).filter((id) => listed.has(id));
  const expected = manifest.records.map(([id]) => id).filter((id) => present.has(id));
  const mismatch: ManifestMismatch = {
    forged: false,
    missing: manifest.records.filter(([id]) => !present.has(id)).length,
    added: records.filter((r) => !listed.has(r.id)).length,
    replaced: records.filter((r, i) => listed.has(r.id) && listed.get(r.id) !== digests[i]).length,
    reordered: order.some((id, i) => id !== expected[i]),
  };
  if (mismatch.missing || mismatch.added || mismatch.replaced || mismatch.reordered) throw new BackupManifestError(mismatch);
}
