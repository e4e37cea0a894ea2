/**
 * Who is present in an open room, for its store: the members and the group figure from everyone's
 * presence, or, in a big room, from the relay's field (src/shared/room-field.ts), with a ring of the
 * faces it sampled lately.
 */
import { batch, createMemo, createSignal, untrack, type Accessor } from 'solid-js';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { GroupCoherence } from '../core/group-coherence.ts';
import { FIELD_PRESENCE_ID, type GroupHeart, readField, type RoomField } from '../shared/room-field.ts';
import { type Face, fieldGroup, fieldHeart, ringWith } from './field.ts';
import { groupAt, groupHeart, type PresentMember, readMembersAt } from './presence.ts';
import { membersMap } from './schema.ts';

/** Presence as the room's store reads it. */
export interface Present {
  /** From everyone's presence; in a field, this member and the faces sampled lately (read once a second). */
  readonly members: Accessor<readonly PresentMember[]>;
  /** How many are here: the members, or the field's count (read once a second). */
  readonly here: Accessor<number>;
  /** The relay's field (up to five frames a second), or null in a room small enough to list. */
  readonly field: Accessor<RoomField | null>;
  /** The field read once a second, as `here` is: for its counts in words, so the two never disagree. */
  readonly fieldEachSecond: Accessor<RoomField | null>;
  readonly inField: Accessor<boolean>;
  /** In a field, the faces sampled lately, oldest first (at most `FACE_RING`); empty otherwise. */
  readonly faces: Accessor<readonly Face[]>;
  /** The group figure at a whole server second, or the one the relay computed for a field. */
  readonly group: Accessor<GroupCoherence>;
  /** The group's heart coherence (mean and sharers), from everyone's presence or the field; null under two sharers. */
  readonly heart: Accessor<GroupHeart | null>;
}

/** What presence is read with: the room's document (for names) and its changes, and its clocks. */
export interface PresentDeps {
  readonly awareness: Awareness;
  readonly doc: Y.Doc;
  /** Bumped on each change of the document (names live there). */
  readonly docVersion: Accessor<number>;
  /** Bumped once a second: whether someone breathes along, and the figure, depend on the time. */
  readonly tick: Accessor<number>;
  readonly myId: string;
  serverNow(): number;
}

/** Reads presence for a room; call inside the room's reactive owner. */
export function createPresent({ awareness, doc, docVersion, tick, myId, serverNow }: PresentDeps): Present {
  const [version, setVersion] = createSignal(0);
  const [field, setField] = createSignal<RoomField | null>(null);
  const [faces, setFaces] = createSignal<readonly Face[]>([]);
  const nameOf = (memberId: string) => membersMap(doc).get(memberId)?.name;
  awareness.on('change', () => {
    const next = readField(awareness.getStates().get(FIELD_PRESENCE_ID));
    batch(() => {
      setField(next);
      setFaces((ring) => (next ? ringWith(ring, next.faces, nameOf, myId) : ring.length ? [] : ring));
      setVersion((v) => v + 1);
    });
  });
  const inField = createMemo(() => field() !== null);
  // In a field the figures follow it once a second (its frames come five times as often), and the
  // presence states still held from before it (nobody's is relayed now) are neither shown nor counted.
  const fieldNow = createMemo(() => {
    tick();
    return inField() ? untrack(field) : null;
  });

  const members = createMemo<readonly PresentMember[]>(() => {
    docVersion();
    tick();
    const now = serverNow();
    if (inField()) {
      const mine = readMembersAt([awareness.getLocalState()], nameOf, myId, now);
      const sampled = untrack(faces)
        .filter((f) => !f.me)
        .map((f) => ({ ...f, pressed: false, breathing: false, score: null, heart: null }));
      return [...mine, ...sampled];
    }
    version();
    return readMembersAt(awareness.getStates().values(), nameOf, myId, now);
  });

  // The same figure on every device: from everyone's presence at a whole server second.
  const group = createMemo(() => {
    tick();
    const f = fieldNow();
    if (f) return fieldGroup(f);
    version();
    return groupAt(awareness.getStates().values(), Math.floor(serverNow() / 1000) * 1000);
  });

  // In a field the members listed are a sample: the relay's sums are the room's.
  const heart = createMemo(
    () => {
      const f = fieldNow();
      return f ? fieldHeart(f) : groupHeart(members());
    },
    null,
    { equals: (a, b) => a?.mean === b?.mean && a?.sharing === b?.sharing },
  );

  return { members, here: () => fieldNow()?.here ?? members().length, field, fieldEachSecond: fieldNow, inField, faces, group, heart };
}
