/**
 * The page's glyph store: the built-in pack and the person's own glyphs (added by CID), loaded
 * through the verified loader and shown from blob URLs. Loaded lazily with Helia; the UI reaches
 * it through this factory only.
 */
import catalogJson from '../../public/glyphs/catalog.json' with { type: 'json' };
import type { Pattern } from '../core/pattern.ts';
import type { LocalDb } from '../local/db.ts';
import type { GlyphCacheBridge } from '../sw-bridge.ts';
import * as raw from 'multiformats/codecs/raw';
import { cidKey, parseCid, type Cid } from '../shared/glyphs/cid.ts';
import { DEFAULT_GLYPH_GATEWAYS, gatewayOrigin } from '../shared/glyphs/gateways.ts';
import { cacheSource, gatewaySource, GlyphUnavailableError, loadGlyph, type GlyphBytes, type GlyphSource } from './loader.ts';
import type { Catalog } from '../shared/glyphs/pack.ts';
import { recommendGlyph } from './recommend.ts';

/** A glyph the person can choose. */
export interface GlyphInfo {
  readonly cid: Cid;
  readonly name: string;
  readonly tags: readonly string[];
  readonly builtIn: boolean;
}

/** Thrown when a glyph is added twice. */
export class DuplicateGlyphError extends Error {
  override readonly name = 'DuplicateGlyphError';
}

// The catalog is generated and checked against the files by a test: its strings are CIDs.
export const BUILT_IN: readonly GlyphInfo[] = (catalogJson as unknown as Catalog).glyphs.map((g) => ({ cid: g.cid, name: g.name, tags: g.tags, builtIn: true }));

const OWN_KEY = 'own-glyphs';

export interface GlyphStore {
  /** Built-in glyphs first, then the person's own, in the order they were added. */
  list(): Promise<GlyphInfo[]>;
  /** A blob URL showing the glyph's verified bytes (the same URL for the same glyph while the page lives). */
  image(cid: string): Promise<string>;
  /** Loads, checks and caches a glyph by CID, then keeps it in the person's own list. */
  add(text: string, name?: string): Promise<GlyphInfo>;
  /** Takes one of the person's own glyphs off the list (its cached blocks stay until erase). */
  remove(cid: string): Promise<void>;
  /** The built-in glyph suggested for a pattern at a local hour (see recommend.ts). */
  suggest(pattern: Pattern, hour: number): GlyphInfo;
}

export interface GlyphStoreDeps {
  readonly db: LocalDb;
  readonly cache: GlyphCacheBridge;
  /** The app's own origin: its gateway serves the built-in pack. */
  readonly origin: string;
  /** The deployment's public gateways (GET /glyphs/gateways.json), asked once when first needed. */
  readonly fetchGateways?: () => Promise<readonly string[]>;
  readonly timeoutMs?: number;
  /** Nothing can be cached yet (no service worker controls the page): start loading Helia at once. */
  readonly coldStart?: boolean;
}

/** The deployment's list; the defaults only where the server has none (a static host: 404). Throws when it cannot be asked. */
async function gatewaysFromServer(): Promise<readonly string[]> {
  const res = await fetch('/glyphs/gateways.json', { signal: AbortSignal.timeout(3000) });
  if (res.status === 404) return DEFAULT_GLYPH_GATEWAYS;
  if (!res.ok) throw new Error(`the gateway list answered ${res.status}`);
  const { gateways } = (await res.json()) as { gateways?: unknown };
  if (!Array.isArray(gateways)) throw new Error('the gateway list is malformed');
  return gateways.map((g) => gatewayOrigin(String(g)));
}

const isCid = (text: unknown): text is string => {
  try {
    return typeof text === 'string' && (parseCid(text), true);
  } catch {
    return false; // reason: parseCid throws for what is not a glyph CID
  }
};

const blobUrl = ({ bytes, type }: GlyphBytes) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));

export function createGlyphStore(deps: GlyphStoreDeps): GlyphStore {
  const own = async (): Promise<GlyphInfo[]> => {
    const stored = await deps.db.get('settings', OWN_KEY);
    if (!Array.isArray(stored)) return [];
    return (stored as Partial<GlyphInfo>[])
      .filter((g) => isCid(g?.cid) && typeof g.name === 'string')
      .map((g) => ({ cid: cidKey(parseCid(g.cid!)), name: g.name!, tags: [], builtIn: false }));
  };
  const ownGateway = gatewaySource(deps.origin);
  const nearby: GlyphSource[] = [cacheSource(async (cid) => deps.cache.get(cidKey(cid))), ownGateway];
  // reason: a failed early start is retried by the first load that needs the gateway
  if (deps.coldStart) ownGateway.prepare?.().catch(() => undefined);
  // The public gateways are asked for (and their list fetched) only when the cache and our own
  // gateway fail. A list that could not be fetched (offline) is not remembered: next time asks again.
  let remote: Promise<GlyphSource[]> | undefined;
  const remoteSources = async (): Promise<GlyphSource[]> => {
    remote ??= (deps.fetchGateways ?? gatewaysFromServer)().then((list) => list.filter((g) => g !== deps.origin).map(gatewaySource));
    return remote.catch(() => {
      remote = undefined;
      return [];
    });
  };
  const images = new Map<string, Promise<string>>();

  async function load(cidText: string): Promise<GlyphBytes> {
    const cid = parseCid(cidText);
    const options = deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {};
    let loaded: GlyphBytes;
    try {
      loaded = await loadGlyph(cid, nearby, options);
    } catch (near) {
      if (!(near instanceof GlyphUnavailableError)) throw near;
      loaded = await loadGlyph(cid, await remoteSources(), options).catch((far: unknown) => {
        throw far instanceof GlyphUnavailableError ? new GlyphUnavailableError([...near.reasons, ...far.reasons]) : far;
      });
    }
    // Raw blocks are the file itself: the worker stores them after its own hash check. (UnixFS
    // glyphs are cached block by block as verified-fetch asks for them.)
    if (loaded.source !== 'cache' && cid.code === raw.code) void deps.cache.put(cidKey(cid), loaded.bytes);
    return loaded;
  }

  return {
    async list() {
      return [...BUILT_IN, ...(await own())];
    },
    async image(cidText) {
      const key = cidKey(parseCid(cidText));
      let url = images.get(key);
      if (!url) {
        url = load(key).then(blobUrl);
        // A failure is not remembered: the next ask tries again (the network may be back).
        url.catch(() => images.delete(key));
        images.set(key, url);
      }
      return url;
    },
    async add(text, name) {
      const cid = cidKey(parseCid(text));
      if (BUILT_IN.some((g) => g.cid === cid) || (await own()).some((g) => g.cid === cid)) throw new DuplicateGlyphError('This glyph is already in your list.');
      const url = blobUrl(await load(cid));
      images.set(cid, Promise.resolve(url));
      const info: GlyphInfo = { cid, name: name?.trim() || `Glyph ${cid.slice(-6)}`, tags: [], builtIn: false };
      // Read again after the (slow) load: another tab may have added glyphs meanwhile.
      const tx = deps.db.transaction('settings', 'readwrite');
      const current = (await tx.store.get(OWN_KEY)) as GlyphInfo[] | undefined;
      if (!(current ?? []).some((g) => g.cid === cid)) await tx.store.put([...(current ?? []), info], OWN_KEY);
      await tx.done;
      return info;
    },
    suggest: (pattern, hour) => recommendGlyph(BUILT_IN, pattern, hour)!,
    async remove(cidText) {
      const cid = cidKey(parseCid(cidText));
      const tx = deps.db.transaction('settings', 'readwrite');
      const current = ((await tx.store.get(OWN_KEY)) as GlyphInfo[] | undefined) ?? [];
      await tx.store.put(current.filter((g) => g.cid !== cid), OWN_KEY);
      await tx.done;
      const url = images.get(cid);
      images.delete(cid);
      // reason: a load that failed has no URL to revoke
      void url?.then(URL.revokeObjectURL, () => undefined);
    },
  };
}
