/**
 * TEST-ONLY signing keys for the glyph pack's IPNS name (e2e/glyph-pack.spec.ts). Each is derived
 * from a public phrase written here, so anyone can sign with it: a build that trusts one of these
 * names is a test build, never a release. The production key is kept outside the repository.
 */
import { createHash } from 'node:crypto';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import type { PackPrivateKey } from '../src/shared/glyphs/ipns.ts';

const keyFrom = (phrase: string): Promise<PackPrivateKey> =>
  generateKeyPairFromSeed('Ed25519', new Uint8Array(createHash('sha256').update(phrase).digest()));

/** The TEST-ONLY key whose name the test build trusts. */
export const testOnlyPackKey = (): Promise<PackPrivateKey> => keyFrom('sacred-breathing e2e TEST-ONLY glyph pack key, not a secret');

/** A TEST-ONLY key no build trusts: it signs the forged records. */
export const testOnlyForgerKey = (): Promise<PackPrivateKey> => keyFrom('sacred-breathing e2e TEST-ONLY forger key, not a secret');
