/**
 * A form action's state: busy while it runs, then its outcome as a message. A thrown error is put
 * into words by the one messages module (describeError), from its code and data.
 */
import { createSignal, Show } from 'solid-js';
import { describeError } from './messages/index.ts';

export function useAction() {
  const [message, setMessage] = createSignal<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = createSignal(false);
  /** Runs `action`; a string it returns is shown as the outcome, a thrown error as an alert. */
  const run = async (action: () => Promise<unknown>): Promise<void> => {
    setBusy(true);
    setMessage(null);
    try {
      const text = await action();
      if (typeof text === 'string' && text) setMessage({ text, error: false });
    } catch (err) {
      setMessage({ text: describeError(err), error: true });
    } finally {
      setBusy(false);
    }
  };
  /** Shows a problem found before running anything (two fields that differ). */
  const fail = (text: string) => setMessage({ text, error: true });
  const Message = () => (
    <Show when={message()}>
      {(m) => (
        <p class={m().error ? 'form-error' : 'hint'} role={m().error ? 'alert' : 'status'}>
          {m().text}
        </p>
      )}
    </Show>
  );
  return { run, busy, fail, Message };
}
