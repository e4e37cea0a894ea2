/**
 * The room's shared document. Each key has one writer, so concurrent edits never fight:
 *
 *   room.host              the member id of whoever created the room (written once)
 *   room.pacer             { pattern, startAt (server ms), by } written by the host only
 *   members.<member id>    { name } written by that member only
 *
 * Presence (awareness, not stored): { memberId, name, pressed, onsets (recent inhale onsets,
 * server ms), score (own coherence against the pacer, 0-100, or null) }.
 */
import type * as Y from 'yjs';
import { validatePattern, type Pattern } from '../core/pattern.ts';

export interface SharedPacer {
  readonly pattern: Pattern;
  readonly startAt: number;
  readonly by: string;
}

export interface Presence {
  readonly memberId: string;
  readonly name: string;
  readonly pressed: boolean;
  readonly onsets: readonly number[];
  readonly score: number | null;
}

export const MAX_NAME_LENGTH = 40;
/** The relay closes frames over 256 KiB; a change this size is refused here instead of resent forever. */
export const MAX_CHANGE_BYTES = 64 * 1024;

/** A local change too large to share (`bytes` over `limit`): refused, never queued. */
export class ChangeTooLargeError extends Error {
  override readonly name = 'ChangeTooLargeError';
  readonly bytes: number;
  readonly limit: number;
  constructor(bytes: number, limit: number = MAX_CHANGE_BYTES) {
    super(`change of ${bytes} bytes over the ${limit} byte limit`);
    this.bytes = bytes;
    this.limit = limit;
  }
}

const checkSize = (value: unknown) => {
  const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
  if (bytes > MAX_CHANGE_BYTES) throw new ChangeTooLargeError(bytes);
};

export const roomMap = (doc: Y.Doc) => doc.getMap<unknown>('room');
export const membersMap = (doc: Y.Doc) => doc.getMap<{ name: string }>('members');

export function readPacer(doc: Y.Doc): SharedPacer | null {
  const raw = roomMap(doc).get('pacer') as { pattern?: unknown; startAt?: unknown; by?: unknown } | undefined;
  if (!raw || typeof raw.startAt !== 'number' || typeof raw.by !== 'string') return null;
  try {
    return { pattern: validatePattern(raw.pattern), startAt: raw.startAt, by: raw.by };
  } catch {
    // reason: a pacer written by a newer or broken client is ignored, not shown half-valid.
    return null;
  }
}

export function claimHost(doc: Y.Doc, memberId: string): void {
  doc.transact(() => {
    if (!roomMap(doc).has('host')) roomMap(doc).set('host', memberId);
  });
}

export const hostOf = (doc: Y.Doc): string | undefined => roomMap(doc).get('host') as string | undefined;

export function writePacer(doc: Y.Doc, pacer: SharedPacer): void {
  checkSize(pacer);
  roomMap(doc).set('pacer', { pattern: pacer.pattern, startAt: pacer.startAt, by: pacer.by });
}

export function writeName(doc: Y.Doc, memberId: string, name: string): void {
  const clean = name.trim().slice(0, MAX_NAME_LENGTH);
  checkSize(clean);
  membersMap(doc).set(memberId, { name: clean });
}
