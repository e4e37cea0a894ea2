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
    ["connect-src 'self'", ...gateways].join(' '),
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Every response's security headers, for a deployment whose glyph gateways are `glyphGateways`. */
export const securityHeaders = (glyphGateways: readonly string[] = []): Readonly<Record<string, string>> => ({
  'Content-Security-Policy': contentSecurityPolicy(glyphGateways),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'geolocation=(), microphone=(), camera=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
});

/** Vite names built files under /assets/ `<name>-<8-character hash>.<ext>`: those never change. */
export const isHashedAsset = (pathname: string): boolean => /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/.test(pathname);

/** Hashed assets are cached for a year; everything else (index.html, sw.js, the manifest) revalidates. */
export const cacheControlFor = (pathname: string): string =>
  isHashedAsset(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';

/**
 * The `_headers` file for static hosts: every path gets the security headers and `no-cache`;
 * hashed assets get a year, immutable (`! Cache-Control` first drops the general value, which
 * would otherwise be joined to it).
 */
export function headersFile(glyphGateways: readonly string[] = []): string {
  const lines = ['# Written by the build from sync-server/headers.ts; edit that file, not this one.', '/*'];
  for (const [name, value] of Object.entries(securityHeaders(glyphGateways))) lines.push(`  ${name}: ${value}`);
  lines.push(`  Cache-Control: ${cacheControlFor('/')}`, '/assets/*', '  ! Cache-Control', `  Cache-Control: ${cacheControlFor('/assets/x-AAAAAAAA.js')}`);
  return lines.join('\n') + '\n';
}
