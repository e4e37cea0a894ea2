/**
 * The request conditions a gateway answer depends on (RFC 9110): If-None-Match against the answer's
 * ETag, a single byte Range, and `Cache-Control: only-if-cached`. Pure functions of header text.
 */

/** Entity tags read from one If-None-Match header; a longer list is cut (a missed 304 is only a full answer). */
const MAX_TAGS = 64;

/** True when If-None-Match matches the ETag (weak comparison, as RFC 9110 13.1.2 asks): `*` or one of the listed tags. */
export function noneMatchHits(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.replace(/^W\//, '');
  const tags = header.match(/(?:W\/)?"[^"]*"/g)?.slice(0, MAX_TAGS) ?? [];
  return tags.some((tag) => opaque(tag) === opaque(etag));
}

/** True when the request's Cache-Control has the only-if-cached directive. */
export const onlyIfCached = (header: string | null): boolean =>
  header?.split(',').some((d) => d.trim().toLowerCase() === 'only-if-cached') ?? false;

/** What a Range header asks of a representation of `size` bytes: ignore it (serve it whole), one range, or unsatisfiable. */
export type RangeAsk =
  | { readonly kind: 'whole' }
  | { readonly kind: 'range'; readonly first: number; readonly last: number }
  | { readonly kind: 'unsatisfiable' };

const WHOLE: RangeAsk = { kind: 'whole' };

/**
 * Reads a single byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`). A header that is not one valid
 * bytes range (another unit, bad syntax, last before first) is ignored, as RFC 9110 14.2 allows; so
 * is a multi-range request: the whole representation is the answer (a multipart body is optional).
 */
export function readRange(header: string | null, size: number): RangeAsk {
  if (header === null || header.length > 200) return WHOLE;
  const spec = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!spec) return WHOLE;
  const [, a = '', b = ''] = spec;
  if (a === '' && b === '') return WHOLE;
  if (a === '') {
    const suffix = Number(b);
    return suffix === 0 || size === 0 ? { kind: 'unsatisfiable' } : { kind: 'range', first: Math.max(0, size - suffix), last: size - 1 };
  }
  const first = Number(a);
  const last = b === '' ? Number.POSITIVE_INFINITY : Number(b);
  if (last < first) return WHOLE;
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', first, last: Math.min(last, size - 1) };
}
