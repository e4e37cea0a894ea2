/**
 * The room's shared document. Each key has one writer at a time, so concurrent edits never fight:
 *
 *   room.host        member id of whoever leads the room: claimed by its creator (or by the first
 *                    member of an empty room), then changed only by the host (handing over) or, once
 *                    the host has left, by a member taking the lead
 *   room.createdAt   server ms the room was claimed at: a copy older than a deletion is stale
 *   room.pacer       the shared session (core/room-session.ts), written by the host only
 *   room.pattern     the pattern the host has chosen for the next session, shown in the lobby
 *   room.locked      true while the host has locked the pattern: it stays as it is, whoever leads
 *   room.glyph       the guide everyone sees: a glyph CID, or 'shape' for the drawn circle
 *   members.<id>     { name } written by that member only
 *
 * Presence (awareness, not stored): { memberId, name, pressed, onsets (recent inhale onsets,
 * server ms), score (own coherence against the pacer, 0-100, or null), heart (own heart coherence
 * score, 0-100, only while the member chose to share it: never beats) }.
 */
import type * as Y from 'yjs';
import { type Pattern, validatePattern } from '../core/pattern.ts';
import type { RoomSession } from '../core/room-session.ts';
import { ChangeTooLargeError } from './status.ts';

export type { RoomSession } from '../core/room-session.ts';
export { ChangeTooLargeError } from './status.ts';

export interface Presence {
  readonly memberId: string;
  readonly name: string;
  readonly pressed: boolean;
  readonly onsets: readonly number[];
  readonly score: number | null;
  /** The member's heart coherence score (0-100, whole) while they share it, null until their sensor has one; absent when they do not share. */
  readonly heart?: number | null;
}

export const MAX_NAME_LENGTH = 40;
/** The relay closes frames over 256 KiB; a change this size is refused here instead of resent forever. */
export const MAX_CHANGE_BYTES = 64 * 1024;
/** Glyph choices are CIDs (about 60 characters) or 'shape'. */
const MAX_GLYPH_LENGTH = 128;

const checkSize = (value: unknown) => {
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > MAX_CHANGE_BYTES) throw new ChangeTooLargeError(bytes, MAX_CHANGE_BYTES);
};

export const roomMap = (doc: Y.Doc) => doc.getMap<unknown>('room');
export const membersMap = (doc: Y.Doc) => doc.getMap<{ name: string }>('members');

const finiteOrNull = (v: unknown): number | null | undefined =>
  v === null || v === undefined ? null : Number.isFinite(v) ? (v as number) : undefined;

/** The shared session, or null when there is none or it is not valid (written by a newer or broken client). */
export function readPacer(doc: Y.Doc): RoomSession | null {
  const raw = roomMap(doc).get('pacer') as Record<string, unknown> | undefined;
  if (!raw || typeof raw !== 'object' || typeof raw.startAt !== 'number' || !Number.isFinite(raw.startAt) || typeof raw.by !== 'string') {
    return null;
  }
  const pausedAt = finiteOrNull(raw.pausedAt);
  const endedAt = finiteOrNull(raw.endedAt);
  if (pausedAt === undefined || endedAt === undefined) return null;
  try {
    return {
      // Sessions written before ids existed are told apart by their start.
      id: typeof raw.id === 'string' ? raw.id : `at-${raw.startAt}`,
      pattern: validatePattern(raw.pattern),
      startAt: raw.startAt,
      by: raw.by,
      pausedAt,
      endedAt,
    };
  } catch {
    // reason: validatePattern throws for a pattern that is not one; such a pacer is ignored, not shown half-valid.
    return null;
  }
}

export function writePacer(doc: Y.Doc, s: RoomSession): void {
  const value = { id: s.id, pattern: s.pattern, startAt: s.startAt, by: s.by, pausedAt: s.pausedAt, endedAt: s.endedAt };
  checkSize(value);
  roomMap(doc).set('pacer', value);
}

/** Claims the host role for `memberId` if nobody holds it, noting when the room began (server ms). */
export function claimHost(doc: Y.Doc, memberId: string, nowServerMs: number): void {
  doc.transact(() => {
    const room = roomMap(doc);
    if (room.has('host')) return;
    room.set('host', memberId);
    if (!room.has('createdAt')) room.set('createdAt', Math.round(nowServerMs));
  });
}

export const hostOf = (doc: Y.Doc): string | undefined => {
  const host = roomMap(doc).get('host');
  return typeof host === 'string' ? host : undefined;
};

/** Gives the host role to `memberId` (the host handing over, or a member taking the lead of a room its host left). */
export function setHost(doc: Y.Doc, memberId: string): void {
  roomMap(doc).set('host', memberId);
}

/** When the room was claimed (server ms), or null for a room from before this was kept. */
export const createdAtOf = (doc: Y.Doc): number | null => {
  const at = roomMap(doc).get('createdAt');
  return typeof at === 'number' && Number.isFinite(at) ? at : null;
};

/** Whether this copy holds anything of a room (a fresh copy of a new room holds nothing). */
export const holdsRoom = (doc: Y.Doc): boolean => roomMap(doc).size > 0 || membersMap(doc).size > 0;

/** The pattern the host chose for the next session, or null. */
export function readPlannedPattern(doc: Y.Doc): Pattern | null {
  const raw = roomMap(doc).get('pattern');
  if (raw === undefined) return null;
  try {
    return validatePattern(raw);
  } catch {
    // reason: validatePattern throws for a pattern that is not one; then none is planned.
    return null;
  }
}

export function writePlannedPattern(doc: Y.Doc, pattern: Pattern): void {
  checkSize(pattern);
  roomMap(doc).set('pattern', pattern);
}

export const isLocked = (doc: Y.Doc): boolean => roomMap(doc).get('locked') === true;
export function writeLocked(doc: Y.Doc, locked: boolean): void {
  roomMap(doc).set('locked', locked);
}

/** The room's guide: a glyph CID or 'shape'; null when the host has not said. */
export const readGlyph = (doc: Y.Doc): string | null => {
  const glyph = roomMap(doc).get('glyph');
  return typeof glyph === 'string' && glyph.length > 0 && glyph.length <= MAX_GLYPH_LENGTH ? glyph : null;
};

export function writeGlyph(doc: Y.Doc, glyph: string): void {
  if (glyph.length > MAX_GLYPH_LENGTH) throw new ChangeTooLargeError(glyph.length, MAX_GLYPH_LENGTH);
  roomMap(doc).set('glyph', glyph);
}

export function writeName(doc: Y.Doc, memberId: string, name: string): void {
  const clean = name.trim().slice(0, MAX_NAME_LENGTH);
  checkSize(clean);
  membersMap(doc).set(memberId, { name: clean });
}
