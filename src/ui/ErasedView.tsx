/** After "erase everything": what was checked, shown as proof. */
import { Show } from 'solid-js';
import { joinAnd } from '../i18n/format.ts';
import { t } from '../i18n/index.ts';
import type { EraseReport } from '../vault/erase.ts';

export function ErasedView(props: { report: EraseReport }) {
  const clean = () => props.report.databasesLeft.length === 0 && props.report.cachesLeft.length === 0;
  return (
    <section class="erased" aria-labelledby="erased-title">
      <h1 id="erased-title" tabindex="-1" ref={(el) => queueMicrotask(() => el.focus())}>
        {clean() ? t('security.erased.clean') : t('security.erased.unfinished')}
      </h1>
      <Show
        when={clean()}
        fallback={<p role="alert">{t('security.erased.left', joinAnd([...props.report.databasesLeft, ...props.report.cachesLeft]))}</p>}
      >
        <p data-testid="erase-proof">{t('security.erased.proof')}</p>
      </Show>
      <button type="button" class="primary" onClick={() => location.assign('/')}>
        {t('security.erased.afresh')}
      </button>
    </section>
  );
}
