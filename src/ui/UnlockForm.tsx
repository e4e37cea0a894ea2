/** Unlocks the journal with the passphrase, or with the recovery key when the passphrase is lost. */
import { createSignal, Show } from 'solid-js';
import { useApp } from './state.tsx';

export function UnlockForm(props: { title: string; onUnlocked?(): void }) {
  const app = useApp();
  const [useRecovery, setUseRecovery] = createSignal(false);
  const [secret, setSecret] = createSignal('');
  const [error, setError] = createSignal('');
  const [busy, setBusy] = createSignal(false);

  const submit = async (e: SubmitEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await app.journal.unlock(useRecovery() ? { recoveryKey: secret() } : { passphrase: secret() });
      setSecret('');
      props.onUnlocked?.();
    } catch (err) {
      // Named errors carry a message written for people (wrong passphrase, malformed key).
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="unlock-form" onSubmit={(e) => void submit(e)}>
      <h2>{props.title}</h2>
      <label class="field">
        {useRecovery() ? 'Recovery key' : 'Passphrase'}
        <input
          type={useRecovery() ? 'text' : 'password'}
          autocomplete={useRecovery() ? 'off' : 'current-password'}
          spellcheck={false}
          value={secret()}
          onInput={(e) => setSecret(e.currentTarget.value)}
          required
        />
      </label>
      <Show when={error()}>
        <p class="form-error" role="alert">
          {error()}
        </p>
      </Show>
      <div class="controls">
        <button type="submit" class="primary" disabled={busy()}>
          {busy() ? 'Unlocking…' : 'Unlock'}
        </button>
        <button type="button" class="link-button" onClick={() => (setUseRecovery(!useRecovery()), setError(''), setSecret(''))}>
          {useRecovery() ? 'Use the passphrase' : 'Forgot it? Use the recovery key'}
        </button>
      </div>
    </form>
  );
}
