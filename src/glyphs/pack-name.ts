/**
 * The glyph pack's IPNS name the app trusts: records for it are verified against the Ed25519 key
 * inside it. Set VITE_GLYPH_PACK_NAME at build time to use another key (a test key, a fork's own);
 * otherwise it is the production name, whose key signs public/glyphs/pack.ipns-record (see README,
 * "Publishing the glyph pack"). Checked by its shape only, so the page need not load the crypto for it;
 * pack-name.test.ts checks the committed one fully.
 */

/** The committed production name (public/glyphs/pack.ipns-name). */
export const PRODUCTION_PACK_NAME = 'k51qzi5uqu5dhtji7cwf925ztj5cuw0440r7cadhvbr0dd3oofk4uj76nfa8ps';

/** Thrown when the build was given a VITE_GLYPH_PACK_NAME that is not an Ed25519 `k51…` name (vite.config.ts checks it first, failing the build). */
export class PackNameConfigError extends Error {
  override readonly name = 'PackNameConfigError';
}

// An Ed25519 key's libp2p-key CIDv1 in base36 always starts so and is 62 characters long.
const ED25519_NAME = /^k51qzi5uqu5d[0-9a-z]{50}$/;

/** The name to trust from the build's setting (unset or empty: the production name). */
export function packNameFrom(configured: string | undefined): string {
  const name = configured?.trim() || PRODUCTION_PACK_NAME;
  if (!ED25519_NAME.test(name))
    throw new PackNameConfigError(`VITE_GLYPH_PACK_NAME is not an Ed25519 k51… IPNS name: ${name.slice(0, 80)}`);
  return name;
}

/** The pack's name, built into the app. */
export const PACK_NAME: string = packNameFrom(import.meta.env.VITE_GLYPH_PACK_NAME);

/**
 * The sequence number of the record the build ships for PACK_NAME (vite.config.ts reads it from
 * public/glyphs/pack.ipns-record; 0 for a build trusting another name): no record at or below it
 * may bring another root, even on a device that has kept none yet.
 */
export const BUILT_PACK_SEQ: bigint = BigInt(import.meta.env.VITE_GLYPH_PACK_SEQ ?? '0');
