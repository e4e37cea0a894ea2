/**
 * The passphrase KDF: Argon2id (RFC 9106) from @noble/hashes. Parameters are stored beside the
 * wrapped key, so they can be raised later, and checked against bounds before use, so a crafted
 * backup cannot make a phone spend minutes or gigabytes.
 */
import { KdfParamsError } from './errors.ts';

export interface KdfParams {
  readonly alg: 'argon2id';
  /** Memory in KiB. */
  readonly m: number;
  /** Passes. */
  readonly t: number;
  readonly p: number;
  readonly salt: Uint8Array<ArrayBuffer>;
}

/** OWASP's minimum for Argon2id (19 MiB, 2 passes, 1 lane) is our floor; the ceiling keeps phones usable. */
export const KDF_BOUNDS = {
  minM: 19_456,
  maxM: 65_536,
  minT: 2,
  maxT: 10,
  p: 1,
  /** Memory × passes at most four times the minimum's: about 2 s here, a few seconds on a phone. */
  maxWork: 19_456 * 2 * 4,
} as const;

export function checkKdfParams(params: KdfParams): KdfParams {
  const { m, t, p, alg, salt } = params;
  const ok =
    alg === 'argon2id' &&
    Number.isInteger(m) &&
    m >= KDF_BOUNDS.minM &&
    m <= KDF_BOUNDS.maxM &&
    Number.isInteger(t) &&
    t >= KDF_BOUNDS.minT &&
    t <= KDF_BOUNDS.maxT &&
    m * t <= KDF_BOUNDS.maxWork &&
    p === KDF_BOUNDS.p &&
    salt instanceof Uint8Array &&
    salt.length >= 16 &&
    salt.length <= 64;
  if (!ok) throw new KdfParamsError({ m, t, p });
  return params;
}

/** Derives 32 key bytes from a passphrase. NFKC so the same passphrase typed on another keyboard matches. */
export async function deriveKey(passphrase: string, params: KdfParams): Promise<Uint8Array<ArrayBuffer>> {
  const { m, t, p, salt } = checkKdfParams(params);
  // Loaded on first use: practice and a device-key journal never need it.
  const { argon2idAsync } = await import('@noble/hashes/argon2.js');
  const out = await argon2idAsync(passphrase.normalize('NFKC'), salt, { m, t, p, dkLen: 32 });
  return new Uint8Array(out);
}

/** The unlock time we aim for on the device that sets the passphrase. */
export const TARGET_MS = { low: 250, high: 500 } as const;

/**
 * Picks parameters for this device: OWASP's minimum memory, and as many passes as keep one
 * derivation inside TARGET_MS (never below the minimum, never above the bounds).
 */
export async function calibrate(
  salt: Uint8Array<ArrayBuffer>,
  now: () => number = () => performance.now(),
): Promise<{ params: KdfParams; ms: number }> {
  const base: KdfParams = { alg: 'argon2id', m: KDF_BOUNDS.minM, t: KDF_BOUNDS.minT, p: KDF_BOUNDS.p, salt };
  const start = now();
  await deriveKey('calibration', base);
  const ms = now() - start;
  const perPass = ms / base.t;
  const target = (TARGET_MS.low + TARGET_MS.high) / 2;
  const t = Math.min(Math.floor(KDF_BOUNDS.maxWork / base.m), Math.max(KDF_BOUNDS.minT, Math.floor(target / perPass)));
  return { params: { ...base, t }, ms: perPass * t };
}
