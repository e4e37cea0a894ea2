/**
 * Setting a passphrase, in two steps: choose it, then write down the recovery key and type it
 * back. Until then nothing changes, so nobody ends up with a journal they cannot open.
 */
import { createSignal, Match, Switch } from 'solid-js';
import type { PendingPassphrase } from '../vault/vault.ts';
import { useAction } from './action.tsx';
import { useApp } from './state.tsx';

export function PassphraseSetup() {
  const app = useApp();
  const [passphrase, setPassphrase] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [pending, setPending] = createSignal<PendingPassphrase | null>(null);
  const [typed, setTyped] = createSignal('');
  const { run, busy, fail, Message } = useAction();

  const prepare = (e: SubmitEvent) => {
    e.preventDefault();
    if (passphrase() !== repeat()) return fail('The two passphrases differ.');
    void run(async () => void setPending(await app.journal.preparePassphrase(passphrase())));
  };
  const confirm = (e: SubmitEvent) => {
    e.preventDefault();
    void run(async () => {
      await app.journal.confirmPassphrase(passphrase(), pending()!, typed());
      setPending(null);
      setPassphrase('');
      setRepeat('');
      setTyped('');
    });
  };

  return (
    <Switch>
      <Match when={!pending()}>
        <form class="passphrase-form" onSubmit={prepare}>
          <h2>Protect the journal with a passphrase</h2>
          <p class="hint">
            Then only your passphrase (or the recovery key you will be given) opens it, on this device or any other. At least 8
            characters; a few unusual words are easy to remember and hard to guess.
          </p>
          <label class="field">
            New passphrase
            <input type="password" autocomplete="new-password" minlength="8" value={passphrase()} onInput={(e) => setPassphrase(e.currentTarget.value)} required />
          </label>
          <label class="field">
            Repeat it
            <input type="password" autocomplete="new-password" value={repeat()} onInput={(e) => setRepeat(e.currentTarget.value)} required />
          </label>
          <Message />
          <button type="submit" class="primary" disabled={busy()}>
            {busy() ? 'Measuring this device…' : 'Continue'}
          </button>
        </form>
      </Match>
      <Match when={pending()}>
        {(p) => (
          <form class="passphrase-form" onSubmit={confirm}>
            <h2>Write down your recovery key</h2>
            <p>
              If you forget your passphrase, this key is the only other way into your journal. It is shown once. Write it on paper
              and keep it somewhere safe.
            </p>
            <p class="recovery-key" data-testid="recovery-key">
              {p().recoveryKey}
            </p>
            <label class="field">
              Type the recovery key to confirm you have it
              <input type="text" autocomplete="off" spellcheck={false} value={typed()} onInput={(e) => setTyped(e.currentTarget.value)} required />
            </label>
            <Message />
            <p class="hint">
              Unlocking will take about {Math.round(p().unlockMs)} ms on this device (Argon2id, {Math.round(p().kdf.m / 1024)} MiB, {p().kdf.t}{' '}
              passes).
            </p>
            <div class="controls">
              <button type="submit" class="primary" disabled={busy()}>
                {busy() ? 'Setting…' : 'Set the passphrase'}
              </button>
              <button type="button" onClick={() => setPending(null)}>
                Back
              </button>
            </div>
          </form>
        )}
      </Match>
    </Switch>
  );
}
