/** Small parts of the room's screen: the name form, sharing one's heart coherence, a tab of the bar, the group's heart figure, and what shows once the room is deleted. */
import { A } from '@solidjs/router';
import { createSignal, type JSX, Show } from 'solid-js';
import { t } from '../../i18n/index.ts';
import type { RoomsStore } from '../../room/rooms.ts';
import { MAX_NAME_LENGTH } from '../../room/schema.ts';
import type { RoomStore } from '../../room/store.ts';
import type { GroupHeart } from '../../shared/room-field.ts';
import type { Attempt } from './HostControls.tsx';

/** Marks a part's place in a message; no message holds this character. */
const MARK = '\u0001';

/**
 * A message with markup inside it, in whatever order the language puts its parts: `words` is called
 * with one mark per part, and each mark in the words it returns becomes that part.
 */
export function withParts(words: (...marks: string[]) => string, parts: readonly JSX.Element[]): JSX.Element[] {
  const marks = parts.map((_, i) => `${MARK}${i}${MARK}`);
  return words(...marks)
    .split(new RegExp(`${MARK}(\\d+)${MARK}`))
    .map((piece, i) => (i % 2 === 1 ? parts[Number(piece)] : piece));
}

/** The room's panels. */
export type Panel = 'people' | 'share' | 'lead' | 'summary';

/** This member's name in the room, kept on the device for the next room too. */
export function NameForm(props: { room: RoomStore; rooms: RoomsStore; attempt: Attempt }) {
  const [name, setName] = createSignal(props.room.myName());
  return (
    <form
      class="name-form"
      onSubmit={(e) => {
        e.preventDefault();
        props.rooms.saveDisplayName(name());
        props.attempt(() => props.room.setName(name()));
      }}
    >
      <label class="field inline">
        {t('room.name.label')}
        <input value={name()} maxlength={MAX_NAME_LENGTH} autocomplete="nickname" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit">{t('room.name.save')}</button>
    </form>
  );
}

/** The choice to share one's heart coherence score with the room, offered while this device's heart sensor runs; kept on the device. */
export function HeartShare(props: { room: RoomStore; rooms: RoomsStore }) {
  return (
    <Show when={props.room.heartRunning()}>
      <label class="heart-share" data-testid="heart-share">
        <input
          type="checkbox"
          checked={props.room.sharesHeart()}
          aria-describedby="heart-share-hint"
          onChange={(e) => {
            const on = e.currentTarget.checked;
            props.rooms.saveSharesHeart(on);
            props.room.setSharesHeart(on);
          }}
        />
        {t('room.heart.share')}
      </label>
      <p id="heart-share-hint" class="hint">
        {t('room.heart.shareHint')}
      </p>
    </Show>
  );
}

/** The group's heart coherence (from two sharers), shown beside the breath sync figure; nothing otherwise (not even a space). */
export function GroupHeartFigure(props: { heart: GroupHeart | null }) {
  return (
    <Show when={props.heart}>
      {(h) => (
        <>
          {' '}
          <span class="group-heart" data-testid="group-heart" data-mean={h().mean} data-sharing={h().sharing}>
            {t('room.heart.group', h().mean, h().sharing)}
          </span>
        </>
      )}
    </Show>
  );
}

/** A tab of the room's bar: opens its panel, or closes it. */
export function PanelButton(props: { panel: Panel; open: Panel | null; onToggle(panel: Panel): void; children: JSX.Element }) {
  return (
    <button
      type="button"
      class="room-tab"
      aria-expanded={props.open === props.panel}
      aria-controls="room-panel"
      onClick={() => props.onToggle(props.panel)}
    >
      {props.children}
    </button>
  );
}

/** The room is gone (its host deleted it): say so, and offer the new, empty room at the same link. */
export function RoomGone(props: { onReopen(): void }) {
  return (
    <div class="room-gone" role="alert" data-testid="room-gone">
      <h2>{t('room.gone.title')}</h2>
      <p>{t('room.gone.body')}</p>
      <div class="controls">
        <button type="button" onClick={() => props.onReopen()}>
          {t('room.gone.reopen')}
        </button>
        <A href="/" class="button">
          {t('room.gone.home')}
        </A>
      </div>
    </div>
  );
}
