/**
 * The pack's blocks from its CAR (public/glyphs/pack.car), each checked against its CID when read,
 * looked up by multihash: the same for Node (from disk) and the Worker (from its static assets).
 */
import { CarBufferReader } from '@ipld/car/buffer-reader';
import { blockMatches } from '../../src/shared/glyphs/cid.ts';
import type { PackBlocks } from './types.ts';

/** Thrown when a pack's CAR holds a block that is not the one its CID names, or has no root. */
export class PackIntegrityError extends Error {
  override readonly name = 'PackIntegrityError';
}

/** A multihash's bytes as a map key. */
export const multihashKey = (multihash: Uint8Array): string => Array.from(multihash, (b) => b.toString(16).padStart(2, '0')).join('');

/** A pack with no blocks (a build without a pack). */
export const EMPTY_PACK: PackBlocks = { get: () => undefined, root: '' };

/** The pack in a CAR's bytes: every block verified against its CID, the first root as the pack's root. */
export async function packBlocksFromCar(car: Uint8Array): Promise<PackBlocks> {
  const reader = CarBufferReader.fromBytes(car);
  const [root] = reader.getRoots();
  if (!root) throw new PackIntegrityError('the pack CAR names no root');
  const blocks = new Map<string, Uint8Array>();
  for (const { cid, bytes } of reader.blocks()) {
    if (!(await blockMatches(cid, bytes))) throw new PackIntegrityError(`block ${cid} does not match its CID`);
    blocks.set(multihashKey(cid.multihash.bytes), bytes.slice()); // a copy: the CAR's buffer need not be kept whole
  }
  return { get: (multihash) => blocks.get(multihashKey(multihash)), root: root.toString() };
}
