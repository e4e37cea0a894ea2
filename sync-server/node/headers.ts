/** The security and caching headers of every HTTP response the Node adapter sends. */
import type { ServerResponse } from 'node:http';

/**
 * No inline script, no third-party origin. `connect-src 'self'` covers same-origin ws:/wss: in
 * current browsers; `blob:` images are for glyphs shown from verified bytes.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'geolocation=(), microphone=(), camera=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** Vite names built files under /assets/ `<name>-<8-character hash>.<ext>`: those never change. */
export const isHashedAsset = (pathname: string): boolean => /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[a-z0-9]+$/.test(pathname);

/** Hashed assets are cached for a year; everything else (index.html, sw.js, the manifest) revalidates. */
export const cacheControlFor = (pathname: string): string =>
  isHashedAsset(pathname) ? 'public, max-age=31536000, immutable' : 'no-cache';
