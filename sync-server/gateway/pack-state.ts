/**
 * A published pack, verified, from its files' bytes: `pack.car`, and when it was signed
 * `pack.ipns-record` and `pack.ipns-name`. The same checks on Node (a directory on disk,
 * ../node/pack-dir.ts) and on the Worker (its static assets): every block is its CID, the record
 * is signed for the name and names the CAR's root. An expired record alone does not refuse the
 * pack: its blocks are served without the record (resolvers would refuse it anyway), and
 * `onExpired` is told, so a forgotten re-publish never stops a server.
 */
import { CID } from 'multiformats/cid';
import { PackRecordError, parsePackName, verifyPackRecord } from '../../src/shared/glyphs/ipns.ts';
import { EMPTY_PACK, packBlocksFromCar } from './pack-blocks.ts';
import type { PackState } from './types.ts';

/** The files of a published pack. */
export const PACK_FILES = { car: 'pack.car', record: 'pack.ipns-record', name: 'pack.ipns-name' } as const;

/** Why a pack's files cannot be served as they are. */
export type PackStateErrorCode = 'bad-car' | 'bad-record' | 'wrong-root' | 'no-name' | 'expired';

/** Thrown (or, for 'expired', reported) when a pack's files cannot be served as they are; the message names the file. */
export class PackStateError extends Error {
  override readonly name = 'PackStateError';
  readonly code: PackStateErrorCode;
  constructor(code: PackStateErrorCode, detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.code = code;
  }
}

/** The files' bytes, each null when absent. */
export interface PackFiles {
  readonly car: Uint8Array | null;
  readonly record: Uint8Array | null;
  readonly name: Uint8Array | null;
}

/** The pack the files make, everything verified; throws PackStateError for files that may not be served. */
export async function packState(
  files: PackFiles,
  options: { readonly now?: number; readonly onExpired?: (error: PackStateError) => void } = {},
): Promise<PackState> {
  const blocks =
    files.car === null
      ? EMPTY_PACK
      : await packBlocksFromCar(files.car).catch((error: unknown) => {
          const detail = error instanceof Error ? error.message : 'unreadable';
          throw new PackStateError('bad-car', `${PACK_FILES.car}: ${detail}`, { cause: error });
        });
  if (files.record === null) return { blocks, record: null };
  const name = files.name === null ? '' : new TextDecoder().decode(files.name).trim();
  if (name === '') throw new PackStateError('no-name', `${PACK_FILES.record} without the name it is for (${PACK_FILES.name})`);
  let root: string;
  try {
    ({ root } = await verifyPackRecord(name, files.record, { now: options.now }));
  } catch (error) {
    if (!(error instanceof PackRecordError)) throw error;
    if (error.code === 'expired') {
      options.onExpired?.(
        new PackStateError('expired', `${PACK_FILES.record}: ${error.message}; serving the pack without it (npm run glyphs:publish)`),
      );
      return { blocks, record: null };
    }
    throw new PackStateError('bad-record', `${PACK_FILES.record}: ${error.message}`, { cause: error });
  }
  if (files.car === null || !CID.parse(root).equals(CID.parse(blocks.root))) {
    throw new PackStateError('wrong-root', `${PACK_FILES.record} names ${root}, ${PACK_FILES.car} holds ${blocks.root || 'nothing'}`);
  }
  // Served in its canonical k51 form, whatever form the file spelled it in.
  return { blocks, record: { name: parsePackName(name).name, record: files.record } };
}
