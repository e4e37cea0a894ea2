/** The room route: loads the rooms store, reads the link, opens the room (or says why not) and shows it. */
import { useLocation, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, type JSX, Match, Show, Switch, untrack } from 'solid-js';
import { t } from '../../i18n/index.ts';
import { BadRoomLinkError, type RoomId } from '../../room/link.ts';
import type { RoomsStore } from '../../room/rooms.ts';
import { describeError } from '../messages/index.ts';
import { roomStatusWords } from '../messages/room.ts';
import { useApp } from '../state.tsx';
import { Room } from './Room.tsx';

/** What shows while a room's code loads and its connection opens. */
function Connecting() {
  return (
    <p class="badge room-status" data-testid="room-status" role="status">
      {roomStatusWords({ kind: 'connecting' })}
    </p>
  );
}

/** Opens the room for this page: connecting while its code loads, or why it could not open and a way to try again. */
function OpenRoom(props: { id: RoomId; create: boolean; rooms: RoomsStore }) {
  const [attempt, setAttempt] = createSignal(1);
  // Each attempt its own owner: trying again closes what the last one left.
  return (
    <Show when={attempt()} keyed>
      {(_) => <Opening id={props.id} create={props.create} rooms={props.rooms} retry={() => setAttempt((a) => a + 1)} />}
    </Show>
  );
}

/** One attempt at opening; nothing reactive is read here, so it never reopens by itself. */
function Opening(props: { id: RoomId; create: boolean; rooms: RoomsStore; retry: () => void }) {
  // The device's heart sensor: its figure may be shared with the room while it runs.
  const heart = useApp().heart;
  const opening = untrack(() => props.rooms.open(props.id, { create: props.create, heart }));
  const opened = () => {
    const now = opening();
    return now && 'room' in now ? now.room : undefined;
  };
  const failed = () => {
    const now = opening();
    return now && 'error' in now ? now.error : undefined;
  };
  return (
    <Switch fallback={<Connecting />}>
      <Match when={opened()}>{(room) => <Room room={room()} rooms={props.rooms} onReopen={() => props.retry()} />}</Match>
      <Match when={failed()}>
        {(error) => (
          <>
            <p role="alert">{describeError(error())}</p>
            <button type="button" onClick={() => props.retry()}>
              {t('room.tryAgain')}
            </button>
          </>
        )}
      </Match>
    </Switch>
  );
}

/** The rooms store, loaded on the first visit to a room: connecting while it loads, or why it did not load and a way to try again. */
function WithRooms(props: { children: (rooms: RoomsStore) => JSX.Element }) {
  const app = useApp();
  const [rooms, { refetch }] = createResource(() => app.rooms.load());
  return (
    <Switch fallback={<Connecting />}>
      <Match when={rooms.error as unknown}>
        {(error) => (
          <>
            <p role="alert">{describeError(error())}</p>
            <button type="button" onClick={() => void refetch()}>
              {t('room.tryAgain')}
            </button>
          </>
        )}
      </Match>
      <Match when={!rooms.loading && rooms()}>{(loaded) => props.children(loaded())}</Match>
    </Switch>
  );
}

export default function RoomPage() {
  const params = useParams<{ id: string }>();
  const location = useLocation<{ create?: boolean }>();
  return (
    <section class="room" aria-labelledby="room-title">
      <h1 id="room-title" class="visually-hidden">
        {t('room.title')}
      </h1>
      <WithRooms>
        {(rooms) => {
          const parsed = createMemo(() => rooms.parseRoomId(params.id));
          return (
            <Show
              when={parsed() instanceof BadRoomLinkError ? null : (parsed() as RoomId)}
              keyed
              fallback={<p role="alert">{describeError(parsed())}</p>}
            >
              {(id) => <OpenRoom id={id} create={location.state?.create === true} rooms={rooms} />}
            </Show>
          );
        }}
      </WithRooms>
    </section>
  );
}
