/**
 * The animated guide: a shape that fills with the inhale and empties with the exhale, drawn each
 * frame from the clock. It writes CSS variables only; the stylesheet decides how they look, and
 * with prefers-reduced-motion it shows a progress bar instead of a growing shape. The shape is a
 * glyph when one is given: an <img> of verified bytes from a blob URL, never SVG in the DOM.
 */
import { createEffect, Show } from 'solid-js';
import { expansionAt, expansionLevels } from '../core/guide.ts';
import type { Pattern } from '../core/pattern.ts';
import type { SessionView } from '../core/pacer.ts';

export function Guide(props: { pattern: Pattern; view: SessionView; pressed: boolean; glyph?: string | null }) {
  let el!: HTMLDivElement;
  const levels = expansionLevels(props.pattern);
  createEffect(() => {
    const v = props.view;
    const expansion = v.stage === 'breathing' ? expansionAt(levels, v.state) : 0;
    el.style.setProperty('--expansion', expansion.toFixed(4));
    el.style.setProperty('--phase-progress', v.stage === 'breathing' ? v.state.progress.toFixed(4) : '0');
    el.dataset.phase = v.stage === 'breathing' ? v.state.phase.kind : v.stage;
  });
  return (
    <div class="guide" ref={el} classList={{ pressed: props.pressed }} aria-hidden="true">
      <div class="guide-halo" />
      <Show when={props.glyph} fallback={<div class="guide-shape" />}>
        {(src) => <img class="guide-glyph" src={src()} alt="" draggable={false} />}
      </Show>
      <div class="guide-bar">
        <div class="guide-bar-fill" />
      </div>
    </div>
  );
}
