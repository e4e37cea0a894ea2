import { describe, expect, it } from 'vitest';
import { FIELD_BINS, type RoomField } from '../shared/room-field.ts';
import { FACE_RING, fieldGroup, ringWith } from './field.ts';
import { memberColour } from './presence.ts';

const frame = (over: Partial<RoomField>): RoomField => ({
  v: 1,
  at: 0,
  here: 500,
  breathing: 0,
  pressing: 0,
  counted: 0,
  ppc: 0,
  hist: Array.from({ length: FIELD_BINS }, () => 0),
  faces: [],
  ...over,
});

describe('the field', () => {
  it('gives the group figure as the room computes it: none below two counted, pair at two, group from three', () => {
    expect(fieldGroup(frame({ counted: 0, ppc: 0 }))).toEqual({ kind: 'none', counted: 0, value: 0 });
    expect(fieldGroup(frame({ counted: 1, ppc: 0.4 }))).toEqual({ kind: 'none', counted: 1, value: 0 });
    expect(fieldGroup(frame({ counted: 2, ppc: 0.9 }))).toEqual({ kind: 'pair', counted: 2, value: 0.9 });
    expect(fieldGroup(frame({ counted: 6000, ppc: 0.72 }))).toEqual({ kind: 'group', counted: 6000, value: 0.72 });
  });

  it('keeps a ring of the faces sampled lately: newcomers at the newest end, the stored name first, its colour, you marked', () => {
    const stored = new Map([['bo', 'Bo from the document']]);
    const nameOf = (id: string) => stored.get(id);
    const ring = ringWith(
      [],
      [
        { id: 'ann', name: '  Ann  ' },
        { id: 'bo', name: 'Bo sampled' },
        { id: 'me', name: 'Me' },
      ],
      nameOf,
      'me',
    );
    expect(ring).toEqual([
      { memberId: 'ann', name: 'Ann', colour: memberColour('ann'), me: false },
      { memberId: 'bo', name: 'Bo from the document', colour: memberColour('bo'), me: false },
      { memberId: 'me', name: 'Me', colour: memberColour('me'), me: true },
    ]);
    // Someone seen again keeps their place; a new name is taken; a newcomer joins at the end.
    const next = ringWith(
      ring,
      [
        { id: 'ann', name: 'Annie' },
        { id: 'cy', name: 'Cy' },
      ],
      nameOf,
      'me',
    );
    expect(next.map((f) => `${f.memberId}:${f.name}`)).toEqual(['ann:Annie', 'bo:Bo from the document', 'me:Me', 'cy:Cy']);
    // Nothing new: the very same ring, so nothing reading it reruns.
    expect(ringWith(next, [{ id: 'cy', name: 'Cy' }], nameOf, 'me')).toBe(next);
    expect(ringWith(next, [], nameOf, 'me')).toBe(next);
  });

  it('stays bounded however many faces come, the oldest leaving first', () => {
    let ring = ringWith([], [], () => undefined, 'me');
    for (let frameNo = 0; frameNo < 1000; frameNo++)
      ring = ringWith(
        ring,
        Array.from({ length: 6 }, (_, k) => ({ id: `m${frameNo * 6 + k}`, name: `M ${frameNo * 6 + k}` })),
        () => undefined,
        'me',
      );
    expect(ring).toHaveLength(FACE_RING);
    expect(ring[0]!.memberId).toBe(`m${6000 - FACE_RING}`);
    expect(ring.at(-1)!.memberId).toBe('m5999');
    // A frame repeating one face several times adds it once.
    const once = ringWith(
      [],
      Array.from({ length: 5 }, () => ({ id: 'x', name: 'X' })),
      () => undefined,
      'me',
    );
    expect(once).toHaveLength(1);
  });
});
