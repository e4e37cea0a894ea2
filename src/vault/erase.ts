/**
 * Erase everything (the right to erasure): delete every database of the app and every cache but
 * the app shell's, then look again and report what is left, so the screen can prove it.
 */
import { deleteDatabase } from './generations.ts';

export interface EraseReport {
  readonly databasesLeft: readonly string[];
  readonly cachesLeft: readonly string[];
}

/** The service worker's precache holds only the app's own code, never personal data. */
const isAppShellCache = (name: string) => name.startsWith('workbox-precache');

/** Databases of this app: its own names start with "sacred-breathing". Close open connections first. */
export async function eraseEverything(ourDatabases: readonly string[]): Promise<EraseReport> {
  const listed = (await indexedDB.databases()).map((d) => d.name).filter((n): n is string => !!n && n.startsWith('sacred-breathing'));
  // A connection still open elsewhere blocks a deletion until it closes; our tabs close on
  // `versionchange`, anything else is reported below as left rather than waited on forever.
  for (const name of new Set([...ourDatabases, ...listed])) await deleteDatabase(name);
  if (typeof localStorage !== 'undefined') {
    for (const key of Object.keys(localStorage)) if (key.startsWith('sacred-breathing')) localStorage.removeItem(key);
  }
  if (typeof caches !== 'undefined') {
    for (const name of await caches.keys()) if (!isAppShellCache(name)) await caches.delete(name);
  }
  return {
    databasesLeft: (await indexedDB.databases()).map((d) => d.name ?? '').filter((n) => n.startsWith('sacred-breathing')),
    cachesLeft: typeof caches === 'undefined' ? [] : (await caches.keys()).filter((n) => !isAppShellCache(n)),
  };
}
