import { describe, expect, it } from 'vitest';
import { fromBase64Url, randomBytes, toBase64Url } from '../shared/bytes.ts';
import { bucketSize, pad, unpad } from './bytes.ts';
import { KdfParamsError, RecoveryKeyFormatError } from './errors.ts';
import { checkKdfParams } from './kdf.ts';
import { decodeRecoveryKey, encodeRecoveryKey, newRecoveryKey } from './recovery-key.ts';
import { toCsv, toJson } from './plain-export.ts';
import { sampleEntry } from '../core/testing/entries.ts';

describe('bytes', () => {
  it('round-trips base64url and refuses other alphabets', () => {
    for (let n = 0; n < 40; n++) {
      const b = randomBytes(n);
      expect(fromBase64Url(toBase64Url(b))).toEqual(b);
    }
    expect(() => fromBase64Url('a+b/')).toThrow(TypeError);
  });

  it('pads to buckets so similar records look the same size, and unpads exactly', () => {
    expect(bucketSize(10)).toBe(1024);
    expect(bucketSize(1025)).toBe(2048);
    expect(bucketSize(4097)).toBe(8192);
    for (const n of [0, 1, 251, 252, 253, 5000]) {
      const plain = randomBytes(n);
      const padded = pad(plain);
      expect(padded.length).toBe(bucketSize(n + 4));
      expect(unpad(padded)).toEqual(plain);
    }
    const bad = pad(randomBytes(3));
    new DataView(bad.buffer).setUint32(0, 9999);
    expect(() => unpad(bad)).toThrow(RangeError);
  });
});

describe('recovery key', () => {
  it('encodes 256 bits as 13 groups of 4 and reads them back however typed', () => {
    const key = newRecoveryKey();
    expect(key).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){12}[0-9A-HJKMNP-TV-Z]{4}$/);
    const bytes = decodeRecoveryKey(key);
    expect(encodeRecoveryKey(bytes)).toBe(key);
    expect(decodeRecoveryKey(key.toLowerCase().replace(/-/g, ' '))).toEqual(bytes);
    expect(decodeRecoveryKey(key.replace(/0/g, 'O').replace(/1/g, 'l'))).toEqual(bytes);
  });

  it('refuses text of the wrong length or alphabet', () => {
    expect(() => decodeRecoveryKey('ABCD-EFGH')).toThrow(RecoveryKeyFormatError);
    expect(() => decodeRecoveryKey('U'.repeat(52))).toThrow(RecoveryKeyFormatError);
  });
});

describe('KDF bounds', () => {
  const salt = randomBytes(16);
  it('accept OWASP minimum and refuse anything weaker or heavier', () => {
    expect(checkKdfParams({ alg: 'argon2id', m: 19_456, t: 2, p: 1, salt })).toBeTruthy();
    for (const bad of [{ m: 8192 }, { t: 1 }, { m: 1 << 22 }, { t: 50 }, { p: 4 }, { m: 19_456.5 }]) {
      expect(() => checkKdfParams({ alg: 'argon2id', m: 19_456, t: 2, p: 1, salt, ...bad })).toThrow(KdfParamsError);
    }
    expect(() => checkKdfParams({ alg: 'argon2id', m: 19_456, t: 2, p: 1, salt: randomBytes(4) })).toThrow(KdfParamsError);
  });
});

describe('plain export', () => {
  it('writes JSON and CSV that a spreadsheet cannot be tricked by', () => {
    const entries = [
      { id: 'a', entry: sampleEntry(1, { note: '=HYPERLINK("http://x")' }) },
      { id: 'b', entry: sampleEntry(2, { note: 'line one\nline "two", more' }) },
    ];
    expect(JSON.parse(toJson(entries)).sessions[1].note).toBe('line one\nline "two", more');
    const csv = toCsv(entries).split('\r\n');
    expect(csv[0]).toMatch(/^id,started_at,pattern,/);
    expect(csv[1]).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(toCsv(entries)).toContain('"line one\nline ""two"", more"');
  });
});
