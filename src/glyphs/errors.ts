/**
 * The glyph domain's errors: each carries a code and the data its words need; the words are the
 * UI's (src/ui/messages/glyphs.ts). Its own module, free of Helia and multiformats, so the UI can
 * name these errors without loading the glyph store.
 */
import type { SvgProblem } from '../shared/glyphs/image.ts';

/** What one source did when it could not give the glyph. */
export type SourceFailureCode =
  /** It took longer than its turn (a hanging gateway). */
  | 'timed-out'
  /** It had no copy whose blocks match the CID (a 404, or blocks verified-fetch rejected). */
  | 'no-valid-copy'
  /** It answered with an HTTP error status. */
  | 'http-status'
  /** The device's cache does not hold the glyph (the usual case for a new one). */
  | 'not-cached'
  /** The device's cache holds bytes that do not match the CID (tampered with). */
  | 'cache-mismatch'
  /** It could not be reached or failed otherwise (offline, refused, a code chunk that did not load). */
  | 'unreachable';

/** The name of the source that is the device's own cache (every other source is named by its gateway's origin). */
export const CACHE_SOURCE = 'cache';

/** One source's failure: its name (CACHE_SOURCE, or a gateway's origin), what happened, and the status for `http-status`. */
export interface SourceFailure {
  readonly source: string;
  readonly code: SourceFailureCode;
  readonly status?: number;
}

/** A source's own refusal, turned into a SourceFailure by the loader. */
export class SourceFailedError extends Error {
  override readonly name = 'SourceFailedError';
  readonly code: SourceFailureCode;
  readonly status: number | undefined;
  constructor(code: SourceFailureCode, status?: number) {
    super(`glyph source failed: ${code}${status === undefined ? '' : ` ${status}`}`);
    this.code = code;
    this.status = status;
  }
}

/** No source could give the glyph; `failures` says what each one did, in the order they were tried. */
export class GlyphUnavailableError extends Error {
  override readonly name = 'GlyphUnavailableError';
  readonly code = 'glyph-unavailable';
  readonly failures: readonly SourceFailure[];
  constructor(failures: readonly SourceFailure[]) {
    // For logs only: a person reads the words the UI makes of `failures`.
    super(
      `glyph could not be loaded: ${failures.map((f) => `${f.source} ${f.code}${f.status ? ` ${f.status}` : ''}`).join(', ') || 'no source'}`,
    );
    this.failures = failures;
  }
}

/** Why bytes cannot be a glyph. */
export type NotAGlyphReason =
  | { readonly code: 'too-big'; readonly maxBytes: number }
  | { readonly code: 'not-an-image' }
  | { readonly code: 'svg-not-inert'; readonly problem: SvgProblem };

/** Bytes that are too big, not an image or not inert: no other source will do better, so loading stops. */
export class NotAGlyphError extends Error {
  override readonly name = 'NotAGlyphError';
  readonly reason: NotAGlyphReason;
  constructor(reason: NotAGlyphReason) {
    // For logs only (and a test of the loader reads "too big" in it).
    super(
      `not a glyph: ${reason.code === 'too-big' ? `too big, over ${reason.maxBytes} bytes` : reason.code === 'svg-not-inert' ? reason.problem : reason.code}`,
    );
    this.reason = reason;
  }
}

/** Thrown when a glyph is added twice (it is built in, or already in the person's own list). */
export class DuplicateGlyphError extends Error {
  override readonly name = 'DuplicateGlyphError';
  readonly code = 'duplicate';
  readonly cid: string;
  constructor(cid: string) {
    super(`glyph already listed: ${cid}`);
    this.cid = cid;
  }
}

/** The glyph store's code could not be loaded (offline before it was cached); asking again tries again. */
export class GlyphStoreUnavailableError extends Error {
  override readonly name = 'GlyphStoreUnavailableError';
  readonly code = 'store-unavailable';
  constructor(cause: unknown) {
    super('the glyph store could not be loaded', { cause });
  }
}
