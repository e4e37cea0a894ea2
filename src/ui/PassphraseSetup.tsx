/**
 * Setting or changing the passphrase, in two steps: choose it, then write down the (new) recovery
 * key and type it back. Until then nothing changes, so nobody ends up with a journal they cannot open.
 */
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import type { PendingPassphrase } from '../vault/vault.ts';
import { useAction } from './action.tsx';
import { count } from './messages/words.ts';
import { useApp } from './state.tsx';
import './security.css';

/** How long unlocking takes, in words; the figures behind it go in a tooltip. */
const unlockTime = (ms: number) =>
  ms < 1000
    ? 'Unlocking takes under a second on this device.'
    : `Unlocking takes about ${count(Math.round(ms / 1000), 'second')} on this device.`;

/** The id of the field where a first passphrase is typed: the import's warning brings the keyboard there. */
export const NEW_PASSPHRASE_FIELD = 'new-passphrase';

/** Selects the element's text, so the person can copy it with the device's own command. */
function selectText(el: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

/**
 * The key in groups that never split across lines (each group with its dash is one unbreakable
 * box; lines break only between groups), and a button that copies it: to the clipboard where the
 * browser allows, otherwise the key is selected for the device's own copy command.
 */
function RecoveryKey(props: { value: string }) {
  const groups = () => props.value.split('-');
  const [copied, setCopied] = createSignal<'copied' | 'selected' | null>(null);
  let keyText!: HTMLParagraphElement;
  const copy = async () => {
    try {
      // reason: the Clipboard API is missing on plain http and may be refused (permissions); selecting is the fallback.
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(props.value);
      setCopied('copied');
    } catch {
      selectText(keyText);
      setCopied('selected');
    }
  };
  return (
    <div class="recovery-key-box">
      <p class="recovery-key" data-testid="recovery-key" ref={keyText}>
        <For each={groups()}>
          {(group, i) => (
            <>
              <span class="key-group">{i() < groups().length - 1 ? `${group}-` : group}</span>
              <wbr />
            </>
          )}
        </For>
      </p>
      <div class="key-copy">
        <button type="button" onClick={() => void copy()}>
          Copy the key
        </button>
        <span role="status" class="hint" data-testid="key-copied">
          {copied() === 'copied'
            ? 'Copied. Keep a copy on paper too.'
            : copied() === 'selected'
              ? 'The key is selected: copy it with your device’s copy command.'
              : ''}
        </span>
      </div>
    </div>
  );
}

/**
 * `change`: a passphrase is set already; the current one is asked for, and the recovery key is
 * replaced too. `onDone` is called once the new passphrase is in force.
 */
export function PassphraseSetup(props: { change?: boolean; onDone?(): void }) {
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
      props.onDone?.();
    });
  };

  return (
    <Switch>
      <Match when={!pending()}>
        <form class="passphrase-form" onSubmit={prepare}>
          <h2>{props.change ? 'Change the passphrase' : 'Protect the journal with a passphrase'}</h2>
          <p class="hint">
            {props.change
              ? 'You will get a new recovery key. The old passphrase and old recovery key will stop working, except for backups saved before today, which still open with the old ones.'
              : 'Then only your passphrase (or the recovery key you will be given) opens it, on this device or any other.'}{' '}
            At least 8 characters; a few unusual words are easy to remember and hard to guess.
          </p>
          <Show when={props.change}>
            <label class="field">
              Current passphrase
              <input
                type="password"
                autocomplete="current-password"
                value={current()}
                onInput={(e) => setCurrent(e.currentTarget.value)}
                required
              />
            </label>
          </Show>
          <label class="field">
            New passphrase
            <input
              id={props.change ? undefined : NEW_PASSPHRASE_FIELD}
              type="password"
              autocomplete="new-password"
              minlength="8"
              value={passphrase()}
              onInput={(e) => setPassphrase(e.currentTarget.value)}
              required
            />
          </label>
          <label class="field">
            Repeat it
            <input
              type="password"
              autocomplete="new-password"
              value={repeat()}
              onInput={(e) => setRepeat(e.currentTarget.value)}
              required
            />
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
            <h2 class="step-heading" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
              {props.change ? 'Write down your new recovery key' : 'Write down your recovery key'}
            </h2>
            <p>
              If you forget your passphrase, this key is the only other way into your journal. It is shown once. Write it on paper and keep
              it somewhere safe.
            </p>
            <RecoveryKey value={p().recoveryKey} />
            <label class="field">
              Type the recovery key to confirm you have it
              <input
                type="text"
                autocomplete="off"
                spellcheck={false}
                value={typed()}
                onInput={(e) => setTyped(e.currentTarget.value)}
                required
              />
            </label>
            <Message />
            <p
              class="hint"
              title={`About ${Math.round(p().unlockMs)} ms (Argon2id, ${Math.round(p().kdf.m / 1024)} MiB, ${count(p().kdf.t, 'pass', 'passes')})`}
            >
              {unlockTime(p().unlockMs)}
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
