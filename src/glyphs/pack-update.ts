/**
 * Resolving the glyph pack through its signed IPNS name, so new glyphs reach people without an app
 * update: the record comes from the app's own origin (`/ipns/<name>`, the trustless gateway's
 * record answer), is verified against the name built into the app (its Ed25519 key), and a newer
 * root's directory block and glyphs are loaded and hash-checked before the pack is kept on the
 * device. Anything refused leaves the kept pack as it was. Loaded lazily by the glyph store, only
 * when a check is due, so neither this nor the record's verification is in any first load.
 */
import * as dagPB from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { readBody, TooLargeError } from '../shared/glyphs/bytes.ts';
import { blockMatches, cidKey, DAG_PB_CODE } from '../shared/glyphs/cid.ts';
import { MAX_GLYPH_BYTES } from '../shared/glyphs/image.ts';
import { MAX_PACK_RECORD_BYTES, PackRecordError, verifyPackRecord, type PackRecordErrorCode } from '../shared/glyphs/ipns.ts';
import { describeGlyph } from '../shared/glyphs/pack.ts';
import { CACHE_SOURCE, GlyphUnavailableError, NotAGlyphError } from './errors.ts';
import type { GlyphBytes } from './loader.ts';

/** The media type of a marshalled IPNS record (the trustless gateway's `/ipns/` answer). */
export const IPNS_RECORD_TYPE = 'application/vnd.ipfs.ipns-record';
/** The most glyphs a resolved pack may add; a directory listing more is refused. */
export const MAX_PACK_GLYPHS = 500;
/** A record's TTL is honoured up to a day: a longer one could silence updates for too long. */
export const MAX_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;
/** How long the record or the directory block may take to arrive. */
const FETCH_TIMEOUT_MS = 8000;

/** One glyph of a resolved pack (the device keeps it so: src/local/glyph-pack.ts). */
export interface PackGlyph {
  readonly cid: string;
  /** The file's name without `.svg`: a built-in glyph of the same id is replaced by this one in the list. */
  readonly id: string;
  readonly name: string;
  readonly tags: readonly string[];
}

/** A resolved pack: its root, the record's sequence number, and the glyphs it holds that the app was not built with. */
export interface ResolvedPack {
  readonly root: string;
  readonly seq: bigint;
  readonly glyphs: readonly PackGlyph[];
}

/** When a verified record was last read (epoch ms) and the TTL it gave. */
export interface PackCheck {
  readonly at: number;
  readonly ttlMs: number;
}

/** Where the resolved pack is kept (the device's, src/local/glyph-pack.ts, matches it structurally). */
export interface GlyphPackKeeper {
  read(): Promise<{ readonly pack: ResolvedPack | null; readonly checked: PackCheck | null }>;
  /** Keeps the check and, unless a newer one is kept already, the pack; true when `pack` is now kept. */
  keep(checked: PackCheck, pack?: ResolvedPack): Promise<boolean>;
}

/**
 * Why a newer pack is refused: the record's own reasons (ipns.ts), `stale` (a sequence number not
 * above the kept one's for another root), `bad-directory` (the root's block is not the pack
 * directory it names) and `bad-glyph` (a glyph of it is not one).
 */
export type PackRefusal = PackRecordErrorCode | 'stale' | 'bad-directory' | 'bad-glyph';

/** What a check did. */
export type PackUpdate =
  /** No record or no block could be had (offline, a static host without the route, a gateway down): nothing changed. */
  | { readonly kind: 'unavailable' }
  /** The record names the kept pack or the built-in one: the list stays. */
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'refused'; readonly code: PackRefusal }
  | { readonly kind: 'updated'; readonly pack: ResolvedPack };

export interface PackUpdateDeps {
  /** The pack's name built into the app (src/glyphs/pack-name.ts). */
  readonly name: string;
  /** The root of the pack the app was built with (catalog.json). */
  readonly builtRoot: string;
  /** The sequence number of the record shipped with that pack (pack-name.ts BUILT_PACK_SEQ): the floor before any is kept. */
  readonly builtSeq: bigint;
  /** The CIDs of the built-in glyphs: never loaded again, never listed twice. */
  readonly builtIn: ReadonlySet<string>;
  readonly keeper: GlyphPackKeeper;
  /** The app's own origin: its gateway answers the record and the blocks. */
  readonly origin: string;
  /** A glyph's verified bytes (the store's fetcher: cache, own gateway, public gateways). */
  loadGlyph(cid: CID): Promise<GlyphBytes>;
  /** Keeps a loaded block for offline use (the service worker's cache); false when it could not. Every one is awaited before the pack is kept. */
  keepBlock(cid: string, bytes: Uint8Array): Promise<boolean>;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  /** Where a refusal is told (one line, no personal data). */
  readonly log?: (line: string) => void;
}

/** A refusal for a reason of this module's own. */
class PackRefusedError extends Error {
  override readonly name = 'PackRefusedError';
  readonly code: PackRefusal;
  constructor(code: PackRefusal, detail: string) {
    super(`glyph pack refused (${code}): ${detail}`);
    this.code = code;
  }
}

/** Something could not be had; nothing is wrong with what arrived. */
class UnavailableError extends Error {
  override readonly name = 'UnavailableError';
}

async function fetchBytes(deps: PackUpdateDeps, path: string, accept: string, max: number): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await (deps.fetch ?? fetch)(`${deps.origin}${path}`, {
      headers: { Accept: accept },
      cache: 'no-store',
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new UnavailableError(`${path}: not reached`, { cause });
  }
  // A host without the route answers its app page (or a 404): no record there, not a bad one.
  if (!response.ok || !(response.headers.get('Content-Type') ?? '').startsWith(accept)) {
    await response.body?.cancel();
    throw new UnavailableError(`${path}: ${response.status} ${response.headers.get('Content-Type') ?? ''}`);
  }
  try {
    return await readBody(response, max);
  } catch (error) {
    if (error instanceof TooLargeError) throw new PackRecordError('malformed', `${path}: over ${max} bytes`);
    throw new UnavailableError(`${path}: cut short`, { cause: error });
  }
}

/** The pack directory's `.svg` links, from its block checked against the root. */
async function directoryLinks(deps: PackUpdateDeps, root: CID): Promise<{ id: string; cid: CID }[]> {
  const block = await fetchBytes(deps, `/ipfs/${root}?format=raw`, 'application/vnd.ipld.raw', MAX_GLYPH_BYTES);
  if (!(await blockMatches(root, block))) throw new PackRefusedError('bad-directory', 'the block does not hash to the root');
  let node: dagPB.PBNode;
  try {
    node = dagPB.decode(block);
    if (!node.Data || UnixFS.unmarshal(node.Data).type !== 'directory') throw new Error('not a UnixFS directory');
  } catch (error) {
    throw new PackRefusedError('bad-directory', error instanceof Error ? error.message : 'not a directory');
  }
  const svgs = node.Links.filter((l) => l.Name?.endsWith('.svg'));
  if (svgs.length > MAX_PACK_GLYPHS) throw new PackRefusedError('bad-directory', `over ${MAX_PACK_GLYPHS} glyphs`);
  return svgs.map((link) => {
    const id = link.Name!.slice(0, -4);
    // Pack glyphs are raw files named as the pack builder names them (src/shared/glyphs/pack.ts).
    if (!/^[a-z0-9][a-z0-9_-]{0,63}$/i.test(id)) throw new PackRefusedError('bad-directory', 'a glyph file name is not an id');
    if (link.Hash.code !== raw.code || link.Hash.multihash.code !== 0x12)
      throw new PackRefusedError('bad-directory', `${id}: not a raw sha2-256 block`);
    return { id, cid: link.Hash };
  });
}

/** Loads (and keeps offline) every glyph of the pack the app was not built with, and reads what each says of itself. */
async function loadNewGlyphs(deps: PackUpdateDeps, links: { id: string; cid: CID }[]): Promise<PackGlyph[]> {
  const glyphs: PackGlyph[] = [];
  // Kept offline as they load, all at once; a pack is listed only once every one of them is kept.
  const kept: Promise<unknown>[] = [];
  for (const { id, cid } of links) {
    const key = cidKey(cid);
    if (deps.builtIn.has(key) || glyphs.some((g) => g.cid === key)) continue;
    let loaded: GlyphBytes;
    try {
      loaded = await deps.loadGlyph(cid);
    } catch (error) {
      if (error instanceof NotAGlyphError) throw new PackRefusedError('bad-glyph', `${id}: ${error.message}`);
      if (error instanceof GlyphUnavailableError) throw new UnavailableError(`${id}: ${error.message}`, { cause: error });
      throw error;
    }
    let described: { name: string; tags: string[] };
    try {
      described = describeGlyph(`${id}.svg`, loaded.bytes);
    } catch (error) {
      // GlyphPackError, or the decoder's TypeError for bytes that are not UTF-8.
      throw new PackRefusedError('bad-glyph', error instanceof Error ? error.message : `${id}: not a glyph`);
    }
    if (loaded.source !== CACHE_SOURCE) kept.push(deps.keepBlock(key, loaded.bytes));
    glyphs.push({ cid: key, id, ...described });
  }
  // false: no service worker to keep it (yet), or its cache refused (quota): listed now, it would not show offline.
  if ((await Promise.all(kept)).some((ok) => ok === false)) throw new UnavailableError('a glyph could not be kept offline');
  return glyphs;
}

/** Fetches and verifies the pack's record and, when it names a newer pack, loads and keeps that pack. Never rejects for the network or a bad record. */
export async function updatePack(deps: PackUpdateDeps): Promise<PackUpdate> {
  const now = (deps.now ?? Date.now)();
  const log = deps.log ?? ((line: string) => console.warn(line));
  try {
    const bytes = await fetchBytes(deps, `/ipns/${deps.name}`, IPNS_RECORD_TYPE, MAX_PACK_RECORD_BYTES);
    const record = await verifyPackRecord(deps.name, bytes, { now });
    const checked: PackCheck = { at: now, ttlMs: Math.min(Math.max(record.ttlMs, 0), MAX_CHECK_INTERVAL_MS) };
    // The pack shown now: the one kept, else the one built in with the record it shipped.
    const { pack: kept } = await deps.keeper.read();
    const current: ResolvedPack = kept ?? { root: deps.builtRoot, seq: deps.builtSeq, glyphs: [] };
    if (record.root === current.root) {
      // The same pack, signed again with a higher number: remember the number, so an older record cannot come back.
      await deps.keeper.keep(checked, record.seq > current.seq ? { ...current, seq: record.seq } : undefined);
      return { kind: 'unchanged' };
    }
    // bigint: a uint64 sequence number compares exactly past 2^53.
    if (record.seq <= current.seq) throw new PackRefusedError('stale', `sequence ${record.seq} after ${current.seq}`);
    if (record.root === deps.builtRoot) {
      await deps.keeper.keep(checked, { root: record.root, seq: record.seq, glyphs: [] });
      return { kind: 'unchanged' };
    }
    const root = CID.parse(record.root);
    if (root.code !== DAG_PB_CODE) throw new PackRecordError('not-a-pack', 'the root is not a directory');
    const pack: ResolvedPack = { root: record.root, seq: record.seq, glyphs: await loadNewGlyphs(deps, await directoryLinks(deps, root)) };
    await deps.keeper.keep(checked, pack);
    return { kind: 'updated', pack };
  } catch (error) {
    if (error instanceof UnavailableError) return { kind: 'unavailable' };
    if (error instanceof PackRecordError || error instanceof PackRefusedError) {
      // Codes only: the name is the app's, the same for everyone. i18n-exempt: a log line, never shown to a person
      log(`glyph pack: record refused (${error.code})`);
      return { kind: 'refused', code: error.code };
    }
    throw error;
  }
}
