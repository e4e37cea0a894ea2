/**
 * Setting or changing the passphrase, in two steps: choose it, then write down the (new) recovery
 * key and type it back. Until then nothing changes, so nobody ends up with a journal they cannot open.
 */
import { createSignal, Match, Show, Switch } from 'solid-js';
import type { PendingPassphrase } from '../vault/vault.ts';
import { useAction } from './action.tsx';
import { useApp } from './state.tsx';

/** `change`: a passphrase is set already; the current one is asked for, and the recovery key is replaced too. */
export function PassphraseSetup(props: { change?: boolean }) {
  const app = useApp();
  const [current, setCurrent] = createSignal('');
  const [passphrase, setPassphrase] = createSignal('');
  const [repeat, setRepeat] = createSignal('');
  const [pending, setPending] = createSignal<PendingPassphrase | null>(null);
  const [typed, setTyped] = createSignal('');
  const { run, busy, fail, Message } = useAction();

  const prepare = (e: SubmitEvent) => {
    e.preventDefault();
    if (passphrase() !== repeat()) return fail('The two passphrases differ.');
    void run(async () => void setPending(await app.journal.preparePassphrase(passphrase(), props.change ? current() : undefined)));
  };
  const confirm = (e: SubmitEvent) => {
    e.preventDefault();
    void run(async () => {
      await app.journal.confirmPassphrase(passphrase(), pending()!, typed());
      setPending(null);
      setCurrent('');
      setPassphrase('');
      setRepeat('');
      setTyped('');
      if (props.change) return 'Passphrase changed. Your sessions were re-encrypted under a new key, and only the new recovery key opens the journal now.';
    });
  };

  return (
    <Switch>
      <Match when={!pending()}>
        <form class="passphrase-form" onSubmit={prepare}>
          <h2>{props.change ? 'Change the passphrase' : 'Protect the journal with a passphrase'}</h2>
          <p class="hint">
            {props.change
              ? 'Your sessions are re-encrypted under a new key and you get a new recovery key; the old passphrase and the old recovery key stop working, here and in new backups (backups you saved before still open with the old ones).'
              : 'Then only your passphrase (or the recovery key you will be given) opens it, on this device or any other.'}{' '}
            At least 8 characters; a few unusual words are easy to remember and hard to guess.
          </p>
          <Show when={props.change}>
            <label class="field">
              Current passphrase
              <input type="password" autocomplete="current-password" value={current()} onInput={(e) => setCurrent(e.currentTarget.value)} required />
            </label>
          </Show>
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
                {busy() ? 'Re-encrypting…' : props.change ? 'Change the passphrase' : 'Set the passphrase'}
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
