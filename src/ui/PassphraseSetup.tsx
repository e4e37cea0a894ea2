/**
 * Setting or changing the passphrase, in two steps: choose it, then write down the (new) recovery
 * key and type it back. Until then nothing changes, so nobody ends up with a journal they cannot open.
 */
import { createSignal, For, Match, Show, Switch } from 'solid-js';
import { formatNumber } from '../i18n/format.ts';
import { t } from '../i18n/index.ts';
import type { PendingPassphrase } from '../vault/vault.ts';
import { useAction } from './action.tsx';
import { useApp } from './state.tsx';
import './security.css';

/** How long unlocking takes, in words; the figures behind it go in a tooltip. */
const unlockTime = (ms: number) =>
  ms < 1000 ? t('security.passphrase.unlockFast') : t('security.passphrase.unlockTime', Math.round(ms / 1000));

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
          {t('security.key.copy')}
        </button>
        <span role="status" class="hint" data-testid="key-copied">
          {copied() === 'copied' ? t('security.key.copied') : copied() === 'selected' ? t('security.key.selected') : ''}
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
    if (passphrase() !== repeat()) return fail(t('security.passphrase.differ'));
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
          <h2>{props.change ? t('security.passphrase.changeTitle') : t('security.passphrase.setTitle')}</h2>
          <p class="hint">
            {props.change ? t('security.passphrase.changeHint') : t('security.passphrase.setHint')} {t('security.passphrase.advice')}
          </p>
          <Show when={props.change}>
            <label class="field">
              {t('security.passphrase.current')}
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
            {t('security.passphrase.new')}
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
            {t('security.passphrase.repeat')}
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
            {busy() ? t('security.passphrase.measuring') : t('security.passphrase.continue')}
          </button>
        </form>
      </Match>
      <Match when={pending()}>
        {(p) => (
          <form class="passphrase-form" onSubmit={confirm}>
            <h2 class="step-heading" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
              {props.change ? t('security.passphrase.newKeyTitle') : t('security.passphrase.keyTitle')}
            </h2>
            <p>{t('security.passphrase.keyText')}</p>
            <RecoveryKey value={p().recoveryKey} />
            <label class="field">
              {t('security.passphrase.typeKey')}
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
              title={t(
                'security.passphrase.figures',
                formatNumber(Math.round(p().unlockMs)),
                formatNumber(Math.round(p().kdf.m / 1024)),
                p().kdf.t,
              )}
            >
              {unlockTime(p().unlockMs)}
            </p>
            <div class="controls">
              <button type="submit" class="primary" disabled={busy()}>
                {busy()
                  ? t('security.passphrase.reencrypting')
                  : props.change
                    ? t('security.passphrase.change')
                    : t('security.passphrase.set')}
              </button>
              <button type="button" onClick={() => setPending(null)}>
                {t('security.passphrase.back')}
              </button>
            </div>
          </form>
        )}
      </Match>
    </Switch>
  );
}
