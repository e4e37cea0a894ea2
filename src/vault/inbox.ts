/**
 * The inbox: sessions finished while the journal is locked are sealed at once to the journal's
 * public key, so nothing waits in memory and a reload loses nothing; the next unlock opens them
 * with the private key (wrapped by the data key, like every other secret) and folds them into
 * records.
 *
 * Each entry: a fresh ephemeral ECDH P-256 key pair; HKDF-SHA256 over the shared secret (salt =
 * ephemeral public key || journal public key) gives an AES-256-GCM key that seals the same padded
 * plaintext as a record, bound to the entry's id. P-256 rather than X25519: every browser that
 * runs the app has it in WebCrypto.
 */
import type { JournalEntry } from '../core/journal.ts';
import { importAesKey, open, seal, utf8, type Sealed } from './aead.ts';
import type { InboxRecord } from './db.ts';
import { decodeEntry, encodeEntry } from './records.ts';

/** The journal's inbox key pair: the public key in the clear, the private key sealed by the data key. */
export interface InboxKeys {
  /** Uncompressed P-256 point (65 bytes). */
  readonly publicKey: Uint8Array<ArrayBuffer>;
  /** PKCS#8 of the private key, sealed under the data key. */
  readonly sealedPrivateKey: Sealed;
}

const EC = { name: 'ECDH', namedCurve: 'P-256' } as const;
const PRIVATE_AAD = utf8('sacred-breathing/keyring/v1/inbox');
const INFO = utf8('sacred-breathing/inbox/v1');
const entryAad = (id: string) => utf8(`sacred-breathing/inbox/v1/${id}`);

/** A new inbox key pair for a data key; the private key exists in the clear only inside this call. */
export async function newInboxKeys(dataKey: CryptoKey): Promise<InboxKeys> {
  const pair = await crypto.subtle.generateKey(EC, true, ['deriveBits']);
  const publicKey = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
  return { publicKey, sealedPrivateKey: await seal(dataKey, pkcs8, PRIVATE_AAD) };
}

/** Unseals the inbox private key with the data key, as a non-extractable key. */
export async function openInboxPrivateKey(dataKey: CryptoKey, keys: InboxKeys): Promise<CryptoKey> {
  const pkcs8 = await open(dataKey, keys.sealedPrivateKey, PRIVATE_AAD);
  return crypto.subtle.importKey('pkcs8', pkcs8, EC, false, ['deriveBits']);
}

async function entryKey(
  privateKey: CryptoKey,
  peerPublic: Uint8Array<ArrayBuffer>,
  epk: Uint8Array<ArrayBuffer>,
  pk: Uint8Array<ArrayBuffer>,
) {
  const peer = await crypto.subtle.importKey('raw', peerPublic, EC, false, []);
  const shared = new Uint8Array(await crypto.subtle.deriveBits({ name: 'ECDH', public: peer }, privateKey, 256));
  const ikm = await crypto.subtle.importKey('raw', shared, 'HKDF', false, ['deriveBits']);
  const salt = new Uint8Array(epk.length + pk.length);
  salt.set(epk);
  salt.set(pk, epk.length);
  return importAesKey(new Uint8Array(await crypto.subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: INFO }, ikm, 256)));
}

/** Seals an entry to the journal's public key; only the holder of the data key can open it. */
export async function sealToInbox(publicKey: Uint8Array<ArrayBuffer>, id: string, entry: JournalEntry): Promise<InboxRecord> {
  const eph = await crypto.subtle.generateKey(EC, true, ['deriveBits']);
  const epk = new Uint8Array(await crypto.subtle.exportKey('raw', eph.publicKey));
  const key = await entryKey(eph.privateKey, publicKey, epk, publicKey);
  const { iv, ct } = await seal(key, encodeEntry(entry), entryAad(id));
  return { id, epk, iv, ct };
}

/** Opens an inbox entry; throws on a wrong key, a changed entry or one moved to another id. */
export async function openInboxEntry(
  privateKey: CryptoKey,
  publicKey: Uint8Array<ArrayBuffer>,
  record: InboxRecord,
): Promise<JournalEntry> {
  const key = await entryKey(privateKey, record.epk, record.epk, publicKey);
  return decodeEntry(await open(key, record, entryAad(record.id)));
}
