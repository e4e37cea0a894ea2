/** The pack's IPNS record: names in every form, signing, and each reason a record is refused. */
import { describe, expect, it } from 'vitest';
import { generateKeyPair, generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import { createIPNSRecordWithExpiration, marshalIPNSRecord, multihashToIPNSRoutingKey, unmarshalIPNSRecord } from 'ipns';
import { ipnsValidator } from 'ipns/validator';
import { base32 } from 'multiformats/bases/base32';
import { CID } from 'multiformats/cid';
import {
  hasV1Signature,
  MAX_PACK_RECORD_BYTES,
  PACK_RECORD_TTL_MS,
  PACK_RECORD_VALIDITY_MS,
  packNameOf,
  PackRecordError,
  parsePackName,
  parseValidity,
  samePackName,
  signPackRecord,
  verifyPackRecord,
} from './ipns.ts';

const ROOT = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
const OTHER_ROOT = 'bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';
const NOW = Date.parse('2026-12-01T12:00:00Z');
const key = await generateKeyPairFromSeed('Ed25519', new Uint8Array(32).fill(7));
const other = await generateKeyPair('Ed25519');
const name = packNameOf(key.publicKey);

/** The error code a promise is refused with. */
async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    if (error instanceof PackRecordError) return error.code;
    throw error;
  }
  return 'accepted';
}

describe('pack names', () => {
  it('is the base36 CIDv1 of the key (k51…), and every form of it names the same key', () => {
    expect(name).toMatch(/^k51[0-9a-z]{59}$/);
    const cid = key.publicKey.toCID();
    for (const form of [name, cid.toString(base32), cid.toString(base32).toUpperCase(), key.publicKey.toString()]) {
      expect(parsePackName(form).name).toBe(name);
      expect(samePackName(form, name)).toBe(true);
    }
    expect(key.publicKey.toString()).toMatch(/^12D3Koo/);
    expect(samePackName(packNameOf(other.publicKey), name)).toBe(false);
  });

  it('refuses what is not an Ed25519 key name, quickly and by code', () => {
    for (const text of ['', 'k51', 'hello', ROOT, 'k'.repeat(5000), `\0${name}`, name.slice(0, -1)]) {
      expect(() => parsePackName(text), text.slice(0, 20)).toThrow(PackRecordError);
    }
    expect(samePackName('nope', name)).toBe(false);
  });
});

describe('pack records', () => {
  it('round-trips: the root, sequence, validity and TTL it was signed with', async () => {
    const bytes = await signPackRecord(key, ROOT, 3n, { now: NOW });
    const got = await verifyPackRecord(name, bytes, { now: NOW });
    expect(got).toEqual({ root: ROOT, seq: 3n, validity: new Date(NOW + PACK_RECORD_VALIDITY_MS), ttlMs: PACK_RECORD_TTL_MS });
    // Any form of the name verifies the same record.
    expect((await verifyPackRecord(key.publicKey.toString(), bytes, { now: NOW })).root).toBe(ROOT);
    expect(bytes.length).toBeLessThan(512);
  });

  it("passes the ipns package's own validator (as a DHT node or verified-fetch checks it)", async () => {
    const bytes = await signPackRecord(key, ROOT, 2n);
    await expect(ipnsValidator(multihashToIPNSRoutingKey(key.publicKey.toMultihash()), bytes)).resolves.toBeUndefined();
    await expect(ipnsValidator(multihashToIPNSRoutingKey(other.publicKey.toMultihash()), bytes)).rejects.toThrow();
  });

  it('carries a V1 signature beside the V2 one, and the public key', async () => {
    const bytes = await signPackRecord(key, CID.parse(ROOT), 1, { now: NOW });
    expect(hasV1Signature(bytes)).toBe(true);
    expect(unmarshalIPNSRecord(bytes).pubKey?.length).toBeGreaterThan(0);
  });

  it('refuses a flipped byte in the signature as bad-signature', async () => {
    const record = unmarshalIPNSRecord(await signPackRecord(key, ROOT, 1, { now: NOW }));
    const sig = record.signatureV2.slice();
    sig[5] = (sig[5] ?? 0) ^ 1;
    expect(await refusal(verifyPackRecord(name, marshalIPNSRecord({ ...record, signatureV2: sig }), { now: NOW }))).toBe('bad-signature');
  });

  it('refuses the record with any single byte flipped', async () => {
    const bytes = await signPackRecord(key, ROOT, 1, { now: NOW });
    const codes = new Set<string>();
    for (let i = 0; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      const code = await refusal(verifyPackRecord(name, bad, { now: NOW }));
      expect(code, `byte ${i}`).not.toBe('accepted');
      codes.add(code);
    }
    expect(codes.has('bad-signature')).toBe(true);
  });

  it('refuses a record signed by another key as wrong-key, and one with the key stripped as bad-signature', async () => {
    const bytes = await signPackRecord(other, ROOT, 1, { now: NOW });
    expect(await refusal(verifyPackRecord(name, bytes, { now: NOW }))).toBe('wrong-key');
    const { pubKey: _, ...stripped } = unmarshalIPNSRecord(bytes);
    expect(await refusal(verifyPackRecord(name, marshalIPNSRecord(stripped), { now: NOW }))).toBe('bad-signature');
  });

  it('refuses an expired record, and accepts it up to its last millisecond', async () => {
    const bytes = await signPackRecord(key, ROOT, 1, { now: NOW, validityMs: 1000 });
    expect((await verifyPackRecord(name, bytes, { now: NOW + 1000 })).seq).toBe(1n);
    expect(await refusal(verifyPackRecord(name, bytes, { now: NOW + 1001 }))).toBe('expired');
  });

  it('refuses garbage, an empty record and a 10 MB one as malformed', async () => {
    expect(await refusal(verifyPackRecord(name, new TextEncoder().encode('not a record')))).toBe('malformed');
    expect(await refusal(verifyPackRecord(name, new Uint8Array(0)))).toBe('malformed');
    expect(await refusal(verifyPackRecord(name, new Uint8Array(10 * 1024 * 1024)))).toBe('malformed');
    expect(await refusal(verifyPackRecord(name, new Uint8Array(MAX_PACK_RECORD_BYTES + 1)))).toBe('malformed');
    const bytes = await signPackRecord(key, ROOT, 1, { now: NOW });
    expect(await refusal(verifyPackRecord(name, bytes.subarray(0, bytes.length - 10), { now: NOW }))).not.toBe('accepted');
  });

  it('refuses a value that is not /ipfs/<cid> as not-a-pack', async () => {
    for (const value of [`/ipns/${name}`, `/ipfs/${ROOT}/file.svg`, '/ipfs/not-a-cid']) {
      const record = await createIPNSRecordWithExpiration(key, value, 1n, new Date(NOW + 60_000).toISOString());
      expect(await refusal(verifyPackRecord(name, marshalIPNSRecord(record), { now: NOW })), value).toBe('not-a-pack');
    }
    expect((await verifyPackRecord(name, await signPackRecord(key, OTHER_ROOT, 2, { now: NOW }), { now: NOW })).root).toBe(OTHER_ROOT);
  });

  it('refuses a validly signed record whose validity is 9,000 characters as malformed, at once', async () => {
    // Hand-built: the ipns package normalises any validity it is given, so it cannot make this record.
    const bytes = await signedV2Record(key, { value: `/ipfs/${ROOT}`, validity: `2099-01-01T00:00:00.${'9'.repeat(9000)}Z` });
    expect(bytes.length).toBeLessThan(MAX_PACK_RECORD_BYTES);
    expect(await refusal(verifyPackRecord(name, bytes, { now: NOW }))).toBe('malformed');
    // The same construction with a proper validity is accepted: the refusal is the validity's.
    const fine = await signedV2Record(key, { value: `/ipfs/${ROOT}`, validity: '2099-01-01T00:00:00.000000000Z' });
    expect((await verifyPackRecord(name, fine, { now: NOW })).root).toBe(ROOT);
  });

  it('reads RFC 3339 validities only, and bounds their length', () => {
    expect(parseValidity('2027-12-01T12:00:00.123456789Z')?.toISOString()).toBe('2027-12-01T12:00:00.123Z');
    expect(parseValidity('2027-12-01T12:00:00+02:00')?.toISOString()).toBe('2027-12-01T10:00:00.000Z');
    for (const bad of ['', 'tomorrow', '2027-13-45T99:00:00Z', `2027-12-01T12:00:00.${'9'.repeat(100_000)}Z`, '9'.repeat(1_000_000)]) {
      expect(parseValidity(bad), bad.slice(0, 30)).toBeNull();
    }
  });
});

/** CBOR head: major type and argument (up to 16 bits here). */
function cborHead(major: number, n: number): number[] {
  if (n < 24) return [(major << 5) | n];
  if (n < 256) return [(major << 5) | 24, n];
  return [(major << 5) | 25, n >> 8, n & 0xff];
}
const cborText = (t: string) => [...cborHead(3, t.length), ...new TextEncoder().encode(t)];
const cborBytes = (b: Uint8Array) => [...cborHead(2, b.length), ...b];
const varint = (n: number): number[] => (n < 0x80 ? [n] : [(n & 0x7f) | 0x80, ...varint(n >> 7)]);
const pbField = (field: number, b: Uint8Array) => [(field << 3) | 2, ...varint(b.length), ...b];

/** A V2-only record (signatureV2 and data, as the spec allows) with any value and validity, signed by `signer`. */
async function signedV2Record(signer: typeof key, fields: { value: string; validity: string }): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const data = new Uint8Array([
    ...cborHead(5, 5),
    ...cborText('TTL'),
    ...cborHead(0, 60),
    ...cborText('Value'),
    ...cborBytes(enc.encode(fields.value)),
    ...cborText('Sequence'),
    ...cborHead(0, 1),
    ...cborText('Validity'),
    ...cborBytes(enc.encode(fields.validity)),
    ...cborText('ValidityType'),
    ...cborHead(0, 0),
  ]);
  const signature = await signer.sign(new Uint8Array([...enc.encode('ipns-signature:'), ...data]));
  return new Uint8Array([...pbField(8, signature), ...pbField(9, data)]);
}
