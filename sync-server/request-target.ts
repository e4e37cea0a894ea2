/**
 * The request target (the path in `GET /path HTTP/1.1`) read defensively: whatever a client sends,
 * the answer is a URL on this server or null (the adapter answers 400), never an exception.
 * Runtime-free, for the Node server and its relay upgrades alike.
 */

/** Longer targets are refused: no route of the app, the relay or the gateway comes near this. */
export const MAX_TARGET_LENGTH = 4096;

/** The base every accepted target is resolved against; only the path and query are ever read. */
const BASE = 'http://localhost';

// Visible ASCII only (no controls, spaces or bytes past 0x7E), and neither `\` (URL parsers read it
// as `/`, so `/\evil.example/` would name another host) nor `#` (a fragment is never sent).
const TARGET_CHARS = /^[\x21-\x22\x24-\x5b\x5d-\x7e]+$/;
// Every `%` starts an escape of two hex digits (RFC 3986 pct-encoded).
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;

const parse = (input: string, base?: string): URL | null => (URL.canParse(input, base) ? new URL(input, base) : null);

/**
 * The URL a raw request target names, resolved on `http://localhost`, or null when it is not a
 * target this server answers: origin-form (`/path?query`, not `//host/...`) or absolute-form with
 * http(s) (`http://host/path`, whose path is then taken; the host is never used).
 */
export function parseTarget(raw: string | undefined): URL | null {
  if (!raw || raw.length > MAX_TARGET_LENGTH || !TARGET_CHARS.test(raw) || BAD_ESCAPE.test(raw)) return null;
  let url: URL | null;
  if (raw.startsWith('/')) {
    if (raw.startsWith('//')) return null; // a network-path reference: `//evil.example/x` would be that host
    url = parse(raw, BASE);
  } else {
    if (!/^https?:\/\//i.test(raw)) return null; // asterisk-form (`*`), authority-form, or not a target at all
    const absolute = parse(raw);
    if (!absolute || absolute.username || absolute.password) return null;
    url = parse(absolute.pathname + absolute.search, BASE);
  }
  // After the checks above the base's host always stands; checked all the same, since it is the point.
  return url && url.origin === BASE && url.pathname.startsWith('/') ? url : null;
}

/** The origin-form (`/path?query`) of an accepted target, for code that reads the raw request line. */
export const originForm = (url: URL): string => url.pathname + url.search;
