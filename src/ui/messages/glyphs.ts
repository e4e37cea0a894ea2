/** Words for the glyph errors a person can meet; undefined for any other error. */
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
import type { InvalidCidCode, InvalidCidError } from '../../shared/glyphs/cid.ts';
import type { SvgProblem } from '../../shared/glyphs/image.ts';
import { joinAnd } from './words.ts';

const CID_WORDS: Record<InvalidCidCode, string> = {
  'not-a-cid': 'That is not a CID. A glyph CID looks like bafkrei… or bafybei….',
  'hash-not-sha256': 'Only CIDs hashed with sha2-256 can be checked here.',
  'not-a-file': 'This CID is not a file (raw or UnixFS), so it cannot be a glyph.',
};

const SVG_WORDS: Record<SvgProblem, string> = {
  script: 'scripts and foreign content are not allowed in a glyph',
  'event-handler': 'event handlers are not allowed in a glyph',
  'animated-link': 'animated links are not allowed in a glyph',
  'outside-link': 'links outside the file are not allowed in a glyph',
};

/** Why bytes cannot be a glyph, for each reason. */
export function notAGlyphWords(reason: NotAGlyphReason): string {
  switch (reason.code) {
    case 'too-big':
      return `This file is over ${reason.maxBytes / 1024} KiB, too big for a glyph.`;
    case 'not-an-image':
      return 'This file is not an image (SVG, PNG, WebP, GIF or JPEG).';
    case 'svg-not-inert':
      return `This SVG cannot be a glyph: ${SVG_WORDS[reason.problem]}.`;
  }
}

/** What some gateways did, for a count of them ("one gateway timed out", "2 gateways had no copy …"). */
const GATEWAY_WORDS: Record<SourceFailureCode, ((n: number) => string) | null> = {
  'timed-out': (n) => `${gateways(n)} timed out`,
  'no-valid-copy': (n) => `${gateways(n)} had no copy that matches its CID`,
  'http-status': (n) => `${gateways(n)} answered with an error`,
  unreachable: (n) => `${gateways(n)} could not be reached`,
  // Only the device's cache says these.
  'cache-mismatch': null,
  'not-cached': null,
};

/**
 * What the device's cache did. Only an altered copy is worth saying: a glyph not seen before is not
 * cached, and a cache that was slow or failed to answer adds nothing to what the gateways did.
 */
const CACHE_WORDS: Record<SourceFailureCode, string | null> = {
  'cache-mismatch': 'the copy kept on this device had been altered',
  'not-cached': null,
  'timed-out': null,
  unreachable: null,
  'no-valid-copy': null,
  'http-status': null,
};

const gateways = (n: number) => (n === 1 ? 'one gateway' : `${n} gateways`);

/** Why no source gave a glyph, as one plain sentence (gateways counted by what happened, in the order first met). */
export function glyphUnavailableWords(failures: readonly SourceFailure[]): string {
  const parts = new Map<string, () => string | null>();
  const counts = new Map<SourceFailureCode, number>();
  for (const f of failures) {
    if (f.source === CACHE_SOURCE) {
      parts.set(`cache ${f.code}`, () => CACHE_WORDS[f.code]);
      continue;
    }
    counts.set(f.code, (counts.get(f.code) ?? 0) + 1);
    parts.set(f.code, () => GATEWAY_WORDS[f.code]?.(counts.get(f.code)!) ?? null);
  }
  const said = [...parts.values()].flatMap((words) => words() ?? []);
  const why = said.length > 0 ? `: ${joinAnd(said)}` : ', and no gateway could be asked';
  return `The glyph could not be loaded${why}. Check the CID, or try again later.`;
}

/**
 * Known by name, not by class: importing cid.ts here would bring multiformats (and its hashes)
 * into the first load, for one sentence about a pasted CID.
 */
const isInvalidCid = (error: unknown): error is InvalidCidError =>
  error instanceof Error && error.name === 'InvalidCidError' && 'code' in error;

/** Words for a glyph error, or undefined when it is not one. */
export function glyphWords(error: unknown): string | undefined {
  if (isInvalidCid(error)) return CID_WORDS[error.code];
  if (error instanceof NotAGlyphError) return notAGlyphWords(error.reason);
  if (error instanceof GlyphUnavailableError) return glyphUnavailableWords(error.failures);
  if (error instanceof GlyphStoreUnavailableError) return 'The glyphs could not be loaded. Check your connection, then try again.';
  if (error instanceof DuplicateGlyphError) return 'This glyph is already in your list.';
  return undefined;
}

/** What each source did, one line each, for a folded "details" under the plain sentence. */
const SOURCE_DETAIL: Record<SourceFailureCode, (f: SourceFailure) => string> = {
  'timed-out': () => 'did not answer in time',
  'no-valid-copy': () => 'had no copy that matches the CID',
  'http-status': (f) => `answered HTTP ${f.status ?? 'error'}`,
  unreachable: () => 'could not be reached',
  'cache-mismatch': () => 'held an altered copy (removed)',
  'not-cached': () => 'had no copy yet',
};

/**
 * The technical detail behind a glyph error, for people who want it (which sources were asked and
 * what each did, what the browser said): shown folded, under the plain sentence. Undefined when there is none.
 */
export function glyphErrorDetails(error: unknown): readonly string[] | undefined {
  if (error instanceof GlyphUnavailableError) {
    if (error.failures.length === 0) return undefined;
    return error.failures.map((f) => `${f.source === CACHE_SOURCE ? 'This device’s cache' : f.source}: ${SOURCE_DETAIL[f.code](f)}`);
  }
  if (error instanceof GlyphStoreUnavailableError && error.cause instanceof Error) return [`${error.cause.name}: ${error.cause.message}`];
  return undefined;
}
