import { describe, expect, it } from 'vitest';
import { type HeartSummary, MAX_RR_KEPT } from './heart/beat.ts';
import {
  HEART_BPM_RANGE,
  InvalidEntryError,
  MAX_RAW_RR_MS,
  MAX_RESONANCE_STEPS,
  parseEntry,
  parseHeart,
  parseRoom,
  type RoomRecord,
} from './journal.ts';
import { seeded } from './random.ts';
import { sampleEntry } from './testing/entries.ts';
import { sampleFinderHeart, sampleHeart } from './testing/heart.ts';

const GROUP: RoomRecord = { group: { kind: 'group', value: 0.72, counted: 5 }, people: 5, facilitated: true };

/** The problem parseEntry names for `raw`, or 'ok'. */
function problemOf(raw: unknown): string {
  try {
    parseEntry(raw);
    return 'ok';
  } catch (error) {
    if (!(error instanceof InvalidEntryError)) throw error;
    return error.problem;
  }
}

describe('room sessions in the journal', () => {
  it('keeps a room record: a group, a pair, no figure, and a room pattern breathed alone', () => {
    const records: RoomRecord[] = [
      GROUP,
      { group: { kind: 'pair', value: 0, counted: 2 }, people: 2, facilitated: true },
      { group: { kind: 'group', value: 1, counted: 3 }, people: 4, facilitated: true },
      { group: null, people: 1, facilitated: true },
      { group: null, people: 3, facilitated: false },
    ];
    for (const room of records) expect(parseEntry(sampleEntry(1, { room })).room).toEqual(room);
  });

  it('reads entries without one as before (older records and backups)', () => {
    const { room: _none, ...old } = sampleEntry(1);
    const parsed = parseEntry(JSON.parse(JSON.stringify(old)));
    expect(parsed).not.toHaveProperty('room');
    expect(parsed).toEqual(parseEntry(sampleEntry(1)));
  });

  it('carries nothing but the figures: names, ids and the room id stay out, at every level', () => {
    const raw = {
      ...sampleEntry(1),
      room: {
        ...GROUP,
        id: 'kG7x2b9QmV4pT1sWc8NzAa',
        roomId: 'kG7x2b9QmV4pT1sWc8NzAa',
        members: [{ id: 'm1', name: 'Ada' }],
        group: { ...GROUP.group, names: ['Ada', 'Grace'] },
      },
    };
    const parsed = parseEntry(raw);
    expect(parsed.room).toEqual(GROUP);
    expect(JSON.stringify(parsed)).not.toMatch(/Ada|Grace|kG7x2b9Q|m1/);
    expect(parseRoom(raw.room)).toEqual(GROUP);
  });

  it.each([
    ['not an object', 'yes'],
    ['null', null],
    ['an array', [GROUP]],
    ['no people', { group: null, facilitated: true }],
    ['nobody in the room', { group: null, people: 0, facilitated: true }],
    ['half a person', { group: null, people: 2.5, facilitated: true }],
    ['people as text', { group: null, people: '3', facilitated: true }],
    ['no facilitated flag', { group: null, people: 3 }],
    ['facilitated as a number', { group: null, people: 3, facilitated: 1 }],
    ['a figure above 1', { ...GROUP, group: { kind: 'group', value: 1.01, counted: 5 } }],
    ['a negative figure', { ...GROUP, group: { kind: 'pair', value: -0.1, counted: 2 } }],
    ['a figure that is not a number', { ...GROUP, group: { kind: 'group', value: Number.NaN, counted: 5 } }],
    ['a figure as text', { ...GROUP, group: { kind: 'group', value: '0.7', counted: 5 } }],
    ['kind none (no figure is null)', { ...GROUP, group: { kind: 'none', value: 0, counted: 1 } }],
    ['an unknown kind', { ...GROUP, group: { kind: 'crowd', value: 0.5, counted: 9 } }],
    ['a pair of three', { ...GROUP, group: { kind: 'pair', value: 0.5, counted: 3 } }],
    ['a group of two', { ...GROUP, group: { kind: 'group', value: 0.5, counted: 2 } }],
    ['a fractional count', { ...GROUP, group: { kind: 'group', value: 0.5, counted: 3.5 } }],
    ['a group as an array', { ...GROUP, group: [] }],
  ])('refuses a room record with %s, naming the room', (_label, room) => {
    expect(problemOf({ ...sampleEntry(1), room })).toBe('room');
  });

  it('accepts every well-formed record and refuses every record with one field broken (random records)', () => {
    const random = seeded(20260501);
    for (let i = 0; i < 500; i++) {
      const counted = 2 + Math.floor(random() * 20);
      const room: RoomRecord = {
        group: random() < 0.2 ? null : { kind: counted === 2 ? 'pair' : 'group', value: random(), counted },
        people: 1 + Math.floor(random() * 50),
        facilitated: random() < 0.8,
      };
      expect(parseEntry(sampleEntry(i, { room })).room).toEqual(room);
      const broken = [
        { ...room, people: -Math.floor(random() * 5) },
        { ...room, facilitated: 'yes' },
        { ...room, group: { kind: counted === 2 ? 'group' : 'pair', value: random(), counted } },
        { ...room, group: { kind: 'group', value: 1 + random() + Number.EPSILON, counted: 3 } },
      ][i % 4];
      expect(problemOf({ ...sampleEntry(i), room: broken })).toBe('room');
    }
  });
});

describe('heart summaries in the journal', () => {
  const HEART = sampleHeart();
  const FINDER = sampleFinderHeart();

  it('keeps a heart summary whole: a strap, a camera, a short session without figures, a finder session', () => {
    const summaries: HeartSummary[] = [
      HEART,
      sampleHeart({ source: 'camera', rmssdMs: null, rejected: 0 }),
      sampleHeart({ coherence: null, peakCoherence: null, rmssdMs: 0, beats: 0, rr: [] }),
      sampleHeart({ meanBpm: HEART_BPM_RANGE.min, coherence: 0, peakCoherence: 100 }),
      sampleHeart({ meanBpm: HEART_BPM_RANGE.max, rr: Array.from({ length: MAX_RR_KEPT }, () => MAX_RAW_RR_MS) }),
      FINDER,
      sampleFinderHeart({ resonance: { steps: [{ rate: 6, amplitudeBpm: 0, coherence: null }], chosenRate: 6 } }),
    ];
    for (const heart of summaries) expect(parseEntry(JSON.parse(JSON.stringify(sampleEntry(1, { heart })))).heart).toEqual(heart);
  });

  it('keeps a heart summary beside a room record', () => {
    const parsed = parseEntry(sampleEntry(2, { room: GROUP, heart: HEART }));
    expect(parsed.room).toEqual(GROUP);
    expect(parsed.heart).toEqual(HEART);
  });

  it('reads entries without one as before (older records and backups)', () => {
    const parsed = parseEntry(JSON.parse(JSON.stringify(sampleEntry(1))));
    expect(parsed).not.toHaveProperty('heart');
  });

  it('carries only the known fields, at every level', () => {
    const raw = {
      ...sampleEntry(1),
      heart: {
        ...FINDER,
        deviceName: 'Polar H10 5A3B',
        beatsAt: [1, 2, 3],
        resonance: { ...FINDER.resonance, device: 'Polar', steps: FINDER.resonance!.steps.map((s) => ({ ...s, extra: 'x' })) },
      },
    };
    const parsed = parseEntry(raw);
    expect(parsed.heart).toEqual(FINDER);
    expect(JSON.stringify(parsed)).not.toMatch(/Polar|beatsAt|extra/);
    expect(parseHeart(raw.heart)).toEqual(FINDER);
  });

  const step = { rate: 6, amplitudeBpm: 10, coherence: 70 };
  it.each([
    ['not an object', 'yes'],
    ['null', null],
    ['an array', [HEART]],
    ['no source', { ...HEART, source: undefined }],
    ['an unknown source', { ...HEART, source: 'watch' }],
    ['no mean heart rate', { ...HEART, meanBpm: undefined }],
    ['a mean heart rate as text', { ...HEART, meanBpm: '64' }],
    ['a mean heart rate of 0', { ...HEART, meanBpm: 0 }],
    ['a negative mean heart rate', { ...HEART, meanBpm: -64 }],
    ['a mean heart rate under 20', { ...HEART, meanBpm: 19.9 }],
    ['a mean heart rate over 250', { ...HEART, meanBpm: 250.1 }],
    ['an infinite mean heart rate', { ...HEART, meanBpm: Number.POSITIVE_INFINITY }],
    ['a mean heart rate that is not a number', { ...HEART, meanBpm: Number.NaN }],
    ['no RMSSD (null is none)', { ...HEART, rmssdMs: undefined }],
    ['a negative RMSSD', { ...HEART, rmssdMs: -1 }],
    ['an RMSSD that is not a number', { ...HEART, rmssdMs: Number.NaN }],
    ['no coherence (null is none)', { ...HEART, coherence: undefined }],
    ['coherence over 100', { ...HEART, coherence: 100.5 }],
    ['negative coherence', { ...HEART, coherence: -1 }],
    ['coherence as text', { ...HEART, coherence: '72' }],
    ['a peak over 100', { ...HEART, peakCoherence: 101 }],
    ['a peak that is not a number', { ...HEART, peakCoherence: Number.NaN }],
    ['a fractional beat count', { ...HEART, beats: 31.5 }],
    ['a negative beat count', { ...HEART, beats: -1 }],
    ['no beat count', { ...HEART, beats: undefined }],
    ['a fractional rejected count', { ...HEART, rejected: 0.5 }],
    ['a negative rejected count', { ...HEART, rejected: -2 }],
    ['no RR series', { ...HEART, rr: undefined }],
    ['an RR series as text', { ...HEART, rr: '940 950' }],
    ['an RR interval as text', { ...HEART, rr: [940, '950'] }],
    ['an RR interval of 0', { ...HEART, rr: [940, 0] }],
    ['a negative RR interval', { ...HEART, rr: [-940] }],
    ['an RR interval over 64 s', { ...HEART, rr: [940, MAX_RAW_RR_MS + 1] }],
    ['an RR interval that is not a number', { ...HEART, rr: [940, Number.NaN] }],
    ['an RR interval that is null', { ...HEART, rr: [940, null] }],
    ['more RR intervals than are kept', { ...HEART, rr: Array.from({ length: MAX_RR_KEPT + 1 }, () => 900) }],
    ['a resonance that is null', { ...HEART, resonance: null }],
    ['a resonance without steps', { ...HEART, resonance: { steps: [], chosenRate: 6 } }],
    ['a resonance of eleven steps', { ...HEART, resonance: { steps: Array.from({ length: 11 }, () => step), chosenRate: 6 } }],
    ['a chosen rate not among the steps', { ...HEART, resonance: { steps: [step], chosenRate: 5.5 } }],
    ['no chosen rate', { ...HEART, resonance: { steps: [step] } }],
    ['a step rate of 0', { ...HEART, resonance: { steps: [{ ...step, rate: 0 }], chosenRate: 0 } }],
    ['a step rate that is not a number', { ...HEART, resonance: { steps: [{ ...step, rate: Number.NaN }], chosenRate: Number.NaN } }],
    ['a negative amplitude', { ...HEART, resonance: { steps: [{ ...step, amplitudeBpm: -1 }], chosenRate: 6 } }],
    ['a step coherence over 100', { ...HEART, resonance: { steps: [{ ...step, coherence: 120 }], chosenRate: 6 } }],
    ['a step that is not an object', { ...HEART, resonance: { steps: [6], chosenRate: 6 } }],
  ])('refuses a heart summary with %s, naming the heart', (_label, heart) => {
    expect(problemOf({ ...sampleEntry(1), heart })).toBe('heart');
  });

  it('accepts every well-formed summary and refuses every summary with one field broken (random summaries)', () => {
    const random = seeded(20261201);
    const pick = (lo: number, hi: number) => lo + random() * (hi - lo);
    for (let i = 0; i < 500; i++) {
      const rates = Array.from({ length: 1 + Math.floor(random() * MAX_RESONANCE_STEPS) }, () => Math.round(pick(3, 8) * 2) / 2);
      const heart: HeartSummary = {
        source: random() < 0.5 ? 'strap' : 'camera',
        meanBpm: pick(HEART_BPM_RANGE.min, HEART_BPM_RANGE.max),
        rmssdMs: random() < 0.2 ? null : pick(0, 300),
        coherence: random() < 0.2 ? null : pick(0, 100),
        peakCoherence: random() < 0.2 ? null : pick(0, 100),
        beats: Math.floor(pick(0, 5000)),
        rejected: Math.floor(pick(0, 50)),
        ...(random() < 0.3
          ? {
              resonance: {
                steps: rates.map((rate) => ({ rate, amplitudeBpm: pick(0, 30), coherence: pick(0, 100) })),
                chosenRate: rates.at(-1)!,
              },
            }
          : {}),
        rr: Array.from({ length: Math.floor(pick(0, 200)) }, () => pick(1, MAX_RAW_RR_MS)),
      };
      expect(parseEntry(sampleEntry(i, { heart })).heart).toEqual(heart);
      const broken = [
        { ...heart, meanBpm: random() < 0.5 ? pick(0, HEART_BPM_RANGE.min - 0.01) : pick(HEART_BPM_RANGE.max + 0.01, 1000) },
        { ...heart, coherence: 100 + pick(0.01, 50) },
        { ...heart, beats: heart.beats + 0.5 },
        { ...heart, rr: [...heart.rr, -pick(0, 1000)] },
        { ...heart, source: 'ring' },
        { ...heart, resonance: { steps: rates.map((rate) => ({ rate, amplitudeBpm: 1, coherence: null })), chosenRate: 99 } },
      ][i % 6];
      expect(problemOf({ ...sampleEntry(i), heart: broken })).toBe('heart');
    }
  });
});
