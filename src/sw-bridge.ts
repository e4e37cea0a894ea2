/**
 * The only page module that talks to the service worker. The UI hands in callbacks and gets back
 * a function to apply a waiting update; it never touches navigator.serviceWorker itself.
 */
import { registerSW } from 'virtual:pwa-register';

export interface ServiceWorkerHooks {
  /** A new version is installed and waiting; apply it only when the person asks. */
  onUpdateReady(): void;
  /** The app shell is cached: the app now starts without a network. */
  onOfflineReady?(): void;
}

/** Registers the service worker; returns what activates a waiting version and reloads the page. */
export function registerServiceWorker(hooks: ServiceWorkerHooks): { applyUpdate(): Promise<void> } {
  if (!('serviceWorker' in navigator)) return { applyUpdate: async () => location.reload() };
  const update = registerSW({
    immediate: true,
    onNeedRefresh: hooks.onUpdateReady,
    onOfflineReady: hooks.onOfflineReady,
  });
  return { applyUpdate: () => update(true) };
}
