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
import { describeError } from './ui/messages/index.ts';
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

/** Says why the app cannot start, with a way to reload (a newer version's data needs the newer app, which a reload brings). */
function cannotStartUntilReload(text: string): void {
  const says = document.createElement('p');
  says.setAttribute('role', 'alert');
  says.textContent = text;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = 'Reload';
  reload.addEventListener('click', () => location.reload());
  root.replaceChildren(says, reload);
}

boot().catch((error: unknown) => {
  console.error(error);
  // A newer version of the app upgraded the device's database; this copy (an older cached shell) cannot read it.
  if (error instanceof DOMException && error.name === 'VersionError') return cannotStartUntilReload(describeError(error));
  // Otherwise storage is unavailable (some private modes): say so instead of showing a blank page.
  root.textContent =
    'Sacred Breathing could not open its storage on this device. Private browsing modes can block it; try a normal window.';
});
