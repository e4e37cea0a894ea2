/** A room: who is here, the shared pacer, your presses and the group figure. */
import { useLocation, useParams } from '@solidjs/router';
import { createSignal, For, Match, Show, Switch, untrack } from 'solid-js';
import { isRoomId, roomUrl, type RoomId } from '../room/link.ts';
import { displayName, memberId, saveDisplayName } from '../room/identity.ts';
import { openRoom, type RoomStore } from '../room/store.ts';
import { MAX_NAME_LENGTH, type SharedPacer } from '../room/schema.ts';
import { planSession } from '../core/pacer.ts';
import { useAction } from './action.tsx';
import { HoldPad } from './HoldPad.tsx';
import { RoomPacer } from './RoomPacer.tsx';
import { useApp } from './state.tsx';

const LEAD_MS = 5000;
const STATUS_TEXT = { connecting: 'Connecting…', online: 'Connected', offline: 'Offline: breathing on your own, changes sync later', full: 'This room is full', refused: 'The relay refused a change from this device as too large; it is kept here only' };

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

function Room(props: { room: RoomStore; url: string }) {
  const app = useApp();
  const room = props.room;
  const [name, setName] = createSignal(room.myName());
  const [patternId, setPatternId] = createSignal(app.settings().patternId);
  const { run, Message } = useAction();
  // Breathing the room's last pattern alone (offline, or after the group finished): shown here only,
  // never written to the shared document, whose pacer belongs to the host.
  const [solo, setSolo] = createSignal<SharedPacer | null>(null);
  const shown = () => solo() ?? room.pacer();
  const finished = () => {
    const p = room.pacer();
    return p !== null && room.serverNow() > p.startAt + planSession(p.pattern).durationMs;
  };
  /** Runs a change to the shared room, turning a refusal (too large to share) into a message. */
  const change = (action: () => void) => void run(async () => action());
  const group = () => room.group();

  return (
    <>
      <p class="badge room-status" data-testid="room-status" role="status">
        {STATUS_TEXT[room.status()]}
      </p>
      <Share url={props.url} />
      <form
        class="name-form"
        onSubmit={(e) => {
          e.preventDefault();
          saveDisplayName(name());
          change(() => room.setName(name()));
        }}
      >
        <label class="field inline">
          Your name
          <input value={name()} maxlength={MAX_NAME_LENGTH} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <button type="submit">Save name</button>
      </form>
      <Message />
      <Show
        when={shown()}
        fallback={<p class="hint">{room.isHost() ? 'Choose a pattern and start when everyone is here.' : 'Waiting for the host to start.'}</p>}
      >
        {(pacer) => <RoomPacer pacer={pacer()} serverNow={room.serverNow} offsetMs={room.offset()?.offsetMs ?? 0} pressed={room.pressed()} />}
      </Show>
      <Show when={room.pacer() && !solo() && !room.isHost() && (room.status() !== 'online' || finished())}>
        <button type="button" onClick={() => setSolo({ ...room.pacer()!, startAt: Math.round(room.serverNow() + 3000), by: 'me' })}>
          Breathe {room.pacer()!.pattern.name} on your own
        </button>
      </Show>
      <Show when={room.isHost()}>
        <div class="controls left host-controls">
          <label>
            Pattern
            <select value={patternId()} onChange={(e) => setPatternId(e.currentTarget.value)}>
              <For each={app.allPatterns()}>{(p) => <option value={p.id}>{p.name}</option>}</For>
            </select>
          </label>
          <button
            type="button"
            class="primary"
            onClick={() => change(() => room.startPacer(app.allPatterns().find((p) => p.id === patternId()) ?? app.allPatterns()[0]!, LEAD_MS))}
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
            <Match when={group().kind === 'pair'}>Pair sync {Math.round(group().value * 100)} / 100</Match>
            <Match when={group().kind === 'group'}>
              Group sync {Math.round(group().value * 100)} / 100 ({group().counted} people)
            </Match>
          </Switch>
        </p>
        <p class="hint">How in step your own breathing is with each other's, from everyone's presses; not a heart measure.</p>
        <ul class="members" data-testid="members">
          <For each={room.members()}>
            {(m) => (
              <li classList={{ pressed: m.pressed }}>
                <span class="member-name">
                  {m.name}
                  {m.me ? ' (you)' : ''}
                </span>
                <span class="hint">{m.score === null ? '' : `coherence ${m.score}`}</span>
              </li>
            )}
          </For>
        </ul>
      </section>
    </>
  );
}

/** Opens the room once for this page; nothing reactive is read here, so it never reopens. */
function OpenRoom(props: { id: RoomId; create: boolean }) {
  const app = useApp();
  const id = untrack(() => props.id);
  const room = openRoom(id, app.services.clock, { memberId: memberId(), name: displayName(), create: untrack(() => props.create) });
  return <Room room={room} url={roomUrl(window.location.origin, id)} />;
}

export default function RoomPage() {
  const params = useParams<{ id: string }>();
  const location = useLocation<{ create?: boolean }>();
  return (
    <section class="room" aria-labelledby="room-title">
      <h1 id="room-title">Breathe together</h1>
      <Show when={isRoomId(params.id) && params.id} keyed fallback={<p role="alert">This room link is not complete. Ask for the link again.</p>}>
        {(id) => <OpenRoom id={id as RoomId} create={location.state?.create === true} />}
      </Show>
    </section>
  );
}
