/** Entry point: opens device storage, makes the stores once, then renders the app. */
import { render } from 'solid-js/web';
import { lazyGlyphStore } from './glyphs/lazy.ts';
import { DB_NAME, openLocalDb } from './local/db.ts';
import { createOwnGlyphList } from './local/own-glyphs.ts';
import { createPatternLibrary } from './local/patterns.ts';
import { createPatternsStore } from './local/store.ts';
import { openSettingsStore } from './local/settings.ts';
import { intlLocale, loadLocale, t, wordsShowing } from './i18n/index.ts';
import { resolveLocale } from './core/languages.ts';
import { createClock } from './practice/clock.ts';
import { createSoundEngine } from './audio/lazy.ts';
import { glyphCache, workerControlsPage } from './sw-bridge.ts';
import { App, preloadScreen } from './ui/App.tsx';
import { captureInstallPrompt } from './ui/install.tsx';
import { describeError } from './ui/messages/index.ts';
import { createAppState } from './ui/state.tsx';
import type { SessionSummary } from './core/summary.ts';
import type { JournalOptions, JournalStore } from './vault/store.ts';
import './ui/styles.css';

const root = document.getElementById('app')!;
// Chromium's install offer is kept from the start and made after a finished session (SummaryView).
captureInstallPrompt();

// The journal's code (the vault and its store, the crypto behind them) is not in the first load:
// it is fetched at once, beside the device's database, and the first paint does not wait for it.
const journalCode = Promise.all([import('./vault/vault.ts'), import('./vault/store.ts'), import('./vault/db.ts')]);

/** Opens the journal; its opening can fail on its own (a newer version wrote it) and practice still works. */
async function openJournal(): Promise<(options: JournalOptions) => JournalStore> {
  const [{ openVault }, { createJournalStore }, { VAULT_DB_NAME }] = await journalCode;
  const vault = await openVault().catch((error: unknown) => error as Error);
  return (options) => createJournalStore(vault, { ...options, databases: [...options.databases, VAULT_DB_NAME] });
}

// The words come first: the browser's language starts loading at once (a stored choice, read with
// the settings below, may ask for another). `?lang=` picks one for this visit (the pseudo-locales too).
const requestedLocale = new URLSearchParams(location.search).get('lang');
const browserLocale = resolveLocale('auto', navigator.languages, requestedLocale);
const browserWords = loadLocale(browserLocale);

async function boot(): Promise<void> {
  const clock = createClock();
  // A room session that ends goes to the journal, which the app state makes below (sessions end long after).
  let keepRoomSession = (_summary: SessionSummary): void => undefined;
  const rooms = {
    load: once(() =>
      import('./room/rooms.ts').then(({ createBrowserRoomsStore }) =>
        createBrowserRoomsStore(clock, (summary) => keepRoomSession(summary)),
      ),
    ),
  };
  // The screen's code (and a room's store, for a room's link) load beside the journal's, not after the first render.
  preloadScreen(location.pathname);
  if (location.pathname.startsWith('/room/')) void rooms.load().catch(() => undefined); // reason: RoomPage asks again and says why
  const db = await openLocalDb();
  const services = {
    clock,
    tones: createSoundEngine({
      settings: () => stores.settings(),
      words: () => ({
        lang: intlLocale(),
        appName: t('common.appName'),
        inhale: t('sound.cues.inhale'),
        hold: t('sound.cues.hold'),
        exhale: t('sound.cues.exhale'),
        rest: t('sound.cues.rest'),
        count: (n: number) => t('sound.cues.count', n),
      }),
    }),
    journal: openJournal(),
    databases: [DB_NAME],
    closeLocalStorage: () => db.close(),
  };
  const stores = {
    patterns: createPatternsStore(createPatternLibrary(db)),
    settings: await openSettingsStore(db),
    glyphs: lazyGlyphStore(() => ({
      own: createOwnGlyphList(db),
      // The pack resolved through its signed name; its keeper loads with the store's first check.
      pack: { keeper: () => import('./local/glyph-pack.ts').then(({ createGlyphPackKeeper }) => createGlyphPackKeeper(db)) },
      cache: glyphCache,
      origin: location.origin,
      coldStart: !workerControlsPage(),
    })),
    rooms,
  };
  const locale = resolveLocale(stores.settings().language, navigator.languages, requestedLocale);
  await (locale === browserLocale ? browserWords : loadLocale(locale));
  root.textContent = '';
  render(() => {
    const state = createAppState(services, stores);
    keepRoomSession = (summary) =>
      // reason: the journal's own state says why it could not keep it (the room's summary shows that state)
      void state.journal.saveSession(summary, {}).catch((error: unknown) => console.error('room session not kept', error));
    return <App state={state} />;
  }, root);
}

/** `load()` once: later calls share its promise, and a failed load (a chunk that did not arrive) is tried again on the next call. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    if (loading) return loading;
    const attempt = load();
    attempt.catch(() => {
      if (loading === attempt) loading = undefined;
    });
    loading = attempt;
    return attempt;
  };
}

/** Says why the app cannot start, with a way to reload (a newer version's data needs the newer app, which a reload brings). */
function cannotStartUntilReload(text: string, reloadWord = t('common.reload')): void {
  const says = document.createElement('p');
  says.setAttribute('role', 'alert');
  says.textContent = text;
  const reload = document.createElement('button');
  reload.type = 'button';
  reload.textContent = reloadWord;
  reload.addEventListener('click', () => location.reload());
  root.replaceChildren(says, reload);
}

boot().catch(async (error: unknown) => {
  console.error(error);
  // The words to say it with: those showing, else the browser language's (a stored choice that did
  // not arrive leaves them loaded but not shown). Only without any dictionary, English.
  const haveWords =
    wordsShowing() ||
    (await loadLocale(browserLocale).then(
      () => true,
      () => false,
    ));
  if (!haveWords) {
    // i18n-exempt: no dictionary could be fetched (offline on a first visit), so these words cannot come from one
    return cannotStartUntilReload('Part of the app could not be loaded. Check your connection, then reload.', 'Reload');
  }
  // A newer version of the app upgraded the device's database; this copy (an older cached shell) cannot read it.
  if (error instanceof DOMException && error.name === 'VersionError') return cannotStartUntilReload(describeError(error));
  // A part of the app that did not arrive (the other language's dictionary, say).
  if (error instanceof TypeError) return cannotStartUntilReload(describeError(error));
  // Otherwise storage is unavailable (some private modes): say so instead of showing a blank page.
  root.textContent = t('common.errors.storageUnavailable');
});
