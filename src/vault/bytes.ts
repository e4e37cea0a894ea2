/** Constant-size padding for the vault's records (random bytes and base64url are in src/shared/bytes.ts). */

/**
 * Padded sizes: small records share a few buckets, so a ciphertext's length says little. Every
 * session without a long note fits the first one, solo or in a room, so the size does not tell a
 * room session (its figures are about 100 bytes more) from a solo one.
 */
const BUCKETS = [1024, 2048, 4096];
const LARGE_STEP = 4096;

export function bucketSize(n: number): number {
  return BUCKETS.find((b) => b >= n) ?? Math.ceil(n / LARGE_STEP) * LARGE_STEP;
}

/** Prefixes the length (4 bytes, big-endian) and pads with zeros to the bucket size. */
export function pad(plain: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bucketSize(plain.length + 4));
  new DataView(out.buffer).setUint32(0, plain.length);
  out.set(plain, 4);
  return out;
}

/** Reverses pad(); throws RangeError when the length prefix does not fit. */
export function unpad(padded: Uint8Array): Uint8Array {
  if (padded.length < 4) throw new RangeError('padded record too short');
  const n = new DataView(padded.buffer, padded.byteOffset, padded.byteLength).getUint32(0);
  if (n > padded.length - 4) throw new RangeError('padded record length out of range');
  return padded.subarray(4, 4 + n);
}
