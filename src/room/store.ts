/**
 * A room as a store for the UI: who is here, the shared session and who leads it, this member's
 * presses, the group figure, and this member's part in each session (for their own journal), all
 * derived from the shared document and presence.
 */
import { createMemo, createSignal, onCleanup, untrack, type Accessor } from 'solid-js';
import type { OffsetEstimate } from '../core/clock-offset.ts';
import type { Onset } from '../core/coherence.ts';
import type { HeartReading } from '../core/heart/beat.ts';
import type { GroupCoherence } from '../core/group-coherence.ts';
import { cycleMs, type Pattern } from '../core/pattern.ts';
import { endSession, pauseSession, resumeSession, type RoomSession } from '../core/room-session.ts';
import type { SessionSummary } from '../core/summary.ts';
import { randomBytes, toBase64Url } from '../shared/bytes.ts';
import type { Clock } from '../shared/clock.ts';
import { type GroupHeart, readHeartScore, type RoomField } from '../shared/room-field.ts';
import { connectRoom } from './connection.ts';
import { createCountdown } from './countdown.ts';
import type { RoomEnv } from './env.ts';
import type { Face } from './field.ts';
import type { RoomId } from './link.ts';
import { createPresent } from './present.ts';
import { createPresencePublisher, type PresentMember } from './presence.ts';
import {
  claimHost,
  hostOf,
  isLocked,
  type Presence,
  readGlyph,
  readPacer,
  readPlannedPattern,
  setHost,
  writeGlyph,
  writeLocked,
  writeName,
  writePacer,
  writePlannedPattern,
} from './schema.ts';
import { createServerClock } from './server-clock.ts';
import { NotHostError, RoomDeleteError, type RoomStatus } from './status.ts';
import { createSessionTaking } from './taking.ts';

export type { PresentMember as Member } from './presence.ts';
export type { Face } from './field.ts';

/** One open room, for the UI. */
export interface RoomStore {
  readonly id: RoomId;
  readonly status: Accessor<RoomStatus>;
  /** Whole seconds until the next reconnect attempt, while one is scheduled. */
  readonly retryInS: Accessor<number | null>;
  /**
   * Who is here: from everyone's presence, or in a field (a big room, where the relay relays no one's
   * presence) this member and the faces sampled lately.
   */
  readonly members: Accessor<readonly PresentMember[]>;
  /** How many are here: the members, or the field's count (read once a second). */
  readonly here: Accessor<number>;
  /** The relay's field in a big room (up to five frames a second), or null in a room small enough to list. */
  readonly field: Accessor<RoomField | null>;
  /** The field read once a second, as `here` is (its counts in words). */
  readonly fieldEachSecond: Accessor<RoomField | null>;
  /** In a field, the faces sampled lately, oldest first (at most `FACE_RING`); empty otherwise. */
  readonly faces: Accessor<readonly Face[]>;
  /** The shared session (running, scheduled, paused or over), or null before the first. */
  readonly session: Accessor<RoomSession | null>;
  /** The member id of whoever leads the room. */
  readonly hostId: Accessor<string | undefined>;
  readonly isHost: Accessor<boolean>;
  /** Whether whoever leads the room is here now (a room whose host left can be led by someone else). */
  readonly hostHere: Accessor<boolean>;
  /** The pattern chosen for the next session, or null. */
  readonly plannedPattern: Accessor<Pattern | null>;
  /** The pattern is locked: nobody changes it until the host unlocks it. */
  readonly locked: Accessor<boolean>;
  /** The guide everyone sees: a glyph CID, 'shape', or null when the host has not said. */
  readonly glyph: Accessor<string | null>;
  /** Whether this device made the room and can delete it from the relay. */
  readonly canDelete: boolean;
  readonly offset: Accessor<OffsetEstimate | null>;
  readonly group: Accessor<GroupCoherence>;
  /** The group's heart coherence: the mean of the scores members share and how many share, or null under two sharers. */
  readonly groupHeart: Accessor<GroupHeart | null>;
  /** Whether this device's heart sensor runs (only then can its figure be shared). */
  readonly heartRunning: Accessor<boolean>;
  /** Whether this member chose to share their heart coherence score (off unless they did). */
  readonly sharesHeart: Accessor<boolean>;
  setSharesHeart(on: boolean): void;
  readonly myName: Accessor<string>;
  readonly pressed: Accessor<boolean>;
  /** This member's part in the last session that ended while they were here. */
  readonly lastSession: Accessor<SessionSummary | null>;
  serverNow(): number;
  setName(name: string): void;
  press(): void;
  release(): void;
  // The host's actions; each throws NotHostError for anyone else.
  choosePattern(pattern: Pattern): void;
  setLocked(locked: boolean): void;
  setGlyph(glyph: string): void;
  /** Starts `pattern` for everyone at server time `startAt` (a few seconds ahead, or a scheduled instant). */
  start(pattern: Pattern, startAt: number): void;
  pause(): void;
  resume(): void;
  /** Ends the session for everyone now. */
  end(): void;
  handOver(memberId: string): void;
  /** Takes the lead of a room whose host has left (anyone may). */
  takeLead(): void;
  /** Deletes the room from the relay (the device that made it only); everyone's copy goes with it. */
  deleteRoom(): Promise<void>;
}

const ONSETS_KEPT = 12;

/** Who opens the room. */
export interface RoomIdentity {
  readonly memberId: string;
  readonly name: string;
  /** The creator claims the host role (once); others join. */
  readonly create: boolean;
  /** The key that made the room (base64url), kept only by the device that made it. */
  readonly ownerKey: string | null;
  /** Whether this member shares their heart coherence score (kept on the device); off when absent. */
  readonly sharesHeart?: boolean;
}

/** What a room reads of this device's heart sensor (the app's heart store fits it). */
export interface HeartFeed {
  status(): 'idle' | 'starting' | 'running' | 'lost';
  reading(): HeartReading | null;
}

/** What a room needs from outside: the page's environment and the local clock. */
export interface RoomDeps {
  readonly env: RoomEnv;
  readonly clock: Clock;
  /** Hears this member's part in each session that ends while they are here (to keep it in their journal). */
  readonly onSessionEnd?: (summary: SessionSummary) => void;
  /** Hears that this device deleted the room (its owner key is no longer needed). */
  readonly onDeleted?: () => void;
  /** This device's heart sensor, whose coherence score this member may share; without it there is none to share. */
  readonly heart?: HeartFeed;
}

/** Opens a room; call inside a reactive owner (a route), which closes it. */
export function openRoom(id: RoomId, { env, clock, onSessionEnd, onDeleted, heart }: RoomDeps, me: RoomIdentity): RoomStore {
  const [status, setStatus] = createSignal<RoomStatus>({ kind: 'connecting' });
  const retry = createCountdown(clock);
  const [offset, setOffset] = createSignal<OffsetEstimate | null>(null);
  const serverClock = createServerClock(clock, env, setOffset);
  // This member's part in each session, for their journal (taking.ts); the figures are read at its end.
  const taking = createSessionTaking({
    localNow: () => clock.now(),
    clockKnown: () => serverClock.estimate() !== null,
    figures: () => {
      const g = group();
      return {
        group: g.kind === 'none' ? null : { kind: g.kind, value: g.value, counted: g.counted },
        people: Math.max(1, here()),
        facilitated: true,
      };
    },
    onEnd(summary) {
      setLastSession(summary);
      // Less than a cycle breathed is not a session to keep.
      if (summary.durationMs >= cycleMs(summary.pattern)) onSessionEnd?.(summary);
    },
  });
  const conn = connectRoom(id, env, clock, (next) => {
    setStatus(next);
    retry.until(next.kind === 'offline' ? next.retryAt : null);
    // An empty room (new, or opened again after its deletion) is led by whoever comes first; begun
    // after the deletion the relay told of, whatever this device's clock says, so that its copies
    // are never taken for the deleted room's.
    if (next.kind === 'online' && !hostOf(conn.doc))
      claimHost(conn.doc, me.memberId, Math.max(serverClock.now(), (conn.deletedAt() ?? 0) + 1));
    // The room is gone: what was breathed until now is this member's to keep; nothing more is followed.
    if (next.kind === 'deleted') taking.close(serverClock.now());
  });
  const { doc, provider } = conn;
  const awareness = provider.awareness;
  // Bumped on each change of the document (presence has its own: a field changes five times a second).
  const [version, setVersion] = createSignal(0);
  const bump = () => setVersion((v) => v + 1);
  const [tick, setTick] = createSignal(0);
  const [myName, setMyName] = createSignal(me.name);
  const [pressed, setPressed] = createSignal(false);
  const [lastSession, setLastSession] = createSignal<SessionSummary | null>(null);
  const [sharesHeart, setSharesHeart] = createSignal(me.sharesHeart === true);
  const heartRunning = () => heart?.status() === 'running';
  /** What presence says of the heart: the score while shared and running (null until there is one), undefined otherwise (the key is left out). */
  const heartShared = (): number | null | undefined =>
    sharesHeart() && heartRunning() ? readHeartScore(heart?.reading()?.coherence?.score) : undefined;
  let heartSent: number | null | undefined;
  /** Inhale and exhale onsets in server time: the group figure's input, whatever the session. */
  const onsets: Onset[] = [];

  doc.on('update', bump);
  const {
    members,
    here,
    field,
    fieldEachSecond,
    inField,
    faces,
    group,
    heart: groupHeart,
  } = createPresent({
    awareness,
    doc,
    docVersion: version,
    tick,
    myId: me.memberId,
    serverNow: () => serverClock.now(),
  });
  void conn.loaded
    // reason: a device copy that does not load (storage refused) leaves the room working from the relay alone.
    .catch((error: unknown) => console.error('room: the copy on this device did not load', error))
    .then(() => {
      if (me.create) claimHost(doc, me.memberId, serverClock.now());
      if (me.name) writeName(doc, me.memberId, me.name);
      bump();
    });

  // `version()` is read so each memo reruns when the document changes.
  const session = createMemo(() => {
    version();
    return readPacer(doc);
  });
  const hostId = createMemo(() => {
    version();
    return hostOf(doc);
  });
  const isHost = () => hostId() === me.memberId;
  const plannedPattern = createMemo(() => {
    version();
    return readPlannedPattern(doc);
  });
  const locked = createMemo(() => {
    version();
    return isLocked(doc);
  });
  const glyph = createMemo(() => {
    version();
    return readGlyph(doc);
  });

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
        score: taking.score(serverClock.now()),
      };
      heartSent = untrack(heartShared);
      awareness.setLocalState(heartSent === undefined ? presence : { ...presence, heart: heartSent });
    },
    () => untrack(inField),
  );
  const publish = publisher.publish;
  publish();

  // A field lists no one in full, so whether the host is here is not known: they are taken to be,
  // rather than offering thousands the lead at once.
  const hostHere = () => inField() || members().some((m) => m.memberId === hostId());

  // The shared session is looked at on every change of the document and once a second (it ends by time too).
  const follow = () => taking.follow(session(), serverClock.now());
  const ticker = setInterval(() => {
    setTick((t) => t + 1);
    follow();
    // The heart's figure changes every few seconds: looked at here, and sent by the publisher's pace.
    if (heartShared() !== heartSent) publish();
  }, 1000);
  doc.on('update', follow);

  onCleanup(() => {
    clearInterval(ticker);
    doc.off('update', follow);
    // Leaving during a session keeps what was breathed, as stopping a session alone does.
    taking.close(serverClock.now());
    publisher.dispose();
    retry.dispose();
    serverClock.dispose();
    awareness.setLocalState(null);
    conn.dispose();
  });

  const record = (kind: Onset['kind']) => {
    const now = serverClock.now();
    onsets.push({ kind, atMs: now });
    if (onsets.length > ONSETS_KEPT * 4) onsets.splice(0, onsets.length - ONSETS_KEPT * 4);
    taking.record(kind, now);
    publish();
  };

  /** Runs a host's change; anyone else is refused. */
  const asHost = (change: () => void) => {
    if (!isHost()) throw new NotHostError();
    change();
  };
  const changeSession = (next: (s: RoomSession, now: number) => RoomSession) =>
    asHost(() => {
      const s = session();
      if (!s) return;
      const changed = next(s, Math.round(serverClock.now()));
      if (changed !== s) writePacer(doc, changed);
    });

  return {
    id,
    status,
    retryInS: retry.seconds,
    members,
    here,
    field,
    fieldEachSecond,
    faces,
    session,
    hostId,
    isHost,
    hostHere,
    plannedPattern,
    locked,
    glyph,
    canDelete: me.ownerKey !== null,
    offset,
    group,
    groupHeart,
    heartRunning,
    sharesHeart,
    setSharesHeart(on) {
      setSharesHeart(on);
      publish();
    },
    myName,
    pressed,
    lastSession,
    serverNow: () => serverClock.now(),
    setName(name) {
      setMyName(name);
      writeName(doc, me.memberId, name);
      publish();
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
    choosePattern: (pattern) => asHost(() => !locked() && writePlannedPattern(doc, pattern)),
    setLocked: (next) => asHost(() => writeLocked(doc, next)),
    setGlyph: (next) => asHost(() => next !== glyph() && writeGlyph(doc, next)),
    start: (pattern, startAt) =>
      asHost(() =>
        doc.transact(() => {
          writePacer(doc, {
            id: toBase64Url(randomBytes(9)),
            pattern,
            startAt: Math.round(startAt),
            by: me.memberId,
            pausedAt: null,
            endedAt: null,
          });
          if (!locked()) writePlannedPattern(doc, pattern);
        }),
      ),
    pause: () => changeSession(pauseSession),
    resume: () => changeSession(resumeSession),
    end: () => changeSession(endSession),
    handOver: (memberId) => asHost(() => setHost(doc, memberId)),
    takeLead() {
      if (!hostHere()) setHost(doc, me.memberId);
    },
    async deleteRoom() {
      if (!me.ownerKey) throw new RoomDeleteError('not-owner');
      const response = await env
        .fetch(env.roomHttpUrl(id), { method: 'DELETE', headers: { authorization: `Bearer ${me.ownerKey}` } })
        .catch((cause: unknown) => {
          throw new RoomDeleteError('offline', undefined, cause);
        });
      if (response.status !== 204) throw new RoomDeleteError('refused', response.status);
      onDeleted?.();
      // Everyone connected hears it from the relay; this device need not wait for that.
      await conn.forget();
    },
  };
}
