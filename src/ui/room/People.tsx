/**
 * Who is in the room. In a big room, the relay's field at a glance (RoomField.tsx). Otherwise a
 * one-line count of who is here, breathing along and pressing, and the list of people, each with a
 * colour of their own, their press and their own coherence. Built for the largest list (150, the
 * field threshold): one row per member id, each reading its member from a store keyed by id, so a presence
 * update touches only the fields and rows it changes, and the list is redrawn at most every
 * `REFRESH_MS` however many presence messages arrive.
 */
import { type Accessor, batch, createEffect, createSignal, For, onCleanup, Show } from 'solid-js';
import { createStore, unwrap } from 'solid-js/store';
import type { GroupCoherence } from '../../core/group-coherence.ts';
import type { Face } from '../../room/field.ts';
import { type PresentMember, presenceCounts } from '../../room/presence.ts';
import type { RoomField as Field, GroupHeart } from '../../shared/room-field.ts';
import { t } from '../../i18n/index.ts';
import { peopleInOrder, peopleListLabel, personScoreWords, personStateWords, presenceCountsWords } from '../messages/people.ts';
import { memberName } from '../messages/room.ts';
import { RoomField } from './RoomField.tsx';
import './people.css';

/** At most four redraws a second: a full room sends about a hundred presence changes a second. */
const REFRESH_MS = 250;

/** Who is in a room: its field when the relay sends one, else the list of its members. */
export function People(props: {
  members: Accessor<readonly PresentMember[]>;
  field: Accessor<Field | null>;
  fieldEachSecond: Accessor<Field | null>;
  faces: Accessor<readonly Face[]>;
  group: Accessor<GroupCoherence>;
  groupHeart: Accessor<GroupHeart | null>;
}) {
  return (
    <div class="people">
      <Show when={props.field()} fallback={<PeopleList members={props.members} />}>
        {(field) => (
          <RoomField
            field={field}
            counts={() => props.fieldEachSecond() ?? field()}
            faces={props.faces}
            group={props.group}
            groupHeart={props.groupHeart}
          />
        )}
      </Show>
    </div>
  );
}

/** The people in a room, from the room's members (read at most every `REFRESH_MS`). */
function PeopleList(props: { members: Accessor<readonly PresentMember[]> }) {
  const [people, setPeople] = createStore<Record<string, PresentMember | undefined>>({});
  // Member ids in the order shown: a new list only when someone comes, goes or is renamed.
  const [order, setOrder] = createSignal<readonly string[]>([], {
    equals: (a, b) => a.length === b.length && a.every((id, i) => id === b[i]),
  });
  const [counts, setCounts] = createSignal(presenceCounts([]));
  let latest: readonly PresentMember[] = [];
  let lastDrawn = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const draw = () => {
    timer = undefined;
    lastDrawn = performance.now();
    const shown = peopleInOrder(latest);
    // Compared by hand rather than by reconcile: under half its time at 200 (measured in Chromium).
    const known = unwrap(people);
    const here = new Set<string>();
    batch(() => {
      for (const m of shown) {
        here.add(m.memberId);
        const k = known[m.memberId];
        const same =
          k &&
          k.name === m.name &&
          k.pressed === m.pressed &&
          k.breathing === m.breathing &&
          k.score === m.score &&
          k.heart === m.heart &&
          k.me === m.me;
        // Setting an object merges it: only the fields that changed notify their row (the colour follows the id).
        if (!same) setPeople(m.memberId, { ...m });
      }
      for (const id of Object.keys(known)) if (!here.has(id)) setPeople(id, undefined);
      setOrder(shown.map((m) => m.memberId));
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
    <>
      <p class="people-counts" data-testid="presence-counts">
        {presenceCountsWords(counts())}
      </p>
      {/* A scrolling region takes focus so the keyboard can scroll it: its rows hold nothing focusable. */}
      <section class="people-scroll" tabindex="0" aria-label={peopleListLabel(counts().here)}>
        <ul class="people-list" data-testid="members">
          <For each={order()}>
            {(id) => {
              const m = people[id]!;
              return (
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
                  <Show when={m.heart != null}>
                    <span class="person-heart" data-testid="person-heart">
                      <span class="visually-hidden">, {t('room.heart.person', m.heart!)}</span>
                      <span aria-hidden="true">{m.heart}</span>
                    </span>
                  </Show>
                </li>
              );
            }}
          </For>
        </ul>
      </section>
    </>
  );
}
