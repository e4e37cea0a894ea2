/** The app's trusted pack name: the committed one is the name of the key that signed the committed record. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateKeyPair } from '@libp2p/crypto/keys';
import { packNameOf, parsePackName, verifyPackRecord } from '../shared/glyphs/ipns.ts';
import { PACK_NAME, PackNameConfigError, packNameFrom, PRODUCTION_PACK_NAME } from './pack-name.ts';

const glyphs = resolve(import.meta.dirname, '../../public/glyphs');

describe('pack name', () => {
  it('is the committed name, which parses as an Ed25519 key and signed the committed record', async () => {
    expect(PACK_NAME).toBe(PRODUCTION_PACK_NAME);
    expect(parsePackName(PRODUCTION_PACK_NAME).name).toBe(PRODUCTION_PACK_NAME);
    expect(readFileSync(resolve(glyphs, 'pack.ipns-name'), 'utf8').trim()).toBe(PRODUCTION_PACK_NAME);
    const record = new Uint8Array(readFileSync(resolve(glyphs, 'pack.ipns-record')));
    // Expiry is the publisher's concern (README): the signature and the root are this test's.
    const { root } = await verifyPackRecord(PRODUCTION_PACK_NAME, record, { now: 0 });
    const catalog = JSON.parse(readFileSync(resolve(glyphs, 'catalog.json'), 'utf8')) as { root: string };
    expect(root).toBe(catalog.root);
  });

  it('takes the build setting when it is an Ed25519 name, and refuses one that is not', async () => {
    const other = packNameOf((await generateKeyPair('Ed25519')).publicKey);
    expect(packNameFrom(other)).toBe(other);
    expect(packNameFrom(undefined)).toBe(PRODUCTION_PACK_NAME);
    expect(packNameFrom('')).toBe(PRODUCTION_PACK_NAME);
    for (const bad of ['k51', `${other}x`, '12D3KooWExample', other.toUpperCase()])
      expect(() => packNameFrom(bad), bad).toThrow(PackNameConfigError);
  });
});
