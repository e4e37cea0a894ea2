/**
 * The Node server's glyph pack, read from a published pack directory (GLYPH_PACK_DIR, by default
 * the build's glyphs/ folder): `pack.car`, and when it was signed `pack.ipns-record` and
 * `pack.ipns-name`. A new publish there is picked up without a restart: the files are looked at at
 * most once a second when the pack is used, and a directory that does not verify (a block that is
 * not its CID, a record that is not signed for the name or names another root) is refused with a
 * clear error while the previous pack stays served. The publish script writes the CAR first and
 * the record last, each by rename, so a half-done publish is refused until its record lands.
 */
import { readFile, stat } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MAX_PACK_NAME_LENGTH, MAX_PACK_RECORD_BYTES } from '../../src/shared/glyphs/ipns.ts';
import { PACK_FILES, PackStateError, packState } from '../gateway/pack-state.ts';
import type { PackState } from '../gateway/types.ts';

export { PACK_FILES } from '../gateway/pack-state.ts';
/** The largest CAR read (the pack is a few hundred KB): a bigger file is refused, not read into memory. */
export const MAX_PACK_CAR_BYTES = 64 * 1024 * 1024;
/** How often, at most, the files are looked at when the pack is used. */
export const PACK_CHECK_INTERVAL_MS = 1000;

/** Why a pack directory is refused. */
export type PackDirErrorCode = 'bad-car' | 'bad-record' | 'wrong-root' | 'no-name' | 'too-large' | 'expired' | 'unreadable';

/** Thrown (or reported) when a pack directory cannot be served as it is. */
export class PackDirError extends Error {
  override readonly name = 'PackDirError';
  readonly code: PackDirErrorCode;
  constructor(code: PackDirErrorCode, dir: string, detail: string, options?: { cause?: unknown }) {
    super(`glyph pack ${dir}: ${detail}`, options);
    this.code = code;
  }
}

/** The pack directory: GLYPH_PACK_DIR, or the build's glyphs/ folder. */
export function packDirFromEnv(env: NodeJS.ProcessEnv, distDir: string): string {
  return resolve(env.GLYPH_PACK_DIR || join(distDir, 'glyphs'));
}

async function readBounded(dir: string, file: string, max: number): Promise<Uint8Array | null> {
  const path = join(dir, file);
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (size > max) throw new PackDirError('too-large', dir, `${file} is ${size} bytes, over ${max}`);
  return new Uint8Array(await readFile(path));
}

/**
 * The pack in a directory, everything verified (../gateway/pack-state.ts); throws PackDirError for a
 * directory that may not be served. An expired record alone is told to `onExpired`, and the blocks
 * are served without it.
 */
export async function loadPackDir(
  dir: string,
  options: { readonly now?: number; readonly onExpired?: (error: PackDirError) => void } = {},
): Promise<PackState> {
  const car = await readBounded(dir, PACK_FILES.car, MAX_PACK_CAR_BYTES);
  const record = await readBounded(dir, PACK_FILES.record, MAX_PACK_RECORD_BYTES).catch((error: unknown) => {
    if (error instanceof PackDirError) throw new PackDirError('bad-record', dir, error.message.replace(/^glyph pack [^:]*: /, ''));
    throw error;
  });
  const name = record === null ? null : await readBounded(dir, PACK_FILES.name, MAX_PACK_NAME_LENGTH + 2);
  const inDir = (error: PackStateError) => new PackDirError(error.code, dir, error.message, { cause: error });
  return packState(
    { car, record, name },
    { now: options.now, onExpired: options.onExpired && ((error) => options.onExpired?.(inDir(error))) },
  ).catch((error: unknown) => {
    throw error instanceof PackStateError ? inDir(error) : error;
  });
}

/** A served pack directory. */
export interface PackDirectory {
  readonly dir: string;
  /** The pack served now; starts a look for a new publish when the last one was over a second ago. */
  current(): PackState;
  /** Looks for a new publish now and resolves to the pack served after it (a refused one is reported, not thrown). */
  refresh(): Promise<PackState>;
}

/** Options: where refusals are reported, the clock, and how often the files are looked at. */
export interface PackDirOptions {
  /** Told of a publish that is refused (the previous pack stays) or of a record that expired. */
  readonly onRefused?: (error: PackDirError) => void;
  readonly onLoaded?: (state: PackState) => void;
  readonly now?: () => number;
  readonly checkIntervalMs?: number;
}

/** What the three files look like on disk: a rename changes the inode, a rewrite the size or mtime. */
function fingerprint(dir: string): string {
  return Object.values(PACK_FILES)
    .map((file) => {
      try {
        const s = statSync(join(dir, file), { bigint: true });
        return `${s.ino}:${s.size}:${s.mtimeNs}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

/** Opens a pack directory; throws PackDirError when the pack there cannot be served at all (at start-up there is no previous one). */
export async function openPackDir(dir: string, options: PackDirOptions = {}): Promise<PackDirectory> {
  const now = options.now ?? Date.now;
  const interval = options.checkIntervalMs ?? PACK_CHECK_INTERVAL_MS;
  let seen = fingerprint(dir);
  const load = () => loadPackDir(dir, { now: now(), onExpired: options.onRefused });
  let state = await load();
  let lastCheck = now();
  let loading: Promise<PackState> | null = null;

  const look = (): Promise<PackState> => {
    lastCheck = now();
    const print = fingerprint(dir);
    if (print === seen) return Promise.resolve(state);
    loading ??= load()
      .then(
        (next) => {
          state = next;
          options.onLoaded?.(next);
        },
        (error: unknown) => {
          // A file that cannot be read (permissions, a disk error) is a refused publish too: the pack being served stays.
          options.onRefused?.(error instanceof PackDirError ? error : new PackDirError('unreadable', dir, String(error), { cause: error }));
        },
      )
      .then(() => {
        // The files as they were when this load began: a publish still under way changes them again and is loaded then.
        seen = print;
        loading = null;
        return state;
      });
    return loading;
  };

  return {
    dir,
    current() {
      if (loading === null && now() - lastCheck >= interval) void look();
      return state;
    },
    refresh: () => loading ?? look(),
  };
}
