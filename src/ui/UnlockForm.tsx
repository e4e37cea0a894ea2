/** Unlocks the journal with the passphrase, or with the recovery key when the passphrase is lost. */
import { createEffect, createSignal, onCleanup, Show } from 'solid-js';
import { t } from '../i18n/index.ts';
import { useAction } from './action.tsx';
import { useApp } from './state.tsx';

/**
 * `focus`: put the keyboard in the field at once (the person just locked it). `secondary`: the
 * unlock is optional here, so its button does not compete with the page's main action.
 */
export function UnlockForm(props: { title: string; focus?: boolean; secondary?: boolean; onUnlocked?(): void }) {
  const app = useApp();
  const [useRecovery, setUseRecovery] = createSignal(false);
  const [secret, setSecret] = createSignal('');
  const { run, busy, Message } = useAction();
  // The clock the countdown reads: ticks only while a wait after wrong tries is running.
  const [now, setNow] = createSignal(Date.now());
  createEffect(() => {
    const readyAt = app.journal.unlockReadyAt();
    setNow(Date.now());
    if (readyAt <= Date.now()) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= readyAt) clearInterval(timer);
    }, 250);
    onCleanup(() => clearInterval(timer));
  });
  /** Whole seconds until the next try is checked; 0 when it can be tried now. */
  const waitSeconds = () => Math.max(0, Math.ceil((app.journal.unlockReadyAt() - now()) / 1000));

  const submit = (e: SubmitEvent) => {
    e.preventDefault();
    void run(async () => {
      await app.journal.unlock(useRecovery() ? { recoveryKey: secret() } : { passphrase: secret() });
      setSecret('');
      props.onUnlocked?.();
    });
  };

  return (
    <form class="unlock-form" onSubmit={submit}>
      <h2>{props.title}</h2>
      <label class="field">
        {useRecovery() ? t('security.unlock.recoveryKey') : t('security.unlock.passphrase')}
        <input
          type={useRecovery() ? 'text' : 'password'}
          autocomplete={useRecovery() ? 'off' : 'current-password'}
          spellcheck={false}
          value={secret()}
          onInput={(e) => setSecret(e.currentTarget.value)}
          ref={(el) => props.focus && queueMicrotask(() => el.focus())}
          required
        />
      </label>
      <Message />
      <Show when={waitSeconds() > 0}>
        {/* A timer is not announced each second; the wrong-passphrase alert above already was. */}
        <p class="hint unlock-wait" role="timer" data-testid="unlock-wait">
          {t('security.unlock.wait', waitSeconds())}
        </p>
      </Show>
      <div class="controls">
        <button type="submit" classList={{ primary: !props.secondary }} disabled={busy() || waitSeconds() > 0}>
          {busy() ? t('security.unlock.unlocking') : t('security.unlock.unlock')}
        </button>
        <button
          type="button"
          class="link-button"
          onClick={() => {
            setUseRecovery(!useRecovery());
            setSecret('');
          }}
        >
          {useRecovery() ? t('security.unlock.usePassphrase') : t('security.unlock.useRecoveryKey')}
        </button>
      </div>
    </form>
  );
}
