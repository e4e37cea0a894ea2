/// <reference lib="webworker" />
/**
 * The service worker: precaches the app shell (each entry with its sha384 integrity, added at
 * build time) so the app starts offline, serves navigations from the cached shell, keeps glyph
 * blocks by CID (glyph-cache.ts), and activates
 * a new version only when the page asks (the person clicked "reload").
 */
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { answerGlyphMessage, blockRequestCid, serveBlock, type GlyphMessage } from './glyph-cache.ts';

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

// Glyph blocks, from the app's own gateway or a public one: cache first, hash-checked both ways.
registerRoute(
  ({ request }) => blockRequestCid(request) !== null,
  ({ request, event }) => serveBlock(blockRequestCid(request)!, request, (work) => (event as ExtendableEvent).waitUntil(work)),
);

self.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown } | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
  if ((data?.type === 'GLYPH_GET' || data?.type === 'GLYPH_PUT') && event.ports[0]) {
    const port = event.ports[0];
    event.waitUntil(
      answerGlyphMessage(data as GlyphMessage).then(
        (answer) => port.postMessage(answer),
        // reason: a malformed message or a cache that cannot be written; the page treats it as a miss
        () => port.postMessage(null),
      ),
    );
  }
});

// The first install takes control of the open page at once, so the very first visit works offline.
// Later versions wait for SKIP_WAITING above: never a silent swap in the middle of a session.
clientsClaim();
