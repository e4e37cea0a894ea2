/**
 * Loads a glyph's bytes by CID from ordered sources, each tried in turn with its own timeout:
 * the service worker's cache, the app's own gateway, then the deployment's public gateways. Every
 * source's bytes are checked against the CID: blocks by @helia/verified-fetch on an HTTP-only
 * Helia (no libp2p), cached bytes here. A source that hangs, fails or lies is skipped.
 * Helia is imported only when a gateway is first needed: a glyph already in the cache shows
 * without it, and the pacer's first load never carries it.
 */
import type { VerifiedFetch } from '@helia/verified-fetch';
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { readBody, TooLargeError } from '../shared/glyphs/bytes.ts';
import { blockMatches } from '../shared/glyphs/cid.ts';
import { MAX_GLYPH_BYTES, sniffImageType, svgProblemCode, type GlyphType } from '../shared/glyphs/image.ts';
import { CACHE_SOURCE, GlyphUnavailableError, NotAGlyphError, SourceFailedError, type SourceFailure } from './errors.ts';

/** A glyph's verified bytes and what image they are. */
export interface GlyphBytes {
  readonly bytes: Uint8Array;
  readonly type: GlyphType;
  /** The source that served them (for the bench and for people curious why something was slow). */
  readonly source: string;
}

/** One place to load from, in the shape of the gateway's handler list: tried when `canHandle`. */
export interface GlyphSource {
  readonly name: string;
  canHandle(cid: CID): boolean;
  /** Gets ready (loads code); not counted against the source's timeout. */
  prepare?(): Promise<void>;
  /** The verified bytes, or throws; must give up when `signal` aborts. */
  load(cid: CID, signal: AbortSignal): Promise<Uint8Array>;
}

/** The loader's own refusals, for callers that catch them (they live in errors.ts, light for the UI). */
export { GlyphUnavailableError, NotAGlyphError } from './errors.ts';

const tooBig = () => new NotAGlyphError({ code: 'too-big', maxBytes: MAX_GLYPH_BYTES });

/** How long a gateway may sit with no block request in flight before its answer counts as "none". */
const GATEWAY_IDLE_MS = 500;

/** A source backed by one trustless gateway, through verified-fetch (every block hash-checked). */
export function gatewaySource(origin: string): GlyphSource {
  let fetcher: Promise<VerifiedFetch> | undefined;
  const ready = () => {
    fetcher ??= import('./helia.ts').then(({ createGatewayFetch }) => createGatewayFetch(origin));
    // A failed import (offline before the chunk was cached) is tried again next time.
    fetcher.catch(() => (fetcher = undefined));
    return fetcher;
  };
  return {
    name: origin,
    canHandle: () => true,
    prepare: async () => void (await ready()),
    async load(cid, signal) {
      const verifiedFetch = await ready();
      // verified-fetch never gives up on its own: after a 404, or a block it rejected, it waits for
      // another provider, and this Helia has none. So once no block request has been in flight for
      // a moment, the gateway has had its chance.
      const done = new AbortController();
      let inFlight = 0;
      let idle: ReturnType<typeof setTimeout> | undefined;
      const onProgress = (event: { type: string }) => {
        if (event.type === 'helia:block-brokers:query-provider:start') {
          inFlight++;
          clearTimeout(idle);
        }
        if (event.type === 'helia:block-brokers:query-provider:end' && --inFlight === 0) {
          idle = setTimeout(() => done.abort(new SourceFailedError('no-valid-copy')), GATEWAY_IDLE_MS);
        }
      };
      try {
        const response = await verifiedFetch(`ipfs://${cid}`, { signal: AbortSignal.any([signal, done.signal]), onProgress });
        if (!response.ok) throw new SourceFailedError('http-status', response.status);
        return await readBody(response, MAX_GLYPH_BYTES);
      } catch (error) {
        if (error instanceof TooLargeError) throw tooBig();
        throw done.signal.aborted && !signal.aborted ? done.signal.reason : error;
      } finally {
        clearTimeout(idle);
      }
    },
  };
}

/** A source for raw-codec glyphs kept by the service worker (`read` asks it); checked here again. */
export function cacheSource(read: (cid: CID) => Promise<Uint8Array | null>): GlyphSource {
  return {
    name: CACHE_SOURCE,
    canHandle: (cid) => cid.code === raw.code,
    async load(cid) {
      const bytes = await read(cid);
      if (!bytes) throw new SourceFailedError('not-cached');
      if (!(await blockMatches(cid, bytes))) throw new SourceFailedError('cache-mismatch');
      return bytes;
    },
  };
}

/** How long one source may take (once ready) before the next is tried. */
export const SOURCE_TIMEOUT_MS = 4000;

/** Checks bytes any source gave: size, image type, and for SVG that it is inert. */
function asGlyph(bytes: Uint8Array): GlyphType {
  if (bytes.length > MAX_GLYPH_BYTES) throw tooBig();
  const type = sniffImageType(bytes);
  if (!type) throw new NotAGlyphError({ code: 'not-an-image' });
  const problem = type === 'image/svg+xml' ? svgProblemCode(new TextDecoder().decode(bytes)) : null;
  if (problem) throw new NotAGlyphError({ code: 'svg-not-inert', problem });
  return type;
}

/** What a source's error says about it, as data (any error of its own that is not ours: unreachable). */
function failureOf(source: string, error: unknown, timedOut: boolean): SourceFailure {
  if (timedOut) return { source, code: 'timed-out' };
  if (!(error instanceof SourceFailedError)) return { source, code: 'unreachable' };
  return error.status === undefined ? { source, code: error.code } : { source, code: error.code, status: error.status };
}

/** Loads a glyph from the first source that gives verified image bytes. */
export async function loadGlyph(
  cid: CID,
  sources: readonly GlyphSource[],
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<GlyphBytes> {
  const failures: SourceFailure[] = [];
  for (const source of sources) {
    if (!source.canHandle(cid)) continue;
    options.signal?.throwIfAborted();
    let bytes: Uint8Array;
    let timeout: AbortSignal | undefined;
    try {
      await source.prepare?.();
      timeout = AbortSignal.timeout(options.timeoutMs ?? SOURCE_TIMEOUT_MS);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      // Whatever a source does with the signal, the timeout holds.
      bytes = await Promise.race([
        source.load(cid, signal),
        new Promise<never>((_, fail) => signal.addEventListener('abort', () => fail(signal.reason), { once: true })),
      ]);
    } catch (error) {
      if (error instanceof NotAGlyphError) throw error;
      options.signal?.throwIfAborted();
      failures.push(failureOf(source.name, error, timeout?.aborted === true));
      continue;
    }
    return { bytes, type: asGlyph(bytes), source: source.name };
  }
  throw new GlyphUnavailableError(failures);
}
