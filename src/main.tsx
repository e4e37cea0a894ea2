/** Entry point: opens device storage, makes the stores once, then renders the app. */
import { render } from 'solid-js/web';
import { lazyGlyphStore } from './glyphs/lazy.ts';
import { DB_NAME, openLocalDb } from './local/db.ts';
import { createOwnGlyphList } from './local/own-glyphs.ts';
import { createPatternLibrary } from './local/patterns.ts';
import { createPatternsStore } from './local/store.ts';
import { openSettingsStore } from './local/settings.ts';
import { createClock } from './practice/clock.ts';
import { createTonePlayer } from './practice/tones.ts';
import { createBrowserRoomsStore } from './room/rooms.ts';
import { glyphCache, workerControlsPage } from './sw-bridge.ts';
import { App } from './ui/App.tsx';
import { createAppState } from './ui/state.tsx';
import { VAULT_DB_NAME } from './vault/db.ts';
import { openVault } from './vault/vault.ts';
import './ui/styles.css';

const root = document.getElementById('app')!;

async function boot(): Promise<void> {
  // The journal opening can fail on its own (a newer version wrote it): practice still works.
  const [db, vault] = await Promise.all([openLocalDb(), openVault().catch((error: unknown) => error as Error)]);
  const services = {
    clock: createClock(),
    tones: createTonePlayer(),
    vault,
    databases: [DB_NAME, VAULT_DB_NAME],
    closeLocalStorage: () => db.close(),
  };
  const stores = {
    patterns: createPatternsStore(createPatternLibrary(db)),
    settings: await openSettingsStore(db),
    glyphs: lazyGlyphStore(() => ({
      own: createOwnGlyphList(db),
      cache: glyphCache,
      origin: location.origin,
      coldStart: !workerControlsPage(),
    })),
    rooms: createBrowserRoomsStore(services.clock),
  };
  root.textContent = '';
  render(() => <App state={createAppState(services, stores)} />, root);
}

boot().catch((error: unknown) => {
  // Storage can be unavailable (some private modes); say so instead of showing a blank page.
  console.error(error);
  root.textContent =
    'Sacred Breathing could not open its storage on this device. Private browsing modes can block it; try a normal window.';
});
