/**
 * The glyph pack's signed IPNS record (https://specs.ipfs.tech/ipns/ipns-record/): its name (the
 * CIDv1 of an Ed25519 public key, `k51…` in base36), signing a record that points the name at a
 * pack root, and verifying one. Runtime-free: the Node server, the publish script and the page use it.
 *
 * Validity, one year: validity only matters to whoever resolves the name. A resolver that refuses an
 * expired record keeps the pack it has, so a long validity costs nothing in safety (a newer record
 * always wins by its sequence number) and lets an app that was offline for months, or a mirror that
 * was not re-published, still accept the last record. Publishing re-signs well before a year passes.
 * TTL, one hour: how long a resolver may cache the record before asking again, so a new pack reaches
 * people within about an hour without them polling the gateway on every start.
 */
import { createIPNSRecordWithExpiration, marshalIPNSRecord, unmarshalIPNSRecord, type IPNSRecord } from 'ipns';
import { publicKeyFromMultihash, publicKeyFromProtobuf, publicKeyToProtobuf } from '@libp2p/crypto/keys';
import { bases } from 'multiformats/basics';
import { base36 } from 'multiformats/bases/base36';
import { base58btc } from 'multiformats/bases/base58';
import { CID } from 'multiformats/cid';
import * as Digest from 'multiformats/hashes/digest';
import type { MultihashDigest } from 'multiformats/hashes/interface';

/** An Ed25519 (or other libp2p) public key, as @libp2p/crypto gives it. */
export type PackPublicKey = Parameters<typeof publicKeyToProtobuf>[0];
/** The private key that signs the pack's records. */
export type PackPrivateKey = Parameters<typeof createIPNSRecordWithExpiration>[0];

/** How long a signed record stays valid (see the module comment for why a year). */
export const PACK_RECORD_VALIDITY_MS = 365 * 24 * 60 * 60 * 1000;
/** How long a resolver may cache the record (see the module comment). */
export const PACK_RECORD_TTL_MS = 60 * 60 * 1000;
/** The largest record accepted: the ipns package's own routing limit (ours are about 300 bytes). */
export const MAX_PACK_RECORD_BYTES = 10 * 1024;
/** The longest name text parsed (a `k51…` name is 62 characters, base16 about 80). */
export const MAX_PACK_NAME_LENGTH = 128;

/** Why a record (or a name) is refused. */
export type PackRecordErrorCode = 'bad-signature' | 'expired' | 'wrong-key' | 'malformed' | 'not-a-pack' | 'bad-name';

/** Thrown for a record that may not be used for the name, with the reason as a code. */
export class PackRecordError extends Error {
  override readonly name = 'PackRecordError';
  readonly code: PackRecordErrorCode;
  constructor(code: PackRecordErrorCode, detail: string) {
    super(`IPNS record refused (${code}): ${detail}`);
    this.code = code;
  }
}

/** What a verified record says: the pack root it names, its sequence number, until when it is valid, and its TTL. */
export interface VerifiedPackRecord {
  readonly root: string;
  readonly seq: bigint;
  readonly validity: Date;
  readonly ttlMs: number;
}

const LIBP2P_KEY_CODEC = 0x72;
const IDENTITY_HASH = 0x00;
// Every multibase but identity (whose prefix is a NUL byte): a name is text.
const textBases = Object.values(bases).filter((b) => b.name !== 'identity');

/** The bytes of multibase text in any base; throws for an unknown prefix or a bad digit. */
function decodeMultibase(text: string): Uint8Array {
  const base = textBases.find((b) => text.startsWith(b.prefix));
  if (!base) throw new Error('unknown multibase prefix');
  return base.decoder.decode(text);
}

/** The name of a public key: its CIDv1 (libp2p-key codec) in base36, `k51…`. */
export function packNameOf(publicKey: PackPublicKey): string {
  return publicKey.toCID().toString(base36);
}

/** The public key a name stands for, from any of its forms: `k51…`, another multibase CID, or a `12D3Koo…` peer id. */
export function parsePackName(text: string): { readonly name: string; readonly publicKey: PackPublicKey } {
  if (text.length > MAX_PACK_NAME_LENGTH) throw new PackRecordError('bad-name', `longer than ${MAX_PACK_NAME_LENGTH} characters`);
  let digest: MultihashDigest;
  try {
    // A peer id is a bare base58btc multihash (no multibase prefix): `12D3Koo…` for Ed25519.
    if (/^(1|Qm)/.test(text)) digest = Digest.decode(base58btc.baseDecode(text));
    else {
      const cid = CID.decode(decodeMultibase(text));
      if (cid.code !== LIBP2P_KEY_CODEC) throw new PackRecordError('bad-name', 'not a libp2p-key CID');
      digest = cid.multihash;
    }
  } catch (error) {
    if (error instanceof PackRecordError) throw error;
    throw new PackRecordError('bad-name', 'not a CID or a peer id');
  }
  // Only keys inlined in the name (identity multihash): a hashed (RSA) key cannot be checked without the record.
  if (digest.code !== IDENTITY_HASH) throw new PackRecordError('bad-name', 'the key is not inlined in the name');
  let publicKey: PackPublicKey;
  try {
    publicKey = publicKeyFromMultihash(digest as MultihashDigest<0x0>);
  } catch {
    throw new PackRecordError('bad-name', 'not a public key');
  }
  if (publicKey.type !== 'Ed25519') throw new PackRecordError('bad-name', `a ${publicKey.type} key, not Ed25519`);
  return { name: packNameOf(publicKey), publicKey };
}

/** True when two name texts (in any form) name the same key; false when either is not a name. */
export function samePackName(a: string, b: string): boolean {
  try {
    return parsePackName(a).name === parsePackName(b).name;
  } catch (error) {
    if (error instanceof PackRecordError) return false;
    throw error;
  }
}

/** Options for signing: validity and TTL (defaults above), and the clock (tests). */
export interface SignOptions {
  readonly validityMs?: number;
  readonly ttlMs?: number;
  readonly now?: number;
}

/**
 * A marshalled record pointing the key's name at `/ipfs/<rootCid>`, with V2 and V1 signatures (V1
 * for resolvers that still check it), and the public key embedded: optional for Ed25519, it lets a
 * verifier tell a record for another name (wrong-key) from a forged one (bad-signature).
 */
export async function signPackRecord(
  privateKey: PackPrivateKey,
  rootCid: CID | string,
  seq: bigint | number,
  options: SignOptions = {},
): Promise<Uint8Array> {
  const root = typeof rootCid === 'string' ? CID.parse(rootCid) : rootCid;
  const expires = new Date((options.now ?? Date.now()) + (options.validityMs ?? PACK_RECORD_VALIDITY_MS)).toISOString();
  const ttlNs = BigInt(Math.round(options.ttlMs ?? PACK_RECORD_TTL_MS)) * 1_000_000n;
  const record = await createIPNSRecordWithExpiration(privateKey, root, BigInt(seq), expires, { v1Compatible: true, ttlNs });
  return marshalIPNSRecord({ ...record, pubKey: publicKeyToProtobuf(privateKey.publicKey) });
}

// RFC 3339 with up to nanoseconds, as IPNS writes it; anything else (or longer) is malformed.
const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** The instant an RFC 3339 validity names, or null. */
export function parseValidity(text: string): Date | null {
  const m = text.length <= 40 ? RFC3339.exec(text) : null;
  if (!m) return null;
  const ms = Date.parse(`${m[1]}.${(m[2] ?? '').padEnd(3, '0').slice(0, 3)}${m[3]}`);
  return Number.isNaN(ms) ? null : new Date(ms);
}

const SIGNATURE_V2_PREFIX = new TextEncoder().encode('ipns-signature:');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);
const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

function unmarshal(bytes: Uint8Array): IPNSRecord {
  let record: IPNSRecord;
  try {
    record = unmarshalIPNSRecord(bytes);
  } catch (error) {
    const message = error instanceof Error ? error.message : 'not an IPNS record';
    // The package says this when the protobuf copy of a field differs from the signed CBOR one: a tampered copy.
    if (message.includes('did not match')) throw new PackRecordError('bad-signature', message);
    throw new PackRecordError('malformed', message);
  }
  // The protobuf decoder skips unknown and mistyped fields; the bytes must be exactly what the record says, nothing smuggled.
  if (!sameBytes(marshalIPNSRecord(record), bytes)) throw new PackRecordError('malformed', 'not the canonical encoding of its fields');
  return record;
}

async function verifies(key: PackPublicKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  try {
    return await key.verify(data, signature);
  } catch {
    return false; // a signature of the wrong length throws; it is still just a bad signature
  }
}

/**
 * Verifies a marshalled record for a name (any form of it) at `now`: the V2 signature (and the V1
 * one, when present) by the name's key, the validity, and that the value is `/ipfs/<cid>`. Throws
 * PackRecordError with the reason; returns what the record says.
 */
export async function verifyPackRecord(
  name: string,
  bytes: Uint8Array,
  options: { readonly now?: number } = {},
): Promise<VerifiedPackRecord> {
  if (bytes.length > MAX_PACK_RECORD_BYTES) throw new PackRecordError('malformed', `larger than ${MAX_PACK_RECORD_BYTES} bytes`);
  const { publicKey } = parsePackName(name);
  const record = unmarshal(bytes);
  if (record.pubKey !== undefined && !sameBytes(record.pubKey, publicKeyToProtobuf(publicKey))) {
    let embedded: PackPublicKey | null = null;
    try {
      embedded = publicKeyFromProtobuf(record.pubKey);
    } catch {
      // unreadable: refused below as malformed
    }
    if (embedded !== null && !embedded.equals(publicKey)) throw new PackRecordError('wrong-key', `signed by ${packNameOf(embedded)}`);
    throw new PackRecordError('malformed', 'the embedded public key is not the encoding of a key');
  }
  if (!(await verifies(publicKey, concat(SIGNATURE_V2_PREFIX, record.data), record.signatureV2))) {
    throw new PackRecordError('bad-signature', 'the V2 signature does not match the name');
  }
  if ('signatureV1' in record) {
    // The spec lets resolvers ignore V1; a record that carries a broken one has still been tampered with.
    const v1 = concat(
      new TextEncoder().encode(record.value),
      new TextEncoder().encode(record.validity),
      new TextEncoder().encode(record.validityType),
    );
    if (!(await verifies(publicKey, v1, record.signatureV1))) throw new PackRecordError('bad-signature', 'the V1 signature does not match');
  }
  const validity = parseValidity(record.validity);
  if (validity === null) throw new PackRecordError('malformed', 'the validity is not an RFC 3339 time');
  if (validity.getTime() < (options.now ?? Date.now())) throw new PackRecordError('expired', `valid until ${validity.toISOString()}`);
  const root = /^\/ipfs\/([^/?#]+)$/.exec(record.value)?.[1];
  let cid: CID | null = null;
  try {
    // A CIDv0 (`Qm…`) has no multibase prefix.
    cid = root === undefined ? null : root.startsWith('Qm') ? CID.parse(root) : CID.decode(decodeMultibase(root));
  } catch {
    cid = null;
  }
  if (cid === null) throw new PackRecordError('not-a-pack', 'the value is not /ipfs/<cid>');
  const ttlNs = record.ttl ?? 0n;
  return { root: cid.toV1().toString(), seq: record.sequence, validity, ttlMs: Number(ttlNs / 1_000_000n) };
}

/** True when the bytes carry a V1 signature as well as the V2 one. */
export function hasV1Signature(bytes: Uint8Array): boolean {
  return 'signatureV1' in unmarshal(bytes);
}
