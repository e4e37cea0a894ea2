/**
 * The animated guide: a shape that fills with the inhale and empties with the exhale, drawn each
 * frame from the clock. It writes CSS variables only; the stylesheet decides how they look, and
 * with prefers-reduced-motion it shows a progress bar instead of a growing shape. The shape is a
 * glyph when one is given: an <img> of verified bytes from a blob URL, never SVG in the DOM.
 * Given `onPress`/`onRelease`, the guide is also a press target for pointers (the hold pad stays
 * the control for keyboards and screen readers, so the guide remains hidden from them).
 */
import { createEffect, createMemo, Show } from 'solid-js';
import { expansionAt, expansionLevels } from '../core/guide.ts';
import type { Pattern } from '../core/pattern.ts';
import type { SessionView } from '../core/pacer.ts';

export interface GuideProps {
  pattern: Pattern;
  view: SessionView;
  pressed: boolean;
  glyph?: string | null;
  onPress?: () => void;
  onRelease?: () => void;
}

export function Guide(props: GuideProps) {
  let el!: HTMLDivElement;
  // A memo: the practice screen's guide changes pattern as the person chooses one.
  const levels = createMemo(() => expansionLevels(props.pattern));
  createEffect(() => {
    const v = props.view;
    const expansion = v.stage === 'breathing' ? expansionAt(levels(), v.state) : 0;
    el.style.setProperty('--expansion', expansion.toFixed(4));
    el.style.setProperty('--phase-progress', v.stage === 'breathing' ? v.state.progress.toFixed(4) : '0');
    el.dataset.phase = v.stage === 'breathing' ? v.state.phase.kind : v.stage;
  });
  return (
    <div
      class="guide"
      ref={el}
      classList={{ pressed: props.pressed, pressable: !!props.onPress }}
      aria-hidden="true"
      onPointerDown={(e) => {
        if (!props.onPress) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        props.onPress();
      }}
      onPointerUp={() => props.onRelease?.()}
      onPointerCancel={() => props.onRelease?.()}
      onContextMenu={(e) => props.onPress && e.preventDefault()}
    >
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
