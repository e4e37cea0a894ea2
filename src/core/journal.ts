/** A journal entry: one practised session, as the person's history keeps it. */
import type { Coherence } from './coherence.ts';
import type { Phase } from './pattern.ts';

export type Mood = 1 | 2 | 3 | 4 | 5;

/**
 * A session breathed in a room, as this member's journal keeps it: nobody's name, no member or
 * room id (the room id is the link's secret), only figures.
 */
export interface RoomRecord {
  /** The room's sync figure (core/group-coherence.ts): 'pair' for two counted, 'group' for three or more; null when there was none. */
  readonly group: { readonly kind: 'pair' | 'group'; readonly value: number; readonly counted: number } | null;
  /** How many were in the room at the end, this member included (at least 1). */
  readonly people: number;
  /** False when this member breathed the room's pattern on their own rather than to the room's shared pacer. */
  readonly facilitated: boolean;
}

export interface JournalEntry {
  /** Local start time as an ISO 8601 instant. */
  readonly startedAt: string;
  readonly durationMs: number;
  readonly cycles: number;
  readonly completed: boolean;
  readonly pattern: { readonly id: string; readonly name: string; readonly phases: readonly Phase[] };
  readonly coherence: Coherence | null;
  readonly moodBefore?: Mood;
  readonly moodAfter?: Mood;
  readonly note?: string;
  /** Present only for a session breathed in a room. */
  readonly room?: RoomRecord;
}

export const MAX_NOTE_LENGTH = 2000;

/** Which part of a would-be journal entry is wrong. */
export type EntryProblem =
  | 'not-object'
  | 'start-time'
  | 'duration'
  | 'cycles'
  | 'completed'
  | 'pattern'
  | 'coherence'
  | 'mood'
  | 'note'
  | 'room';

/** Thrown for data that is not a journal entry (a damaged or foreign record); `problem` names the part. */
export class InvalidEntryError extends Error {
  override readonly name = 'InvalidEntryError';
  readonly code = 'invalid-entry';
  readonly problem: EntryProblem;
  constructor(problem: EntryProblem) {
    super(`not a journal entry: ${problem}`);
    this.problem = problem;
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isMood = (v: unknown): v is Mood => v === 1 || v === 2 || v === 3 || v === 4 || v === 5;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const PAIR = 2;

/**
 * Checks untrusted data as a room record and rebuilds it from its known fields only, so nothing
 * else (a name, an id) can ride along into a journal. Throws InvalidEntryError('room').
 */
export function parseRoom(raw: unknown): RoomRecord {
  const fail = (): never => {
    throw new InvalidEntryError('room');
  };
  if (!isObj(raw)) return fail();
  const { group, people, facilitated } = raw;
  if (!finite(people) || !Number.isInteger(people) || people < 1) fail();
  if (typeof facilitated !== 'boolean') fail();
  if (group === null) return { group: null, people: people as number, facilitated: facilitated as boolean };
  if (!isObj(group)) return fail();
  const { kind, value, counted } = group;
  if (!finite(value) || value < 0 || value > 1) fail();
  if (!finite(counted) || !Number.isInteger(counted)) fail();
  // As group-coherence.ts defines them: a pair is exactly two counted, a group three or more.
  if (!(kind === 'pair' && counted === PAIR) && !(kind === 'group' && (counted as number) > PAIR)) fail();
  return {
    group: { kind: kind as 'pair' | 'group', value: value as number, counted: counted as number },
    people: people as number,
    facilitated: facilitated as boolean,
  };
}

/** Checks untrusted data (a decrypted record, an imported file) and returns a clean JournalEntry. */
export function parseEntry(raw: unknown): JournalEntry {
  const fail = (problem: EntryProblem): never => {
    throw new InvalidEntryError(problem);
  };
  if (!isObj(raw)) return fail('not-object');
  const { startedAt, durationMs, cycles, completed, pattern, coherence, moodBefore, moodAfter, note, room } = raw;
  if (typeof startedAt !== 'string' || Number.isNaN(Date.parse(startedAt))) fail('start-time');
  if (!finite(durationMs) || durationMs < 0) fail('duration');
  if (!finite(cycles) || cycles < 0 || !Number.isInteger(cycles)) fail('cycles');
  if (typeof completed !== 'boolean') fail('completed');
  if (!isObj(pattern) || typeof pattern.name !== 'string' || typeof pattern.id !== 'string' || !Array.isArray(pattern.phases)) {
    fail('pattern');
  }
  if (coherence !== null && (!isObj(coherence) || !finite(coherence.score) || !finite(coherence.r))) fail('coherence');
  if (moodBefore !== undefined && !isMood(moodBefore)) fail('mood');
  if (moodAfter !== undefined && !isMood(moodAfter)) fail('mood');
  if (note !== undefined && (typeof note !== 'string' || note.length > MAX_NOTE_LENGTH)) fail('note');
  const roomRecord = room === undefined ? undefined : parseRoom(room);
  const p = pattern as JournalEntry['pattern'];
  return {
    // Normalised to UTC 'Z' form, so ISO strings sort in time order.
    startedAt: new Date(startedAt as string).toISOString(),
    durationMs: durationMs as number,
    cycles: cycles as number,
    completed: completed as boolean,
    pattern: { id: p.id, name: p.name, phases: p.phases },
    coherence: coherence as Coherence | null,
    ...(moodBefore !== undefined ? { moodBefore: moodBefore as Mood } : {}),
    ...(moodAfter !== undefined ? { moodAfter: moodAfter as Mood } : {}),
    ...(note !== undefined && note !== '' ? { note: note as string } : {}),
    ...(roomRecord ? { room: roomRecord } : {}),
  };
}
