/**
 * The only page module that talks to the service worker. The UI hands in callbacks and gets back
 * a function to apply a waiting update; it never touches navigator.serviceWorker itself.
 */
import { registerSW } from 'virtual:pwa-register';

export interface ServiceWorkerHooks {
  /**
   * A new version is waiting, or another window already switched to it. Offer a reload; apply it
   * only when the person asks (never in the middle of a session).
   */
  onUpdateReady(): void;
  /** The app shell is cached: the app now starts without a network. */
  onOfflineReady?(): void;
}

/** How often an open app asks the server for a new version (it also asks when it becomes visible). */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** Registers the service worker; returns what activates a waiting version and reloads the page. */
export function registerServiceWorker(hooks: ServiceWorkerHooks): { applyUpdate(): Promise<void> } {
  if (!('serviceWorker' in navigator)) return { applyUpdate: async () => location.reload() };
  let registration: ServiceWorkerRegistration | undefined;
  const update = registerSW({
    immediate: true,
    onNeedRefresh: hooks.onUpdateReady,
    // Without this, workbox-window reloads every window when any one of them takes the update,
    // including a window in the middle of a session.
    onNeedReload: hooks.onUpdateReady,
    onOfflineReady: hooks.onOfflineReady,
    onRegisteredSW(_url, reg) {
      if (!reg) return;
      registration = reg;
      // An installed app can stay open for days.
      // reason: update() rejects when the server is unreachable; the next check simply tries again.
      const check = () => navigator.onLine && void reg.update().catch(() => undefined);
      setInterval(check, UPDATE_CHECK_MS);
      document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && check());
    },
  });
  return {
    async applyUpdate() {
      // Another window already activated the new version: this page only needs to load it.
      if (!registration?.waiting) return location.reload();
      // workbox-window reloads by itself only when the page already had a controller when it loaded;
      // a page opened on the very first visit (an installed app left open for days) would sit still.
      navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
      return update(true);
    },
  };
}

/** True when a service worker controls the page, so its caches can answer. */
export const workerControlsPage = (): boolean => 'serviceWorker' in navigator && navigator.serviceWorker.controller !== null;

/** The service worker's glyph cache, as the page sees it (blocks by CID, hash-checked on both sides). */
export interface GlyphCacheBridge {
  get(cid: string): Promise<Uint8Array | null>;
  put(cid: string, bytes: Uint8Array): Promise<boolean>;
}

/** Asks the service worker over a MessageChannel; no worker (or no answer in time) counts as a miss. */
function askWorker<T>(worker: ServiceWorker | null | undefined, message: object, fallback: T): Promise<T> {
  if (!worker) return Promise.resolve(fallback);
  return new Promise((ok) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => ok(fallback), 2000);
    channel.port1.onmessage = (event) => {
      clearTimeout(timer);
      ok((event.data as T | null) ?? fallback);
    };
    worker.postMessage(message, [channel.port2]);
  });
}

export const glyphCache: GlyphCacheBridge = {
  get: (cid) => askWorker('serviceWorker' in navigator ? navigator.serviceWorker.controller : null, { type: 'GLYPH_GET', cid }, null),
  // On the very first visit the worker may still be installing: wait until one is active (it can
  // store before it controls the page), or a glyph seen on that visit would be missing offline.
  put: async (cid, bytes) => {
    if (!('serviceWorker' in navigator)) return false;
    const registration = await Promise.race([navigator.serviceWorker.ready, new Promise<null>((ok) => setTimeout(() => ok(null), 60_000))]);
    return askWorker(registration?.active, { type: 'GLYPH_PUT', cid, bytes }, false);
  },
};
