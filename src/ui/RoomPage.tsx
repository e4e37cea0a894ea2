/** A room: who is here, the shared pacer, your presses and the group figure. */
import { useLocation, useParams } from '@solidjs/router';
import { createMemo, createResource, createSignal, For, type JSX, Match, Show, Switch, untrack } from 'solid-js';
import { planSession } from '../core/pacer.ts';
import { BadRoomLinkError, type RoomId } from '../room/link.ts';
import type { RoomsStore } from '../room/rooms.ts';
import { MAX_NAME_LENGTH, type SharedPacer } from '../room/schema.ts';
import type { RoomStore } from '../room/store.ts';
import { HoldPad } from './HoldPad.tsx';
import { describeError } from './messages/index.ts';
import { memberName, membersInOrder, roomStatusWords } from './messages/room.ts';
import { RoomPacer } from './RoomPacer.tsx';
import { useApp } from './state.tsx';

const LEAD_MS = 5000;

function Share(props: { url: string }) {
  const [note, setNote] = createSignal('');
  const share = async () => {
    if (navigator.share) {
      await navigator.share({ title: 'Breathe with me', url: props.url }).catch(() => undefined); // reason: the person closed the share sheet
      return;
    }
    await navigator.clipboard.writeText(props.url);
    setNote('Link copied.');
  };
  return (
    <div class="controls left">
      <button type="button" onClick={() => void share()}>
        Share the room link
      </button>
      <span role="status" class="hint">
        {note()}
      </span>
    </div>
  );
}

function Room(props: { room: RoomStore; rooms: RoomsStore }) {
  const app = useApp();
  const room = props.room;
  const [name, setName] = createSignal(room.myName());
  const [patternId, setPatternId] = createSignal(app.settings().patternId);
  const [problem, setProblem] = createSignal<string | null>(null);
  // Breathing the room's last pattern alone (offline, or after the group finished): shown here only,
  // never written to the shared document, whose pacer belongs to the host.
  const [solo, setSolo] = createSignal<SharedPacer | null>(null);
  const shown = () => solo() ?? room.pacer();
  const finished = () => {
    const p = room.pacer();
    return p !== null && room.serverNow() > p.startAt + planSession(p.pattern).durationMs;
  };
  /** Runs a change to the shared room, turning a refusal (too large to share) into words. */
  const change = (action: () => void) => {
    setProblem(null);
    try {
      action();
    } catch (error) {
      setProblem(describeError(error));
    }
  };
  const group = () => room.group();

  return (
    <>
      <p class="badge room-status" data-testid="room-status" role="status">
        {roomStatusWords(room.status(), room.retryInS())}
      </p>
      <Share url={props.rooms.linkTo(room.id)} />
      <form
        class="name-form"
        onSubmit={(e) => {
          e.preventDefault();
          props.rooms.saveDisplayName(name());
          change(() => room.setName(name()));
        }}
      >
        <label class="field inline">
          Your name
          <input value={name()} maxlength={MAX_NAME_LENGTH} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit">Save name</button>
      </form>
      <Show when={problem()}>
        {(text) => (
          <p class="form-error" role="alert">
            {text()}
          </p>
        )}
      </Show>
      <Show
        when={shown()}
        fallback={
          <p class="hint">{room.isHost() ? 'Choose a pattern and start when everyone is here.' : 'Waiting for the host to start.'}</p>
        }
      >
        {(pacer) => (
          <RoomPacer pacer={pacer()} serverNow={room.serverNow} offsetMs={room.offset()?.offsetMs ?? 0} pressed={room.pressed()} />
        )}
      </Show>
      <Show when={room.pacer() && !solo() && !room.isHost() && (room.status().kind !== 'online' || finished())}>
        <button type="button" onClick={() => setSolo({ ...room.pacer()!, startAt: Math.round(room.serverNow() + 3000), by: 'me' })}>
          Breathe {room.pacer()!.pattern.name} on your own
        </button>
      </Show>
      <Show when={room.isHost()}>
        <div class="controls left host-controls">
          <label>
            Pattern
            <select value={patternId()} onChange={(e) => setPatternId(e.currentTarget.value)}>
              <For each={app.patterns.all()}>{(p) => <option value={p.id}>{p.name}</option>}</For>
            </select>
          </label>
          <button
            type="button"
            class="primary"
            onClick={() =>
              change(() => room.startPacer(app.patterns.all().find((p) => p.id === patternId()) ?? app.patterns.all()[0]!, LEAD_MS))
            }
          >
            Start for everyone
          </button>
        </div>
      </Show>
      <HoldPad pressed={room.pressed()} onPress={() => room.press()} onRelease={() => room.release()} />
      <section aria-labelledby="group-title" class="group">
        <h2 id="group-title">Together</h2>
        <p data-testid="group-figure">
          <Switch fallback="The group figure appears when two or more people press along.">
            <Match when={group().kind === 'pair'}>
              Pair sync <span class="figure">{Math.round(group().value * 100)} / 100</span>
            </Match>
            <Match when={group().kind === 'group'}>
              Group sync <span class="figure">{Math.round(group().value * 100)} / 100</span> ({group().counted} people)
            </Match>
          </Switch>
        </p>
        <p class="hint">How in step your own breathing is with each other's, from everyone's presses; not a heart measure.</p>
        <ul class="members" data-testid="members">
          <For each={membersInOrder(room.members())}>
            {(m) => (
              <li classList={{ pressed: m.pressed }}>
                <span class="member-name">{memberName(m.name, m.me)}</span>
                <span class="hint">{m.score === null ? '' : `coherence ${m.score}`}</span>
              </li>
            )}
          </For>
        </ul>
      </section>
    </>
  );
}

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
  const opening = untrack(() => props.rooms.open(props.id, { create: props.create }));
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
      <Match when={opened()}>{(room) => <Room room={room()} rooms={props.rooms} />}</Match>
      <Match when={failed()}>
        {(error) => (
          <>
            <p role="alert">{describeError(error())}</p>
            <button type="button" onClick={() => props.retry()}>
              Try again
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
              Try again
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
      <h1 id="room-title">Breathe together</h1>
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
