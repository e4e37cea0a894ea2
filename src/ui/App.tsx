/** The shell: header, offline and update notices, and the routes. */
import { A, Route, Router, useLocation, type RouteSectionProps } from '@solidjs/router';
import { createEffect, createSignal, ErrorBoundary, lazy, on, onCleanup, Show, untrack } from 'solid-js';
import { watchOnline } from '../connectivity.ts';
import { registerServiceWorker } from '../sw-bridge.ts';
import { PracticePage } from './PracticePage.tsx';
import { AppProvider, useApp, type AppState } from './state.tsx';
import { describeError } from './messages/index.ts';
import { t } from '../i18n/index.ts';

// Home is the only screen in the first load; every other loads on its first visit.
const PatternsPage = lazy(() => import('./PatternsPage.tsx').then((m) => ({ default: m.PatternsPage })));
const PatternEditorPage = lazy(() => import('./PatternEditorPage.tsx').then((m) => ({ default: m.PatternEditorPage })));
// The journal screens (and the crypto behind passphrases) load on first visit, not with the pacer.
// They wait for the journal's store too (its code loads after the first paint).
let journalLoaded: (ready: Promise<unknown>) => void = () => undefined;
const journalReady = new Promise<unknown>((ok) => {
  journalLoaded = ok;
});
const withJournal = <T,>(screen: Promise<T>): Promise<T> => Promise.all([screen, journalReady]).then(([loaded]) => loaded);
const JournalPage = lazy(() => withJournal(import('./JournalPage.tsx')));
const SecurityPage = lazy(() => withJournal(import('./SecurityPage.tsx')));
// Shown once, after everything was erased.
const ErasedView = lazy(() => import('./ErasedView.tsx').then((m) => ({ default: m.ErasedView })));
// Rooms bring Yjs and the relay client: loaded only when a room is opened.
const RoomPage = lazy(() => import('./room/RoomPage.tsx'));
// The resonance finder, reached from the heart sensor's panel.
const ResonanceFinder = lazy(() => import('./heart/ResonanceFinder.tsx'));

/**
 * Starts loading the code of the screen at `path` (a lazy one), so that it arrives beside the
 * journal's code instead of after the first render.
 */
export function preloadScreen(path: string): void {
  const screen = path.startsWith('/patterns/')
    ? PatternEditorPage
    : path.startsWith('/patterns')
      ? PatternsPage
      : path.startsWith('/journal/security')
        ? SecurityPage
        : path.startsWith('/journal')
          ? JournalPage
          : path.startsWith('/room/')
            ? RoomPage
            : path.startsWith('/heart/resonance')
              ? ResonanceFinder
              : null;
  void screen?.preload();
}

/** What shows instead of a screen that failed (its code did not load, say): what happened, and a way out. */
function ScreenFailed(props: { error: unknown; reset: () => void }) {
  // Going to another screen tries again there (a lazily loaded screen loads again).
  const location = useLocation();
  createEffect(on(() => location.pathname, props.reset, { defer: true }));
  return (
    <div role="alert" class="screen-failed">
      <p>
        {t('common.screenFailed')} {describeError(props.error)}
      </p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('common.reload')}
      </button>
    </div>
  );
}

function Shell(props: RouteSectionProps) {
  const app = useApp();
  const [online, setOnline] = createSignal(true);
  const [updateReady, setUpdateReady] = createSignal(false);
  onCleanup(watchOnline(setOnline));
  const sw = registerServiceWorker({ onUpdateReady: () => setUpdateReady(true) });
  const location = useLocation();
  const inRoom = () => location.pathname.startsWith('/room/');
  createEffect(() => {
    document.documentElement.dataset.theme = app.settings().theme;
  });
  // The camera (and its torch) is on only while a screen that measures the heart shows (practice, a
  // room, the resonance finder): leaving for any other, the patterns or the journal, turns it off. A
  // strap stays connected: it lights nothing, and connecting it again takes the browser's chooser.
  createEffect(
    on(
      () => location.pathname,
      (path) => {
        const measures = path === '/' || path.startsWith('/room/') || path.startsWith('/heart/');
        if (!measures && untrack(app.heart.source) === 'camera') void app.heart.stop();
      },
    ),
  );
  // Any interaction counts as activity for the journal's auto-lock.
  const touch = () => app.journal.touch();
  window.addEventListener('pointerdown', touch);
  window.addEventListener('keydown', touch);
  onCleanup(() => {
    window.removeEventListener('pointerdown', touch);
    window.removeEventListener('keydown', touch);
  });

  return (
    <>
      <a class="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header class="app-header">
        <A href="/" class="brand" end>
          <span class="brand-mark" aria-hidden="true" />
          <span class="brand-name">{t('common.appName')}</span>
        </A>
        {/* Hidden while breathing: one stray tap must not end a session. */}
        <Show when={!app.sessionActive()}>
          <nav aria-label={t('common.nav.label')}>
            {/* A room is practice together: its tab stays marked there. */}
            <A href="/" end classList={inRoom() ? { active: true } : {}}>
              {t('common.nav.practice')}
            </A>
            <A href="/patterns">{t('common.nav.patterns')}</A>
            <A href="/journal">{t('common.nav.journal')}</A>
          </nav>
        </Show>
        {/* Live regions stay mounted so that screen readers announce what appears in them. */}
        <span role="status" class="status-slot">
          <Show when={!online()}>
            <span class="badge offline" title={t('common.offlineHint')}>
              {t('common.offline')}
            </span>
          </Show>
        </span>
      </header>
      <div role="status">
        <Show when={updateReady() && !app.sessionActive()}>
          <div class="update-banner">
            {t('common.updateReady')}
            <button type="button" onClick={() => void sw.applyUpdate()}>
              {t('common.reload')}
            </button>
          </div>
        </Show>
      </div>
      <main id="main">
        <Show
          when={app.erased()}
          fallback={
            <ErrorBoundary fallback={(error, reset) => <ScreenFailed error={error} reset={reset} />}>{props.children}</ErrorBoundary>
          }
        >
          {(report) => <ErasedView report={report()} />}
        </Show>
      </main>
    </>
  );
}

export function App(props: { state: AppState }) {
  journalLoaded(props.state.journalReady);
  return (
    <AppProvider value={props.state}>
      <Router root={Shell}>
        <Route path="/" component={PracticePage} />
        <Route path="/patterns" component={PatternsPage} />
        <Route path="/patterns/new" component={PatternEditorPage} />
        <Route path="/patterns/:id" component={PatternEditorPage} />
        <Route path="/journal" component={JournalPage} />
        <Route path="/journal/security" component={SecurityPage} />
        <Route path="/room/:id" component={RoomPage} />
        <Route path="/heart/resonance" component={ResonanceFinder} />
        <Route path="*" component={PracticePage} />
      </Router>
    </AppProvider>
  );
}
