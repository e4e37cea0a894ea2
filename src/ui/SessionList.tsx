/**
 * The sessions, newest first, drawn as a window over the list: only the rows in view exist in the
 * DOM, so 10,000 sessions scroll as smoothly as ten. A room session has a line more for its mark
 * and people, and another for its sync figure; a session with a heart sensor a line for its heart
 * figures, and a resonance-finder session one more for the rate chosen. So row heights differ and
 * the window is found by binary search over the rows' tops.
 */
import { createMemo, createSignal, For, onCleanup, onMount, Show } from 'solid-js';
import { countsForStreak } from '../core/history.ts';
import type { HeartSummary } from '../core/heart/beat.ts';
import type { JournalEntry, Mood } from '../core/journal.ts';
import { formatDate, formatNumber } from '../i18n/format.ts';
import { t } from '../i18n/index.ts';
import type { StoredEntry } from '../vault/vault.ts';
import './journal.css';
import { roomMarkWords, roomPeopleWords, roomSyncWords } from './messages/journal-room.ts';
import { patternName } from './messages/patterns.ts';
import { moodName } from './MoodPicker.tsx';
import { formatDuration } from './state.tsx';

/** Row height in px; .session-row in styles.css has the same. (Solid would inline it as a style attribute, which the CSP refuses.) */
const ROW = 76;
/** A room session's line (its mark and people), and the line of its sync figure; journal.css has the same heights. */
const ROOM_LINE = 20;
/** The heart's line, and the resonance finder's; journal.css gives .row-heart the same height. */
const HEART_LINE = 20;
const OVERSCAN = 6;

/** How many lines a row has beyond the four every session has (a 320 px screen holds no more figures in one). */
const extraLines = ({ room, heart }: JournalEntry): { room: number; heart: number } => ({
  room: !room ? 0 : room.group ? 2 : 1,
  heart: !heart ? 0 : heart.resonance ? 2 : 1,
});

/** A row's height in px: the four lines, then the room's and the heart's. */
const rowHeight = ({ entry }: StoredEntry): number => {
  const lines = extraLines(entry);
  return ROW + ROOM_LINE * lines.room + HEART_LINE * lines.heart;
};

/** The index of the row at `y` px: the last whose top is at or above it (`tops` ascending, tops[0] = 0). */
function rowAt(tops: readonly number[], y: number): number {
  let lo = 0;
  let hi = tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (tops[mid]! <= y) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Two overlapping heads: the room mark's icon, beside its words (never colour alone). */
const RoomIcon = () => (
  <svg class="room-icon" viewBox="0 0 16 16" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="1.5">
    <circle cx="5.5" cy="6" r="2.5" />
    <circle cx="10.5" cy="6" r="2.5" />
    <path d="M1.5 14c0-2.5 1.8-4 4-4s4 1.5 4 4M6.5 14c0-2.5 1.8-4 4-4s4 1.5 4 4" />
  </svg>
);

/** A heart, beside the heart's figures (never colour alone: the words say what they are). */
const HeartIcon = () => (
  <svg class="heart-icon" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor">
    <path d="M8 14.2 2.3 8.6A3.4 3.4 0 0 1 7.1 3.8L8 4.7l.9-.9a3.4 3.4 0 0 1 4.8 4.8Z" />
  </svg>
);

/** The heart's figures in a few words after its icon: "64 bpm · coherence 72" (the coherence only when measured). */
const heartWords = (heart: HeartSummary): string =>
  [
    t('journal.list.heart.bpm', Math.round(heart.meanBpm)),
    ...(heart.coherence !== null ? [t('journal.list.heart.coherence', Math.round(heart.coherence))] : []),
  ].join(' · ');

/** A mood's word, or a dash for none. */
const mood = (m: Mood | undefined): string => (m ? moodName(m) : t('journal.list.noMood'));

export function SessionList(props: { entries: readonly StoredEntry[]; onDelete(entry: StoredEntry): void }) {
  let box!: HTMLDivElement;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [height, setHeight] = createSignal(480);
  onMount(() => {
    const observer = new ResizeObserver(() => setHeight(box.clientHeight));
    observer.observe(box);
    onCleanup(() => observer.disconnect());
  });
  // tops[i] is row i's top; tops[n] the whole list's height.
  const tops = createMemo(() => {
    const out = [0];
    for (const e of props.entries) out.push(out.at(-1)! + rowHeight(e));
    return out;
  });
  const visible = createMemo(() => {
    const n = props.entries.length;
    const first = Math.max(0, rowAt(tops(), scrollTop()) - OVERSCAN);
    const last = Math.min(n, rowAt(tops(), scrollTop() + height()) + 1 + OVERSCAN);
    return props.entries.slice(first, last).map((entry, k) => ({ entry, index: first + k }));
  });
  const total = () => tops().at(-1)!;
  const when = (at: string) => formatDate(new Date(at), { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div
      class="session-list"
      ref={box}
      style={{ height: `min(60vh, ${total() + 2}px)` }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
    >
      <ul style={{ height: `${total()}px` }} aria-label={t('journal.list.label')}>
        <For each={visible()}>
          {({ entry: { entry, id }, index }) => (
            <li
              class="session-row"
              classList={{ 'room-session': !!entry.room, 'with-sync': !!entry.room?.group, 'heart-session': !!entry.heart }}
              data-testid="history-row"
              // Set through the CSSOM, which the CSP allows (a style attribute in markup it would refuse).
              style={{ top: `${tops()[index]}px`, height: `${tops()[index + 1]! - tops()[index]!}px` }}
              aria-setsize={props.entries.length}
              aria-posinset={index + 1}
            >
              <div class="row-main">
                <span class="row-when">{when(entry.startedAt)}</span>
                <span class="row-pattern">{patternName(entry.pattern)}</span>
                <Show when={entry.room}>
                  {(room) => (
                    <>
                      <span class="row-room">
                        <span class="room-mark" data-testid="room-mark">
                          <RoomIcon />
                          {roomMarkWords(room())}
                        </span>{' '}
                        <span data-testid="room-people">{roomPeopleWords(room())}</span>
                      </span>
                      <Show when={roomSyncWords(room())}>
                        {(sync) => (
                          <span class="row-sync" data-testid="room-sync">
                            {sync()}
                          </span>
                        )}
                      </Show>
                    </>
                  )}
                </Show>
                <Show when={entry.heart}>
                  {(heart) => (
                    <>
                      <span class="row-heart" data-testid="heart-figures">
                        <HeartIcon />
                        <span class="visually-hidden">{t('journal.list.heart.label')} </span>
                        {heartWords(heart())}
                      </span>
                      <Show when={heart().resonance}>
                        {(resonance) => (
                          <span class="row-heart" data-testid="heart-resonance">
                            {t('journal.list.heart.resonance', formatNumber(resonance().chosenRate))}
                          </span>
                        )}
                      </Show>
                    </>
                  )}
                </Show>
                <span class="row-facts">
                  {formatDuration(entry.durationMs, 'down')}
                  {countsForStreak(entry) ? '' : ` · ${t('journal.list.notInStreaks')}`}
                  {entry.coherence ? ` · ${t('journal.list.rhythm', entry.coherence.score)}` : ''}
                  {entry.moodBefore || entry.moodAfter ? ` · ${t('journal.list.mood', mood(entry.moodBefore), mood(entry.moodAfter))}` : ''}
                </span>
                <span class="row-note">{entry.note ?? ''}</span>
              </div>
              <button
                type="button"
                class="icon-button"
                aria-label={t('journal.list.delete', when(entry.startedAt))}
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
