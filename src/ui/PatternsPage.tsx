/** The pattern library: presets to start from, and the person's own patterns to edit or delete. */
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import type { Pattern } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import { t } from '../i18n/index.ts';
import { breathsWords, patternName, phaseNumbers } from './messages/patterns.ts';
import { useApp } from './state.tsx';
import './patterns.css';

function Meta(props: { pattern: Pattern }) {
  return (
    <span class="pattern-meta">
      {t('patterns.seconds', phaseNumbers(props.pattern))} · <span class="bpm">{t('patterns.bpm', breathsWords(props.pattern))}</span>
    </span>
  );
}

export function PatternsPage() {
  const app = useApp();
  const [confirming, setConfirming] = createSignal<string | null>(null);

  const remove = async (id: string) => {
    await app.patterns.remove(id);
    setConfirming(null);
  };

  return (
    <section class="patterns" aria-labelledby="patterns-title">
      <h1 id="patterns-title">{t('patterns.list.title')}</h1>
      <A href="/patterns/new" class="button primary">
        {t('patterns.list.new')}
      </A>
      <h2>{t('patterns.list.own')}</h2>
      <Show when={app.patterns.custom().length > 0} fallback={<p class="hint">{t('patterns.list.none')}</p>}>
        <ul class="pattern-rows own" data-testid="custom-patterns">
          <For each={app.patterns.custom()}>
            {(p) => (
              <li>
                <span class="pattern-name">{patternName(p)}</span>
                <Meta pattern={p} />
                <Show
                  when={confirming() === p.id}
                  fallback={
                    <span class="row-actions">
                      <A
                        href={`/patterns/${encodeURIComponent(p.id)}`}
                        class="button"
                        aria-label={t('patterns.list.editNamed', patternName(p))}
                      >
                        {t('patterns.list.edit')}
                      </A>
                      <button type="button" aria-label={t('patterns.list.deleteNamed', patternName(p))} onClick={() => setConfirming(p.id)}>
                        {t('patterns.list.delete')}
                      </button>
                    </span>
                  }
                >
                  {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would take the form border and margins (styles.css) in the middle of a list row; the pair only needs naming for screen readers */}
                  <span class="row-actions confirm" role="group" aria-label={t('patterns.list.deleteAsk', patternName(p))}>
                    <button type="button" class="danger" ref={(el) => queueMicrotask(() => el.focus())} onClick={() => void remove(p.id)}>
                      {t('patterns.list.deleteNamed', patternName(p))}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      {t('patterns.list.keep')}
                    </button>
                  </span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h2>{t('patterns.list.presets')}</h2>
      <ul class="pattern-rows">
        <For each={PRESETS}>
          {(p) => (
            <li>
              <span class="pattern-name">{patternName(p)}</span>
              <Meta pattern={p} />
              <span class="row-actions">
                <A
                  href={`/patterns/new?from=${encodeURIComponent(p.id)}`}
                  class="button"
                  aria-label={t('patterns.list.copyNamed', patternName(p))}
                >
                  {t('patterns.list.copy')}
                </A>
              </span>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
