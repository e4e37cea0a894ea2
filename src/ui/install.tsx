/**
 * The install offer: Chromium's `beforeinstallprompt` is kept when it fires (its own mini bar is
 * held back) and offered only when the app asks, after a finished session, never during one.
 * `installable()` says whether an offer can be made now; `offerInstall()` shows the browser's dialog;
 * `<InstallOffer />` is the button the session summary shows.
 */
import { createSignal, Show } from 'solid-js';
import { t } from '../i18n/index.ts';
import { useApp } from './state.tsx';

/** Chromium's event (not in the DOM typings): `prompt()` shows the install dialog once. */
interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const [deferred, setDeferred] = createSignal<BeforeInstallPromptEvent | null>(null);

/** Whether the browser would install the app now (Chromium has offered it and it is not installed). */
export const installable = (): boolean => deferred() !== null;

/** Starts listening for the browser's offer; call once, at start. */
export function captureInstallPrompt(target: Window = window): void {
  target.addEventListener('beforeinstallprompt', (event) => {
    // Held for later: the app offers it at a quiet moment, not over the first screen.
    event.preventDefault();
    setDeferred(event as BeforeInstallPromptEvent);
  });
  target.addEventListener('appinstalled', () => setDeferred(null));
}

/** Shows the browser's install dialog (a prompt can be used once); says whether the person installed. */
export async function offerInstall(): Promise<boolean> {
  const event = deferred();
  if (!event) return false;
  setDeferred(null);
  await event.prompt();
  return (await event.userChoice).outcome === 'accepted';
}

/** "Install Sacred Breathing": shown when the browser can install the app and no session is running. */
export function InstallOffer() {
  const app = useApp();
  return (
    <Show when={installable() && !app.sessionActive()}>
      <p class="install-offer">
        <button type="button" onClick={() => void offerInstall()}>
          {t('common.install')}
        </button>{' '}
        <span class="hint">{t('common.installHint')}</span>
      </p>
    </Show>
  );
}
