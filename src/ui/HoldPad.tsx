/**
 * Press-and-hold input: the pad takes pointer and touch, and the space bar works while the pad
 * has focus or nothing does (on any other control, space keeps its usual meaning).
 * Press = inhale onset, release = exhale onset.
 */
import { onCleanup, onMount } from 'solid-js';
import { t } from '../i18n/index.ts';

export function HoldPad(props: { pressed: boolean; onPress(): void; onRelease(): void; autofocus?: boolean; describedBy?: string }) {
  let pad!: HTMLButtonElement;
  const spaceTarget = (e: KeyboardEvent) => e.code === 'Space' && (e.target === pad || e.target === document.body);
  const onKeyDown = (e: KeyboardEvent) => {
    if (!spaceTarget(e)) return;
    e.preventDefault();
    if (!e.repeat) props.onPress();
  };
  const onKeyUp = (e: KeyboardEvent) => {
    if (!spaceTarget(e)) return;
    e.preventDefault();
    props.onRelease();
  };
  onMount(() => {
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('keyup', onKeyUp);
    if (props.autofocus) pad.focus();
  });
  onCleanup(() => {
    window.removeEventListener('keydown', onKeyDown);
    window.removeEventListener('keyup', onKeyUp);
  });
  return (
    <button
      ref={pad}
      type="button"
      class="hold-pad"
      aria-pressed={props.pressed}
      aria-describedby={props.describedBy}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        props.onPress();
      }}
      onPointerUp={() => props.onRelease()}
      onPointerCancel={() => props.onRelease()}
      onClick={(e) => e.preventDefault()}
      onContextMenu={(e) => e.preventDefault()}
    >
      {props.pressed ? t('practice.session.padPressed') : t('practice.session.padIdle')}
    </button>
  );
}
