/**
 * Which HTTP requests spend a client's page budget (`RELAY_HTTP_PER_MINUTE`), the same rule for
 * the Node server and the Worker. Room upgrades have their own budget (`RELAY_UPGRADES_PER_MINUTE`).
 */
import { isHashedAsset } from './headers.ts';

/**
 * Whether a request is free of the page budget: clock sync (`/time`, bursts of it), the health
 * check, hashed assets, glyph blocks (`/ipfs/`), and GET/HEAD of any other file of the build
 * (`isBuildFile`: the service worker precaches every one on a first visit). What spends it: the
 * app shell and deep links (a page load), paths that are no file, /metrics, other methods.
 */
export function freeOfHttpBudget(method: string | undefined, pathname: string, isBuildFile: boolean): boolean {
  if (pathname === '/time' || pathname === '/healthz') return true;
  if (method !== 'GET' && method !== 'HEAD') return false;
  return isHashedAsset(pathname) || pathname.startsWith('/ipfs/') || (isBuildFile && !isAppShell(pathname));
}

/** The app shell's own paths: a page load however it is asked for. */
export const isAppShell = (pathname: string): boolean => pathname === '/' || pathname === '/index.html';
