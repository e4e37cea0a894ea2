/**
 * The sessions, newest first, drawn as a window over the list: only the rows in view exist in the
 * DOM, so 10,000 sessions scroll as smoothly as ten.
 */
import { createMemo, createSignal, For, onCleanup, onMount } from 'solid-js';
import { countsForStreak } from '../core/history.ts';
import type { StoredEntry } from '../vault/vault.ts';
import { MOOD_LABELS } from './MoodPicker.tsx';
import { formatDuration } from './state.tsx';

/** Row height in px; .session-row in styles.css has the same. (Solid would inline it as a style attribute, which the CSP refuses.) */
const ROW = 76;
const OVERSCAN = 6;

export function SessionList(props: { entries: readonly StoredEntry[]; onDelete(entry: StoredEntry): void }) {
  let box!: HTMLDivElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [height, setHeight] = createSignal(480);
  onMount(() => {
    const observer = new ResizeObserver(() => setHeight(box.clientHeight));
    observer.observe(box);
    onCleanup(() => observer.disconnect());
  });
  const visible = createMemo(() => {
    const first = Math.max(0, Math.floor(scrollTop() / ROW) - OVERSCAN);
    const last = Math.min(props.entries.length, Math.ceil((scrollTop() + height()) / ROW) + OVERSCAN);
    return props.entries.slice(first, last).map((entry, k) => ({ entry, index: first + k }));
  });
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div
      class="session-list"
      ref={box}
      style={{ height: `min(60vh, ${props.entries.length * ROW + 2}px)` }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <ul style={{ height: `${props.entries.length * ROW}px` }} aria-label="Sessions, newest first">
        <For each={visible()}>
          {({ entry: { entry, id }, index }) => (
            <li
              class="session-row"
              data-testid="history-row"
              style={{ top: `${index * ROW}px` }}
              aria-setsize={props.entries.length}
              aria-posinset={index + 1}
            >
              <div class="row-main">
                <span class="row-when">{when.format(new Date(entry.startedAt))}</span>
                <span class="row-pattern">{entry.pattern.name}</span>
                <span class="row-facts">
                  {formatDuration(entry.durationMs, 'down')}
                  {countsForStreak(entry) ? '' : ' · under one breath, not in streaks'}
                  {entry.coherence ? ` · coherence ${entry.coherence.score}` : ''}
                  {entry.moodBefore || entry.moodAfter
                    ? ` · mood ${entry.moodBefore ? MOOD_LABELS[entry.moodBefore] : '–'} → ${entry.moodAfter ? MOOD_LABELS[entry.moodAfter] : '–'}`
                    : ''}
                </span>
                <span class="row-note">{entry.note ?? ''}</span>
              </div>
              <button
                type="button"
                class="icon-button"
                aria-label={`Delete the session of ${when.format(new Date(entry.startedAt))}`}
                onClick={() => props.onDelete({ id, entry })}
              >
                ✕
              </button>
            </li>
          )}
        </For>
      </ul>
    </div>
  );
}
