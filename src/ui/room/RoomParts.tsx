/** Small parts of the room's screen: the name form, a tab of the bar, and what shows once the room is deleted. */
import { A } from '@solidjs/router';
import { createSignal, type JSX } from 'solid-js';
import type { RoomsStore } from '../../room/rooms.ts';
import { MAX_NAME_LENGTH } from '../../room/schema.ts';
import type { RoomStore } from '../../room/store.ts';
import type { Attempt } from './HostControls.tsx';

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
        Your name
        <input value={name()} maxlength={MAX_NAME_LENGTH} autocomplete="nickname" onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <button type="submit">Save name</button>
    </form>
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
      <h2>This room was deleted</h2>
      <p>Its host deleted it for everyone. Its copy on this device is gone too.</p>
      <div class="controls">
        <button type="button" onClick={() => props.onReopen()}>
          Open a new room at this link
        </button>
        <A href="/" class="button">
          Home
        </A>
      </div>
    </div>
  );
}
