/**
 * The relay's field (src/shared/room-field.ts) as the app reads it: the group figure it carries, and
 * a ring of the faces it sampled lately, named as the room's document names them.
 */
import type { GroupCoherence } from '../core/group-coherence.ts';
import { type FieldFace, type GroupHeart, groupHeartOf, type RoomField } from '../shared/room-field.ts';
import { cleanName, memberColour } from './presence.ts';

/** Faces kept in the ring: enough to show a crowd, few enough to cost nothing. */
export const FACE_RING = 24;

/** One sampled member, as a face shows it. */
export interface Face {
  readonly memberId: string;
  /** The name the room's document holds, else the one the relay sampled ('' if neither: the UI words it). */
  readonly name: string;
  /** A hue (0-359) from the member id, as in the people list. */
  readonly colour: number;
  readonly me: boolean;
}

/** The group figure a field carries, in the shape the room's own computation gives (pair at two, group from three). */
export function fieldGroup(field: RoomField): GroupCoherence {
  const kind = field.counted >= 3 ? 'group' : field.counted === 2 ? 'pair' : 'none';
  return { counted: field.counted, kind, value: kind === 'none' ? 0 : field.ppc };
}

/** The group's heart coherence a field carries, or null when it carries none (under two sharers, or a relay from before it). */
export const fieldHeart = (field: RoomField): GroupHeart | null =>
  field.heart ? groupHeartOf(field.heart.sum, field.heart.sharing) : null;

/**
 * The ring after a frame's `faces`: a face not in it joins at the newest end (the oldest leave past
 * `size`); one already in it keeps its place, renamed if its name changed. The same ring (===) when
 * nothing changed, so a frame that brings no one new notifies nobody.
 */
export function ringWith(
  ring: readonly Face[],
  faces: readonly FieldFace[],
  nameOf: (memberId: string) => string | undefined,
  myId: string,
  size = FACE_RING,
): readonly Face[] {
  let next: Face[] | null = null;
  for (const face of faces) {
    const name = cleanName(nameOf(face.id)) || cleanName(face.name);
    const current = next ?? ring;
    const at = current.findIndex((f) => f.memberId === face.id);
    if (at >= 0 && current[at]!.name === name) continue;
    next ??= [...ring];
    if (at >= 0) next[at] = { ...next[at]!, name };
    else next.push({ memberId: face.id, name, colour: memberColour(face.id), me: face.id === myId });
  }
  if (!next) return ring;
  return next.length > size ? next.slice(next.length - size) : next;
}
