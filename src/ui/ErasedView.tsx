/** After "erase everything": what was checked, shown as proof. */
import { Show } from 'solid-js';
import type { EraseReport } from '../vault/erase.ts';

export function ErasedView(props: { report: EraseReport }) {
  const clean = () => props.report.databasesLeft.length === 0 && props.report.cachesLeft.length === 0;
  return (
    <section class="erased" aria-labelledby="erased-title">
      <h1 id="erased-title" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
        {clean() ? 'Everything is erased' : 'Erasing did not finish'}
      </h1>
      <Show
        when={clean()}
        fallback={
          <p role="alert">
            Still present: {[...props.report.databasesLeft, ...props.report.cachesLeft].join(', ')}. Close the app's other tabs and try
            again.
          </p>
        }
      >
        <p data-testid="erase-proof">
          Checked just now: no database and no journal cache of Sacred Breathing is left on this device. Your journal, its keys, your
          patterns and settings are gone.
        </p>
      </Show>
      <button type="button" class="primary" onClick={() => location.assign('/')}>
        Start afresh
      </button>
    </section>
  );
}
