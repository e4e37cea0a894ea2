/**
 * The page's glyph store: the built-in pack and the person's own glyphs (added by CID), loaded
 * through the verified loader and shown from blob URLs. Loaded lazily with Helia; the UI reaches
 * it through this factory only.
 */
import catalogJson from '../../public/glyphs/catalog.json' with { type: 'json' };
import type { Pattern } from '../core/pattern.ts';
import type { LocalDb } from '../local/db.ts';
import type { GlyphCacheBridge } from '../sw-bridge.ts';
import { cidKey, parseCid, type Cid } from './cid.ts';
import { DEFAULT_GLYPH_GATEWAYS, gatewayOrigin } from './gateways.ts';
import { cacheSource, gatewaySource, GlyphUnavailableError, loadGlyph, type GlyphBytes, type GlyphSource } from './loader.ts';
import type { Catalog } from './pack.ts';
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
}

async function gatewaysFromServer(): Promise<readonly string[]> {
  const res = await fetch('/glyphs/gateways.json', { signal: AbortSignal.timeout(3000) });
  if (!res.ok) return DEFAULT_GLYPH_GATEWAYS;
  const { gateways } = (await res.json()) as { gateways?: unknown };
  return Array.isArray(gateways) ? gateways.map((g) => gatewayOrigin(String(g))) : DEFAULT_GLYPH_GATEWAYS;
}

export function createGlyphStore(deps: GlyphStoreDeps): GlyphStore {
  const own = async (): Promise<GlyphInfo[]> => {
    const stored = await deps.db.get('settings', OWN_KEY);
    return Array.isArray(stored) ? (stored as GlyphInfo[]).map((g) => ({ ...g, builtIn: false })) : [];
  };
  const nearby: GlyphSource[] = [cacheSource(async (cid) => deps.cache.get(cidKey(cid))), gatewaySource(deps.origin)];
  // The public gateways are asked for (and their list fetched) only when the cache and our own gateway fail.
  let remote: Promise<GlyphSource[]> | undefined;
  const remoteSources = () =>
    (remote ??= (deps.fetchGateways ?? gatewaysFromServer)()
      // reason: offline or an older server: fall back to the defaults
      .catch(() => DEFAULT_GLYPH_GATEWAYS)
      .then((list) => list.filter((g) => g !== deps.origin).map(gatewaySource)));
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
    if (loaded.source !== 'cache' && cid.code === 0x55) void deps.cache.put(cidKey(cid), loaded.bytes);
    return loaded;
  }

  return {
    async list() {
      return [...BUILT_IN, ...(await own())];
    },
    image(cidText) {
      const key = cidKey(parseCid(cidText));
      let url = images.get(key);
      if (!url) {
        url = load(key).then(({ bytes, type }) => URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type })));
        // A failure is not remembered: the next ask tries again (the network may be back).
        url.catch(() => images.delete(key));
        images.set(key, url);
      }
      return url;
    },
    async add(text, name) {
      const cid = cidKey(parseCid(text));
      const mine = await own();
      if (BUILT_IN.some((g) => g.cid === cid) || mine.some((g) => g.cid === cid)) throw new DuplicateGlyphError('This glyph is already in your list.');
      const loaded = await load(cid);
      const url = URL.createObjectURL(new Blob([loaded.bytes as Uint8Array<ArrayBuffer>], { type: loaded.type }));
      images.set(cid, Promise.resolve(url));
      const info: GlyphInfo = { cid, name: name?.trim() || `Glyph ${cid.slice(-6)}`, tags: [], builtIn: false };
      await deps.db.put('settings', [...mine, info], OWN_KEY);
      return info;
    },
    suggest: (pattern, hour) => recommendGlyph(BUILT_IN, pattern, hour)!,
    async remove(cidText) {
      const cid = cidKey(parseCid(cidText));
      await deps.db.put('settings', (await own()).filter((g) => g.cid !== cid), OWN_KEY);
    },
  };
}
