/**
 * Who is in the room: a one-line count of who is here, breathing along and pressing, and the list
 * of people, each with a colour of their own, their press and their own coherence. Built for a full
 * room (200): rows are keyed by member id, so a presence update touches only the rows it changes,
 * and the list is redrawn at most every `REFRESH_MS` however many presence messages arrive.
 */
import { type Accessor, batch, createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { type PresentMember, presenceCounts } from '../../room/presence.ts';
import { peopleInOrder, peopleListLabel, personScoreWords, personStateWords, presenceCountsWords } from '../messages/people.ts';
import { memberName } from '../messages/room.ts';
import './people.css';

/** At most four redraws a second: a full room sends about a hundred presence changes a second. */
const REFRESH_MS = 250;

/** The people in a room, from the room's members (read at most every `REFRESH_MS`). */
export function People(props: { members: Accessor<readonly PresentMember[]> }) {
  const [rows, setRows] = createStore<PresentMember[]>([]);
  const [counts, setCounts] = createSignal(presenceCounts([]));
  let latest: readonly PresentMember[] = [];
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    timer = undefined;
    lastDrawn = performance.now();
    batch(() => {
      setRows(reconcile(peopleInOrder(latest), { key: 'memberId' }));
      setCounts(presenceCounts(latest));
    });
  };
  createEffect(() => {
    latest = props.members();
    if (timer !== undefined) return;
    const wait = lastDrawn + REFRESH_MS - performance.now();
    if (wait <= 0) draw();
    else timer = setTimeout(draw, wait);
  });
  onCleanup(() => clearTimeout(timer));

  return (
    <div class="people">
      <p class="people-counts" data-testid="presence-counts">
        {presenceCountsWords(counts())}
      </p>
      {/* A scrolling region takes focus so the keyboard can scroll it: its rows hold nothing focusable. */}
      <section class="people-scroll" tabindex="0" aria-label={peopleListLabel(counts().here)}>
        <ul class="people-list" data-testid="members">
          <For each={rows}>
            {(m) => (
              <li
                class="person"
                classList={{ me: m.me, pressing: m.pressed, breathing: m.breathing }}
                data-pressed={m.pressed ? 'true' : 'false'}
                style={{ '--hue': String(m.colour) }}
              >
                <span class="person-dot" aria-hidden="true" />
                <span class="person-name" title={memberName(m.name, m.me)}>
                  {memberName(m.name, m.me)}
                </span>
                <Show when={personStateWords(m)}>{(words) => <span class="visually-hidden">, {words()}</span>}</Show>
                <Show when={m.score !== null}>
                  <span class="person-score">
                    <span class="visually-hidden">, </span>
                    {personScoreWords(m.score)}
                  </span>
                </Show>
              </li>
            )}
          </For>
        </ul>
      </section>
    </div>
  );
}
