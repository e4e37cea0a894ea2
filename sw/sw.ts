/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (each entry with its sha384 integrity, added at
 * build time) so the app starts offline, serves navigations from the cached shell, and activates
 * a new version only when the page asks (the person clicked "reload").
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null; integrity?: string }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Deep links (/patterns, /room/<id>) render offline from the cached shell. Server endpoints are
// never answered with the shell.
registerRoute(
  new NavigationRoute(createHandlerBoundToURL('/index.html'), {
    denylist: [/^\/(healthz|metrics)$/, /^\/ipfs\//],
  }),
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: unknown } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first install takes control of the open page at once, so the very first visit works offline.
// Later versions wait for SKIP_WAITING above: never a silent swap in the middle of a session.
clientsClaim();
