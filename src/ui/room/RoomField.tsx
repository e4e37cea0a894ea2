/**
 * A big room at a glance, in place of the people list: the relay's field (src/shared/room-field.ts).
 * The counts and the group figure are text, read once a second. Beside them a ring, decoration with
 * its words given in text: a dozen faces sampled from the room, one swapped at a time as if the ring
 * turned, and inside it where everyone is in their breath (the field's phase histogram, breathing in
 * at the top, then clockwise), moving with each frame. A fixed dozen faces and a dozen bars whatever
 * the room's size: no element per member, and a frame costs nothing but the bars' transitions.
 */
import { type Accessor, createEffect, createMemo, createSignal, For, Index, Match, onCleanup, Switch, untrack } from 'solid-js';
import type { GroupCoherence } from '../../core/group-coherence.ts';
import { formatNumber } from '../../i18n/format.ts';
import { t } from '../../i18n/index.ts';
import type { Face } from '../../room/field.ts';
import { FIELD_BINS, type RoomField as Field, type GroupHeart } from '../../shared/room-field.ts';
import { fieldFacesWords, initials, presenceCountsWords } from '../messages/people.ts';
import { GroupHeartFigure } from './RoomParts.tsx';
import './room-field.css';

/** Faces on the ring. */
const SLOTS = 12;
/** One face swapped this often: a calm turn of the ring (a full turn in 18 s), never the field's five a second. */
const SWAP_MS = 1500;
/** Where each slot sits, in % of the ring: clockwise from the top, on a circle a little inside its edge. */
const SLOT_AT = Array.from({ length: SLOTS }, (_, i) => {
  const a = (2 * Math.PI * i) / SLOTS;
  return { left: `${50 + 40.5 * Math.sin(a)}%`, top: `${50 - 40.5 * Math.cos(a)}%` };
});
/** The smallest bar shown, so an empty phase still draws the ring. */
const STUB = 0.06;

/** The field of a big room: counts, figure, faces and the room's breath. */
export function RoomField(props: {
  field: Accessor<Field>;
  /** The field read once a second, for the words: the room's own count, so the tab and the panel agree. */
  counts: Accessor<Field>;
  faces: Accessor<readonly Face[]>;
  group: Accessor<GroupCoherence>;
  /** The sharers' heart coherence, read once a second as the counts are. */
  groupHeart: Accessor<GroupHeart | null>;
}) {
  const shown = props.counts;

  // The ring's faces: filled at once from the faces sampled so far, then one slot at a time, going round.
  const [slots, setSlots] = createSignal<readonly Face[]>([]);
  let turn = 0;
  createEffect(() => {
    const ring = props.faces();
    // A face renamed in the ring (its name written in the room's document) is renamed where it shows.
    const latest = new Map(ring.map((f) => [f.memberId, f]));
    const kept = untrack(slots).map((f) => latest.get(f.memberId) ?? f);
    const showing = new Set(kept.map((f) => f.memberId));
    const more = kept.length < SLOTS ? ring.filter((f) => !showing.has(f.memberId)).slice(-(SLOTS - kept.length)) : [];
    if (more.length || kept.some((f, i) => f !== untrack(slots)[i])) setSlots([...kept, ...more]);
  });
  const swap = setInterval(() => {
    const current = slots();
    if (current.length < SLOTS) return;
    const showing = new Set(current.map((f) => f.memberId));
    const fresh = props.faces().findLast((f) => !showing.has(f.memberId));
    if (!fresh) return;
    setSlots(current.map((f, i) => (i === turn ? fresh : f)));
    turn = (turn + 1) % SLOTS;
  }, SWAP_MS);
  onCleanup(() => {
    clearInterval(swap);
  });

  const peak = createMemo(() => Math.max(1, ...props.field().hist));
  const figure = () => props.group();
  const count = () => formatNumber(shown().here);

  return (
    <div class="room-field" data-testid="room-field">
      <p class="people-counts" data-testid="presence-counts">
        {presenceCountsWords(shown())}
      </p>
      <div class="room-field-main">
        <div class="room-field-ring" aria-hidden="true">
          <div class="room-field-bins">
            <Index each={props.field().hist}>
              {(n, k) => (
                <span class="room-field-bin" style={{ rotate: `${((k + 0.5) * 360) / FIELD_BINS}deg` }}>
                  <span
                    class="room-field-bar"
                    classList={{ out: k >= FIELD_BINS / 2 }}
                    style={{ scale: `1 ${Math.max(STUB, n() / peak()).toFixed(3)}` }}
                  />
                </span>
              )}
            </Index>
          </div>
          <span class="room-field-top" />
          <For each={slots()}>
            {(face, i) => (
              <span class="room-field-face" classList={{ me: face.me }} style={{ '--hue': String(face.colour), ...SLOT_AT[i()]! }}>
                {initials(face.name)}
              </span>
            )}
          </For>
          <span class="room-field-count">
            <span class="room-field-number" style={{ '--chars': String(count().length) }}>
              {count()}
            </span>
            <span class="room-field-here">{t('room.field.here')}</span>
          </span>
        </div>
        <p class="room-field-figure" data-testid="field-figure">
          <Switch fallback={<span class="room-field-none">{t('room.field.noFigure')}</span>}>
            <Match when={figure().kind !== 'none'}>
              <span class="room-field-kind">{figure().kind === 'pair' ? t('room.group.pair') : t('room.group.group')}</span>{' '}
              <span class="room-field-value">
                <span class="figure">{Math.round(figure().value * 100)}</span> / 100
              </span>{' '}
              <span class="room-field-counted">{t('room.group.counted', figure().counted)}</span>
            </Match>
          </Switch>
          <GroupHeartFigure heart={props.groupHeart()} />
        </p>
      </div>
      <p class="visually-hidden">{fieldFacesWords(slots())}</p>
      <p class="room-field-hint">{t('room.field.hint')}</p>
    </div>
  );
}
