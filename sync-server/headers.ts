/**
 * The security and caching headers of every response, in one place for both deployments: the Node
 * adapter sets them on each response, and the build writes them as `dist/_headers` for static
 * hosting (Cloudflare Workers assets, Netlify, Pages), so the two cannot drift.
 */

/**
 * No inline script, no third-party script. `connect-src 'self'` covers same-origin ws:/wss: in
 * current browsers; the glyph gateways are the only other origins the page may fetch from (what
 * they send is hash-checked before use); `blob:` images are glyphs shown from verified bytes.
 */
export function contentSecurityPolicy(glyphGateways: readonly string[] = []): string {
  const gateways = glyphGateways.map((g) => new URL(g).origin);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    // The silent element that gives a session its OS media controls plays a WAV made in the page.
    "media-src 'self' blob:",
    ["connect-src 'self'", ...gateways].join(' '),
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Powerful features the app never uses are denied to every frame; the ones it does use stay with
 * its own origin (screen-wake-lock keeps the screen on in a session, clipboard-write copies a room
 * link, autoplay lets the tones start, camera is a heart sensor a person may start: a fingertip on
 * the lens; the microphone stays denied). Only names Chromium recognises (`document.featurePolicy
 * .features()` in Chromium 156): an unknown one is a console error on every page. (`vibrate` and
 * `web-share` are not permissions-policy features there.) The other heart sensor, a chest strap,
 * needs `bluetooth`, left unnamed: its default allowlist is already 'self' (Web Bluetooth spec),
 * and a Chromium built without Bluetooth (Linux, headless) calls the name unrecognised.
 */
const DENIED_FEATURES = [
  'geolocation',
  'microphone',
  'display-capture',
  'captured-surface-control',
  'payment',
  'usb',
  'serial',
  'hid',
  'midi',
  'accelerometer',
  'gyroscope',
  'magnetometer',
  'compute-pressure',
  'gamepad',
  'idle-detection',
  'local-fonts',
  'window-management',
  'encrypted-media',
  'picture-in-picture',
  'speaker-selection',
  'xr-spatial-tracking',
  'storage-access',
  'otp-credentials',
  'publickey-credentials-create',
  'publickey-credentials-get',
  'identity-credentials-get',
  'digital-credentials-create',
  'digital-credentials-get',
  'browsing-topics',
  'interest-cohort',
  'private-state-token-issuance',
  'private-state-token-redemption',
];
const OWN_FEATURES = ['screen-wake-lock', 'clipboard-write', 'autoplay', 'camera'];
/** The Permissions-Policy of every response. */
export const PERMISSIONS_POLICY = [...DENIED_FEATURES.map((f) => `${f}=()`), ...OWN_FEATURES.map((f) => `${f}=(self)`)].join(', ');

/** HSTS for a deployment reached over https only (a year; no includeSubDomains: other hosts of the domain are not ours). */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000';

/** Whether the settings ask for HSTS: `HSTS=1`, or a `PUBLIC_ORIGIN` on https unless `HSTS=0`. */
export const hstsWanted = (env: Readonly<Record<string, string | undefined>>): boolean =>
  env.HSTS === '1' || (env.HSTS !== '0' && (env.PUBLIC_ORIGIN ?? '').startsWith('https://'));

export interface SecurityHeaderOptions {
  /** Send Strict-Transport-Security: only where the public origin is https (browsers ignore it over http). */
  readonly hsts?: boolean;
}

/** Every response's security headers, for a deployment whose glyph gateways are `glyphGateways`. */
export const securityHeaders = (
  glyphGateways: readonly string[] = [],
  options: SecurityHeaderOptions = {},
): Readonly<Record<string, string>> => ({
  'Content-Security-Policy': contentSecurityPolicy(glyphGateways),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': PERMISSIONS_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  ...(options.hsts ? { 'Strict-Transport-Security': STRICT_TRANSPORT_SECURITY } : {}),
});

/**
 * The headers of a refusal written by hand on a raw socket (a refused WebSocket upgrade): a plain
 * text body that nothing may run, frame or cache.
 */
export const REFUSAL_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

/** Headers as raw HTTP/1.1 header lines (`Name: value\r\n` each), for a response written on a socket. */
export const headerLines = (headers: Readonly<Record<string, string>>): string =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');

/** `REFUSAL_HEADERS` as raw header lines: what `refuse()` in node/own-checks.ts writes before its own. */
export const REFUSAL_HEADER_LINES = headerLines(REFUSAL_HEADERS);

/** Vite names built files under /assets/ `<name>-<8-character hash>.<ext>`: those never change. */
export const isHashedAsset = (pathname: string): boolean => /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/.test(pathname);

/** Hashed assets are cached for a year; everything else (index.html, sw.js, the manifest) revalidates. */
export const cacheControlFor = (pathname: string): string => (isHashedAsset(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache');

/**
 * The `_headers` file for static hosts: every path gets the security headers and `no-cache`;
 * hashed assets get a year, immutable (`! Cache-Control` first drops the general value, which
 * would otherwise be joined to it).
 */
export function headersFile(glyphGateways: readonly string[] = []): string {
  const lines = ['# Written by the build from sync-server/headers.ts; edit that file, not this one.', '/*'];
  for (const [name, value] of Object.entries(securityHeaders(glyphGateways))) lines.push(`  ${name}: ${value}`);
  lines.push(
    `  Cache-Control: ${cacheControlFor('/')}`,
    '/assets/*',
    '  ! Cache-Control',
    `  Cache-Control: ${cacheControlFor('/assets/x-AAAAAAAA.js')}`,
  );
  return `${lines.join('\n')}\n`;
}
