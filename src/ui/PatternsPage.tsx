/** The pattern library: presets to start from, and the person's own patterns to edit or delete. */
import { A } from '@solidjs/router';
import { createSignal, For, Show } from 'solid-js';
import { breathsPerMinute, phaseSummary, type Pattern } from '../core/pattern.ts';
import { PRESETS } from '../core/presets.ts';
import { useApp } from './state.tsx';
import './patterns.css';

function Meta(props: { pattern: Pattern }) {
  return (
    <span class="pattern-meta">
      {phaseSummary(props.pattern)} s · <span class="bpm">{breathsPerMinute(props.pattern).toFixed(1)} breaths/min</span>
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
      <h1 id="patterns-title">Patterns</h1>
      <A href="/patterns/new" class="button primary">
        New pattern
      </A>
      <h2>Your patterns</h2>
      <Show when={app.patterns.custom().length > 0} fallback={<p class="hint">None yet. Create one, or start from a preset below.</p>}>
        <ul class="pattern-rows own" data-testid="custom-patterns">
          <For each={app.patterns.custom()}>
            {(p) => (
              <li>
                <span class="pattern-name">{p.name}</span>
                <Meta pattern={p} />
                <Show
                  when={confirming() === p.id}
                  fallback={
                    <span class="row-actions">
                      <A href={`/patterns/${encodeURIComponent(p.id)}`} class="button" aria-label={`Edit ${p.name}`}>
                        Edit
                      </A>
                      <button type="button" aria-label={`Delete ${p.name}`} onClick={() => setConfirming(p.id)}>
                        Delete
                      </button>
                    </span>
                  }
                >
                  {/* biome-ignore lint/a11y/useSemanticElements: a fieldset would take the form border and margins (styles.css) in the middle of a list row; the pair only needs naming for screen readers */}
                  <span class="row-actions confirm" role="group" aria-label={`Delete ${p.name}?`}>
                    <button type="button" class="danger" ref={(el) => queueMicrotask(() => el.focus())} onClick={() => void remove(p.id)}>
                      Delete {p.name}
                    </button>
                    <button type="button" onClick={() => setConfirming(null)}>
                      Keep
                    </button>
                  </span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
      <h2>Presets</h2>
      <ul class="pattern-rows">
        <For each={PRESETS}>
          {(p) => (
            <li>
              <span class="pattern-name">{p.name}</span>
              <Meta pattern={p} />
              <span class="row-actions">
                <A href={`/patterns/new?from=${encodeURIComponent(p.id)}`} class="button" aria-label={`Copy ${p.name} as a new pattern`}>
                  Copy
                </A>
              </span>
            </li>
          )}
        </For>
      </ul>
    </section>
  );
}
