/** A journal entry: one practised session, as the person's history keeps it. */
import type { Coherence } from './coherence.ts';
// The error lives apart so the first load, which words errors, does not carry this parser.
import { type EntryProblem, InvalidEntryError } from './entry-error.ts';
import { type HeartSummary, MAX_RR_KEPT, type ResonanceStep } from './heart/beat.ts';
import type { Phase } from './pattern.ts';

export { type EntryProblem, InvalidEntryError } from './entry-error.ts';

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
  /** Present only when a heart sensor ran during the session; its raw RR series stays encrypted with the rest. */
  readonly heart?: HeartSummary;
}

export const MAX_NOTE_LENGTH = 2000;

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

/** The mean heart rate a session may have, in bpm: outside it no human heart was measured. */
export const HEART_BPM_RANGE = { min: 20, max: 250 } as const;
/**
 * The RR intervals kept are raw, artefacts included, so they may lie outside MIN_RR_MS-MAX_RR_MS;
 * still, a strap sends each in a 16-bit field of 1/1024 s, so none can be longer than 64 s.
 */
export const MAX_RAW_RR_MS = 64_000;
/** The resonance finder tries a few rates; more steps than this is not a finder session. */
export const MAX_RESONANCE_STEPS = 10;
/** Breathing rates a finder step may have, in breaths a minute. */
const RATE_RANGE = { min: 1, max: 30 } as const;

const score = (v: unknown): boolean => v === null || (finite(v) && v >= 0 && v <= 100);
const count = (v: unknown): v is number => finite(v) && Number.isInteger(v) && v >= 0;

function parseResonance(raw: unknown): HeartSummary['resonance'] | null {
  if (!isObj(raw) || !Array.isArray(raw.steps) || raw.steps.length < 1 || raw.steps.length > MAX_RESONANCE_STEPS) return null;
  const steps: ResonanceStep[] = [];
  for (const step of raw.steps as unknown[]) {
    if (!isObj(step)) return null;
    const { rate, amplitudeBpm, coherence } = step;
    if (!finite(rate) || rate < RATE_RANGE.min || rate > RATE_RANGE.max) return null;
    if (!finite(amplitudeBpm) || amplitudeBpm < 0 || !score(coherence)) return null;
    steps.push({ rate, amplitudeBpm, coherence: coherence as number | null });
  }
  const { chosenRate } = raw;
  if (!finite(chosenRate) || !steps.some((s) => s.rate === chosenRate)) return null;
  return { steps, chosenRate };
}

/**
 * Checks untrusted data as a session's heart summary and rebuilds it from its known fields only
 * (as parseRoom does). Throws InvalidEntryError('heart').
 */
export function parseHeart(raw: unknown): HeartSummary {
  const fail = (): never => {
    throw new InvalidEntryError('heart');
  };
  if (!isObj(raw)) return fail();
  const { source, meanBpm, rmssdMs, coherence, peakCoherence, beats, rejected, resonance, rr } = raw;
  if (source !== 'strap' && source !== 'camera') fail();
  if (!finite(meanBpm) || meanBpm < HEART_BPM_RANGE.min || meanBpm > HEART_BPM_RANGE.max) fail();
  if (rmssdMs !== null && (!finite(rmssdMs) || rmssdMs < 0)) fail();
  if (!score(coherence) || !score(peakCoherence)) fail();
  if (!count(beats) || !count(rejected)) fail();
  if (!Array.isArray(rr) || rr.length > MAX_RR_KEPT) fail();
  for (const ms of rr as unknown[]) if (!finite(ms) || ms <= 0 || ms > MAX_RAW_RR_MS) fail();
  const finder = resonance === undefined ? undefined : (parseResonance(resonance) ?? fail());
  return {
    source: source as HeartSummary['source'],
    meanBpm: meanBpm as number,
    rmssdMs: rmssdMs as number | null,
    coherence: coherence as number | null,
    peakCoherence: peakCoherence as number | null,
    beats: beats as number,
    rejected: rejected as number,
    ...(finder ? { resonance: finder } : {}),
    rr: [...(rr as number[])],
  };
}

/** Checks untrusted data (a decrypted record, an imported file) and returns a clean JournalEntry. */
export function parseEntry(raw: unknown): JournalEntry {
  const fail = (problem: EntryProblem): never => {
    throw new InvalidEntryError(problem);
  };
  if (!isObj(raw)) return fail('not-object');
  const { startedAt, durationMs, cycles, completed, pattern, coherence, moodBefore, moodAfter, note, room, heart } = raw;
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
  const heartSummary = heart === undefined ? undefined : parseHeart(heart);
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
    ...(heartSummary ? { heart: heartSummary } : {}),
  };
}
