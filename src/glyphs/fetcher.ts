/**
 * Where the page gets a glyph's verified bytes: the service worker's cache and the app's own
 * gateway first, then the deployment's public gateways (their list asked for only when needed).
 */
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { cidKey } from '../shared/glyphs/cid.ts';
import { DEFAULT_GLYPH_GATEWAYS, gatewayOrigin } from '../shared/glyphs/gateways.ts';
import type { GlyphCacheBridge } from '../sw-bridge.ts';
import { CACHE_SOURCE, GlyphUnavailableError } from './errors.ts';
import { cacheSource, gatewaySource, loadGlyph, type GlyphBytes, type GlyphSource } from './loader.ts';

export interface GlyphFetcherDeps {
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

/** Loads a glyph's verified bytes from the nearest source that has them; throws GlyphUnavailableError naming every failure. */
export function createGlyphFetcher(deps: GlyphFetcherDeps): (cid: CID) => Promise<GlyphBytes> {
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
  const options = deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {};

  return async (cid) => {
    let loaded: GlyphBytes;
    try {
      loaded = await loadGlyph(cid, nearby, options);
    } catch (near) {
      if (!(near instanceof GlyphUnavailableError)) throw near;
      loaded = await loadGlyph(cid, await remoteSources(), options).catch((far: unknown) => {
        throw far instanceof GlyphUnavailableError ? new GlyphUnavailableError([...near.failures, ...far.failures]) : far;
      });
    }
    // Raw blocks are the file itself: the worker stores them after its own hash check. (UnixFS
    // glyphs are cached block by block as verified-fetch asks for them.)
    if (loaded.source !== CACHE_SOURCE && cid.code === raw.code) void deps.cache.put(cidKey(cid), loaded.bytes);
    return loaded;
  };
}
