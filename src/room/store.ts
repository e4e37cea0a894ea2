/**
 * A room as a store for the UI: who is here, the shared pacer, this member's presses, and the
 * group figure, all derived from the shared document and presence.
 */
import { createMemo, createSignal, onCleanup, type Accessor } from 'solid-js';
import { individualCoherence, type Onset } from '../core/coherence.ts';
import type { OffsetEstimate } from '../core/clock-offset.ts';
import { groupCoherence, type GroupCoherence } from '../core/group-coherence.ts';
import { planSession } from '../core/pacer.ts';
import type { Pattern } from '../core/pattern.ts';
import type { Clock } from '../shared/clock.ts';
import { connectRoom } from './connection.ts';
import { createCountdown } from './countdown.ts';
import type { RoomEnv } from './env.ts';
import type { RoomId } from './link.ts';
import { claimHost, hostOf, membersMap, readPacer, writeName, writePacer, type Presence, type SharedPacer } from './schema.ts';
import { createServerClock } from './server-clock.ts';
import type { RoomStatus } from './status.ts';

/** Someone present in the room. */
export interface Member {
  readonly memberId: string;
  /** The name they gave ('' if none: the UI words it). */
  readonly name: string;
  readonly pressed: boolean;
  readonly score: number | null;
  readonly me: boolean;
}

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

/** Presence every second in small rooms, less often in large ones (a room costs N^2 messages). */
export const presenceIntervalMs = (members: number): number => Math.max(250, Math.min(5000, members * 10));

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
  void conn.loaded.then(() => {
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

  let lastSent = 0;
  let pendingSend: ReturnType<typeof setTimeout> | undefined;
  const publish = () => {
    const interval = presenceIntervalMs(awareness.getStates().size);
    const wait = lastSent + interval - clock.now();
    if (wait > 0) {
      pendingSend ??= setTimeout(() => {
        pendingSend = undefined;
        publish();
      }, wait);
      return;
    }
    lastSent = clock.now();
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
  };
  publish();

  const members = createMemo<readonly Member[]>(() => {
    version();
    const names = membersMap(doc);
    const byId = new Map<string, Member>();
    for (const state of awareness.getStates().values()) {
      const p = state as Partial<Presence>;
      if (typeof p.memberId !== 'string') continue;
      byId.set(p.memberId, {
        memberId: p.memberId,
        name: names.get(p.memberId)?.name || p.name || '',
        pressed: p.pressed === true,
        score: typeof p.score === 'number' ? p.score : null,
        me: p.memberId === me.memberId,
      });
    }
    return [...byId.values()].sort((a, b) => Number(b.me) - Number(a.me) || a.name.localeCompare(b.name));
  });

  // The same figure on every device: computed from everyone's presence at a whole server second.
  const group = createMemo(() => {
    tick();
    version();
    const at = Math.floor(serverClock.now() / 1000) * 1000;
    // One person in two tabs is one member: keep one presence per member id (the most onsets).
    const byMember = new Map<string, readonly number[]>();
    for (const s of awareness.getStates().values() as Iterable<Partial<Presence>>) {
      if (typeof s.memberId !== 'string' || !Array.isArray(s.onsets)) continue;
      const known = byMember.get(s.memberId);
      if (!known || s.onsets.length > known.length) byMember.set(s.memberId, s.onsets);
    }
    return groupCoherence(
      [...byMember].map(([id, inhaleOnsets]) => ({ id, inhaleOnsets })),
      at,
    );
  });

  onCleanup(() => {
    clearInterval(ticker);
    clearTimeout(pendingSend);
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
