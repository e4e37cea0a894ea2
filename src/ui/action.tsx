/**
 * A form action's state: busy while it runs, then its outcome as a message. A thrown error is put
 * into words by the one messages module (describeError), from its code and data; `details`, when
 * given, adds the technical detail behind it, folded under the plain sentence.
 */
import { createSignal, For, Show } from 'solid-js';
import { t } from '../i18n/index.ts';
import { describeError } from './messages/index.ts';

interface Outcome {
  readonly text: string;
  readonly error: boolean;
  readonly details?: readonly string[] | undefined;
}

/** The technical detail behind an error, folded: there to open, not read out with the alert. */
export function ErrorDetails(props: { lines: readonly string[] }) {
  return (
    <details>
      <summary>{t('common.details')}</summary>
      <ul>
        <For each={props.lines}>{(line) => <li>{line}</li>}</For>
      </ul>
    </details>
  );
}

export function useAction(options: { details?(error: unknown): readonly string[] | undefined } = {}) {
  const [message, setMessage] = createSignal<Outcome | null>(null);
  const [busy, setBusy] = createSignal(false);
  /** Runs `action`; a string it returns is shown as the outcome, a thrown error as an alert. */
  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      if (typeof text === 'string' && text) setMessage({ text, error: false });
    } catch (err) {
      setMessage({ text: describeError(err), error: true, details: options.details?.(err) });
    } finally {
      setBusy(false);
    }
  };
  /** Shows a problem found before running anything (two fields that differ). */
  const fail = (text: string) => setMessage({ text, error: true });
  const Message = () => (
    <Show when={message()}>
      {(m) => (
        <Show
          when={m().details}
          fallback={
            <p class={m().error ? 'form-error' : 'hint'} role={m().error ? 'alert' : 'status'}>
              {m().text}
            </p>
          }
        >
          {(details) => (
            // The alert is the plain sentence alone; the details are there to open, not read out.
            <div class="form-error error-with-details">
              <p role="alert">{m().text}</p>
              <ErrorDetails lines={details()} />
            </div>
          )}
        </Show>
      )}
    </Show>
  );
  return { run, busy, fail, Message };
}
