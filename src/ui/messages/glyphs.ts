/** Words for glyphs: their names as shown, and the glyph errors a person can meet (undefined for any other error). */
import {
  CACHE_SOURCE,
  DuplicateGlyphError,
  GlyphStoreUnavailableError,
  GlyphUnavailableError,
  NotAGlyphError,
  type NotAGlyphReason,
  type SourceFailure,
  type SourceFailureCode,
} from '../../glyphs/errors.ts';
import type { GlyphInfo } from '../../glyphs/store.ts';
import type { InvalidCidCode, InvalidCidError } from '../../shared/glyphs/cid.ts';
import type { SvgProblem } from '../../shared/glyphs/image.ts';
import { formatNumber } from '../../i18n/format.ts';
import { t, type MessageKey } from '../../i18n/index.ts';
import { joinAnd } from './words.ts';

const CID_WORDS: Record<InvalidCidCode, () => string> = {
  'not-a-cid': () => t('glyphs.cid.notACid'),
  'hash-not-sha256': () => t('glyphs.cid.hashNotSha256'),
  'not-a-file': () => t('glyphs.cid.notAFile'),
};

const SVG_WORDS: Record<SvgProblem, () => string> = {
  script: () => t('glyphs.svg.script'),
  'event-handler': () => t('glyphs.svg.eventHandler'),
  'animated-link': () => t('glyphs.svg.animatedLink'),
  'outside-link': () => t('glyphs.svg.outsideLink'),
};

/** Why bytes cannot be a glyph, for each reason. */
export function notAGlyphWords(reason: NotAGlyphReason): string {
  switch (reason.code) {
    case 'too-big':
      return t('glyphs.tooBig', formatNumber(reason.maxBytes / 1024));
    case 'not-an-image':
      return t('glyphs.notAnImage');
    case 'svg-not-inert':
      return t('glyphs.svgNotInert', SVG_WORDS[reason.problem]());
  }
}

/** What some gateways did, for a count of them ("one gateway timed out", "2 gateways had no copy …"). */
const GATEWAY_WORDS: Record<SourceFailureCode, ((n: number) => string) | null> = {
  'timed-out': (n) => t('glyphs.gateways.timedOut', n),
  'no-valid-copy': (n) => t('glyphs.gateways.noValidCopy', n),
  'http-status': (n) => t('glyphs.gateways.httpStatus', n),
  unreachable: (n) => t('glyphs.gateways.unreachable', n),
  // Only the device's cache says these.
  'cache-mismatch': null,
  'not-cached': null,
};

/**
 * What the device's cache did. Only an altered copy is worth saying: a glyph not seen before is not
 * cached, and a cache that was slow or failed to answer adds nothing to what the gateways did.
 */
const CACHE_WORDS: Record<SourceFailureCode, (() => string) | null> = {
  'cache-mismatch': () => t('glyphs.cacheAltered'),
  'not-cached': null,
  'timed-out': null,
  unreachable: null,
  'no-valid-copy': null,
  'http-status': null,
};

/** Why no source gave a glyph, as one plain sentence (gateways counted by what happened, in the order first met). */
export function glyphUnavailableWords(failures: readonly SourceFailure[]): string {
  const parts = new Map<string, () => string | null>();
  const counts = new Map<SourceFailureCode, number>();
  for (const f of failures) {
    if (f.source === CACHE_SOURCE) {
      parts.set(`cache ${f.code}`, () => CACHE_WORDS[f.code]?.() ?? null);
      continue;
    }
    counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    parts.set(f.code, () => GATEWAY_WORDS[f.code]?.(counts.get(f.code)!) ?? null);
  }
  const said = [...parts.values()].flatMap((words) => words() ?? []);
  return said.length > 0 ? t('glyphs.unavailable', joinAnd(said)) : t('glyphs.unavailableUnasked');
}

/**
 * Known by name, not by class: importing cid.ts here would bring multiformats (and its hashes)
 * into the first load, for one sentence about a pasted CID.
 */
const isInvalidCid = (error: unknown): error is InvalidCidError =>
  error instanceof Error && error.name === 'InvalidCidError' && 'code' in error;

/** Words for a glyph error, or undefined when it is not one. */
export function glyphWords(error: unknown): string | undefined {
  if (isInvalidCid(error)) return CID_WORDS[error.code]();
  if (error instanceof NotAGlyphError) return notAGlyphWords(error.reason);
  if (error instanceof GlyphUnavailableError) return glyphUnavailableWords(error.failures);
  if (error instanceof GlyphStoreUnavailableError) return t('glyphs.storeUnavailable');
  if (error instanceof DuplicateGlyphError) return t('glyphs.duplicate');
  return undefined;
}

/** What each source did, one line each, for a folded "details" under the plain sentence. */
const SOURCE_DETAIL: Record<SourceFailureCode, (f: SourceFailure) => string> = {
  'timed-out': () => t('glyphs.detail.timedOut'),
  'no-valid-copy': () => t('glyphs.detail.noValidCopy'),
  'http-status': (f) => (f.status === undefined ? t('glyphs.detail.httpError') : t('glyphs.detail.httpStatus', String(f.status))),
  unreachable: () => t('glyphs.detail.unreachable'),
  'cache-mismatch': () => t('glyphs.detail.cacheMismatch'),
  'not-cached': () => t('glyphs.detail.notCached'),
};

/**
 * The technical detail behind a glyph error, for people who want it (which sources were asked and
 * what each did, what the browser said): shown folded, under the plain sentence. Undefined when there is none.
 */
export function glyphErrorDetails(error: unknown): readonly string[] | undefined {
  if (error instanceof GlyphUnavailableError) {
    if (error.failures.length === 0) return undefined;
    return error.failures.map((f) =>
      t('glyphs.detail.line', f.source === CACHE_SOURCE ? t('glyphs.detail.cache') : f.source, SOURCE_DETAIL[f.code](f)),
    );
  }
  if (error instanceof GlyphStoreUnavailableError && error.cause instanceof Error) return [`${error.cause.name}: ${error.cause.message}`];
  return undefined;
}

/**
 * A glyph's name in the person's language: a built-in glyph's from the dictionary by its catalog id
 * (the catalog's English name when the dictionary has none), an own glyph's as it was given, and
 * for an own glyph given none, a name made of the end of its CID.
 */
export function glyphName(glyph: Pick<GlyphInfo, 'cid' | 'id' | 'name' | 'builtIn'>): string {
  if (glyph.builtIn && glyph.id) {
    const words: unknown = t(`glyphs.builtIn.${glyph.id}` as MessageKey);
    if (typeof words === 'string') return words;
  }
  return glyph.name.trim() || t('glyphs.unnamed', glyph.cid.slice(-6));
}
