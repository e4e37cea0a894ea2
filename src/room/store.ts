/**
 * A room as a store for the UI: who is here, the shared pacer, this member's presses, and the
 * group figure, all derived from the shared document and presence.
 */
import { createMemo, createSignal, onCleanup, type Accessor } from 'solid-js';
import { individualCoherence, type Onset } from '../core/coherence.ts';
import type { OffsetEstimate } from '../core/clock-offset.ts';
import type { GroupCoherence } from '../core/group-coherence.ts';
import { planSession } from '../core/pacer.ts';
import type { Pattern } from '../core/pattern.ts';
import type { Clock } from '../shared/clock.ts';
import { connectRoom } from './connection.ts';
import { createCountdown } from './countdown.ts';
import type { RoomEnv } from './env.ts';
import type { RoomId } from './link.ts';
import { claimHost, hostOf, membersMap, readPacer, writeName, writePacer, type Presence, type SharedPacer } from './schema.ts';
import { createPresencePublisher, groupAt, type Member, readMembers } from './presence.ts';
import { createServerClock } from './server-clock.ts';
import type { RoomStatus } from './status.ts';

export type { Member } from './presence.ts';

/** One open room, for the UI. */
export interface RoomStore {
  readonly id: RoomId;
  readonly status: Accessor<RoomStatus>;
  /** Whole seconds until the next reconnect attempt, while one is scheduled. */
  readonly retryInS: Accessor<number | null>;
  readonly members: Accessor<readonly Member[]>;
  readonly pacer: Accessor<SharedPacer | null>;
  readonly isHost: Accessor<boolean>;
  readonly offset: Accessor<OffsetEstimate | null>;
  readonly group: Accessor<GroupCoherence>;
  readonly myName: Accessor<string>;
  readonly pressed: Accessor<boolean>;
  serverNow(): number;
  setName(name: string): void;
  /** Host only: starts `pattern` for everyone `leadMs` from now (server time). */
  startPacer(pattern: Pattern, leadMs: number): void;
  press(): void;
  release(): void;
}

const ONSETS_KEPT = 12;

/** Who opens the room. */
export interface RoomIdentity {
  readonly memberId: string;
  readonly name: string;
  /** The creator claims the host role (once); others join. */
  readonly create: boolean;
}

/** What a room needs from outside: the page's environment and the local clock. */
export interface RoomDeps {
  readonly env: RoomEnv;
  readonly clock: Clock;
}

/** Opens a room; call inside a reactive owner (a route), which closes it. */
export function openRoom(id: RoomId, { env, clock }: RoomDeps, me: RoomIdentity): RoomStore {
  const [status, setStatus] = createSignal<RoomStatus>({ kind: 'connecting' });
  const retry = createCountdown(clock);
  const conn = connectRoom(id, env, clock, (next) => {
    setStatus(next);
    retry.until(next.kind === 'offline' ? next.retryAt : null);
  });
  const { doc, provider } = conn;
  const awareness = provider.awareness;
  const [offset, setOffset] = createSignal<OffsetEstimate | null>(null);
  const serverClock = createServerClock(clock, env, setOffset);
  const [version, setVersion] = createSignal(0);
  const bump = () => setVersion((v) => v + 1);
  const [tick, setTick] = createSignal(0);
  const ticker = setInterval(() => setTick((t) => t + 1), 1000);
  const [myName, setMyName] = createSignal(me.name);
  const [pressed, setPressed] = createSignal(false);
  const onsets: Onset[] = [];

  doc.on('update', bump);
  awareness.on('change', bump);
  void conn.loaded
    // reason: a device copy that does not load (storage refused) leaves the room working from the relay alone.
    .catch((error: unknown) => console.error('room: the copy on this device did not load', error))
    .then(() => {
      if (me.create) claimHost(doc, me.memberId);
      if (me.name) writeName(doc, me.memberId, me.name);
      bump();
    });

  // `version()` is read so each memo reruns when the document or presence changes.
  const pacer = createMemo(() => {
    version();
    return readPacer(doc);
  });
  const isHost = createMemo(() => {
    version();
    return hostOf(doc) === me.memberId;
  });

  /** Own coherence against the shared pacer, from this member's onsets since it started. */
  const myScore = (): number | null => {
    const p = pacer();
    if (!p) return null;
    const plan = planSession(p.pattern);
    const elapsed = Math.min(plan.durationMs, serverClock.now() - p.startAt);
    const relative = onsets.map((o) => ({ kind: o.kind, atMs: o.atMs - p.startAt }));
    return individualCoherence(p.pattern, relative, elapsed)?.score ?? null;
  };

  const publisher = createPresencePublisher(
    clock,
    () => awareness.getStates().size,
    () => {
      const presence: Presence = {
        memberId: me.memberId,
        name: myName(),
        pressed: pressed(),
        onsets: onsets
          .filter((o) => o.kind === 'inhale')
          .map((o) => Math.round(o.atMs))
          .slice(-ONSETS_KEPT),
        score: myScore(),
      };
      awareness.setLocalState(presence);
    },
  );
  const publish = publisher.publish;
  publish();

  const members = createMemo<readonly Member[]>(() => {
    version();
    const names = membersMap(doc);
    return readMembers(awareness.getStates().values(), (id) => names.get(id)?.name, me.memberId);
  });

  // The same figure on every device: computed from everyone's presence at a whole server second.
  const group = createMemo(() => {
    tick();
    version();
    return groupAt(awareness.getStates().values(), Math.floor(serverClock.now() / 1000) * 1000);
  });

  onCleanup(() => {
    clearInterval(ticker);
    publisher.dispose();
    retry.dispose();
    serverClock.dispose();
    awareness.setLocalState(null);
    conn.dispose();
  });

  const record = (kind: Onset['kind']) => {
    onsets.push({ kind, atMs: serverClock.now() });
    if (onsets.length > ONSETS_KEPT * 4) onsets.splice(0, onsets.length - ONSETS_KEPT * 4);
    publish();
  };

  return {
    id,
    status,
    retryInS: retry.seconds,
    members,
    pacer,
    isHost,
    offset,
    group,
    myName,
    pressed,
    serverNow: () => serverClock.now(),
    setName(name) {
      setMyName(name);
      writeName(doc, me.memberId, name);
      publish();
    },
    startPacer(pattern, leadMs) {
      if (!isHost()) return;
      writePacer(doc, { pattern, startAt: Math.round(serverClock.now() + leadMs), by: me.memberId });
    },
    press() {
      if (pressed()) return;
      setPressed(true);
      record('inhale');
    },
    release() {
      if (!pressed()) return;
      setPressed(false);
      record('exhale');
    },
  };
}
